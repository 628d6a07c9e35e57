from django.urls import path

from . import views

app_name = "grading"
urlpatterns = [
    path("", views.GradingHomeView.as_view(), name="home"),
    path("tables/<int:pk>/", views.SchemeView.as_view(), name="scheme"),
    path("rounds/<int:pk>/", views.RoundView.as_view(), name="round"),
    path("rounds/<int:pk>/results.xlsx", views.RoundExportView.as_view(), name="round_export"),
    path("<int:pk>/", views.GradingView.as_view(), name="grading"),
]
