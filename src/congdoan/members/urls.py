from django.urls import path

from . import import_views, views

app_name = "members"
urlpatterns = [
    path("", views.MemberListView.as_view(), name="member_list"),
    path("new/", views.MemberCreateView.as_view(), name="member_create"),
    path("bulk/", views.MemberBulkView.as_view(), name="member_bulk"),
    path("export.xlsx", views.MemberExportView.as_view(), name="member_export"),
    path("transfers/", views.IncomingTransfersView.as_view(), name="transfers"),
    path("import/", import_views.ImportStartView.as_view(), name="import_start"),
    path("import/template.xlsx", import_views.import_template, name="import_template"),
    path("import/<int:pk>/", import_views.ImportDetailView.as_view(), name="import_detail"),
    path(
        "import/<int:pk>/mapping/", import_views.ImportMappingView.as_view(), name="import_mapping"
    ),
    path("import/<int:pk>/commit/", import_views.ImportCommitView.as_view(), name="import_commit"),
    path(
        "import/<int:pk>/errors.xlsx", import_views.ImportErrorsView.as_view(), name="import_errors"
    ),
    path("<int:pk>/", views.MemberDetailView.as_view(), name="member_detail"),
    path("<int:pk>/edit/", views.MemberEditView.as_view(), name="member_edit"),
    path("<int:pk>/transfer/", views.MemberTransferView.as_view(), name="member_transfer"),
    path("<int:pk>/leave/", views.MemberLeaveView.as_view(), name="member_leave"),
    path("<int:pk>/rejoin/", views.MemberRejoinView.as_view(), name="member_rejoin"),
]
