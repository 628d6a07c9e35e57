from django.urls import path

from . import views

app_name = "emulation"
urlpatterns = [
    path("", views.BlockListView.as_view(), name="block_list"),
    path("movements/", views.MovementListView.as_view(), name="movement_list"),
    path("blocks/<int:pk>/", views.BlockDetailView.as_view(), name="block_detail"),
    path("covenants/<int:pk>/", views.CovenantView.as_view(), name="covenant_detail"),
    path("scorecards/<int:pk>/", views.ScorecardView.as_view(), name="scorecard_detail"),
]
