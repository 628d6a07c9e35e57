from django.urls import path

from . import views

app_name = "welfare"
urlpatterns = [
    path("", views.CareHomeView.as_view(), name="home"),
    path("export.xlsx", views.CareExportView.as_view(), name="care_export"),
    path("records/<int:pk>/", views.CareDetailView.as_view(), name="care_detail"),
    path("lists/<int:pk>/", views.BatchDetailView.as_view(), name="batch_detail"),
    path("lists/<int:pk>/document/", views.BatchDocumentView.as_view(), name="batch_document"),
    path("funds/<int:pk>/", views.FundDetailView.as_view(), name="fund_detail"),
    path("funds/<int:pk>/ledger.xlsx", views.FundExportView.as_view(), name="fund_export"),
    path("campaigns/<int:pk>/", views.CampaignDetailView.as_view(), name="campaign_detail"),
    path("savings/<int:pk>/", views.SavingsDetailView.as_view(), name="savings_detail"),
]
