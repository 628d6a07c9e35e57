from django.urls import path

from . import views

app_name = "dues"
urlpatterns = [
    path("", views.DuesHomeView.as_view(), name="home"),
    path("statement.xlsx", views.StatementExportView.as_view(), name="statement_export"),
    path("sheets/<int:pk>/", views.SheetView.as_view(), name="sheet"),
    path("sheets/<int:pk>/sheet.xlsx", views.SheetExportView.as_view(), name="sheet_export"),
]
