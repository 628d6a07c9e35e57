from django.urls import path

from . import views

app_name = "organizations"
urlpatterns = [
    path("", views.UnitTreeView.as_view(), name="unit_tree"),
    path("lookup/", views.UnitLookupView.as_view(), name="unit_lookup"),
    path("import/", views.UnitImportView.as_view(), name="unit_import"),
    path("import/template.xlsx", views.unit_template, name="unit_import_template"),
    path("<int:pk>/", views.UnitDetailView.as_view(), name="unit_detail"),
    path("<int:pk>/children/", views.UnitChildrenView.as_view(), name="unit_children"),
    path("<int:pk>/found/", views.UnitFoundView.as_view(), name="unit_found"),
    path("<int:pk>/edit/", views.UnitEditView.as_view(), name="unit_edit"),
    path("<int:pk>/rename/", views.UnitRenameView.as_view(), name="unit_rename"),
    path("<int:pk>/move/", views.UnitMoveView.as_view(), name="unit_move"),
    path("<int:pk>/bulk-move/", views.UnitBulkMoveView.as_view(), name="unit_bulk_move"),
    path("<int:pk>/absorb/", views.UnitAbsorbView.as_view(), name="unit_absorb"),
    path("<int:pk>/consolidate/", views.UnitConsolidateView.as_view(), name="unit_consolidate"),
    path("<int:pk>/split/", views.UnitSplitView.as_view(), name="unit_split"),
    path("<int:pk>/dissolve/", views.UnitDissolveView.as_view(), name="unit_dissolve"),
]
