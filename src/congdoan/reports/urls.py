from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.ReturnsHomeView.as_view(), name="home"),
    path("templates/", views.TemplatesView.as_view(), name="templates"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("year-end/<int:pk>/", views.YearEndView.as_view(), name="year_end"),
    path("<int:period>/<int:unit>/", views.ReturnView.as_view(), name="return"),
]
