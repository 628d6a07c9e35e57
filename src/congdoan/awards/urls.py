from django.urls import path

from . import views

app_name = "awards"
urlpatterns = [
    path("", views.NominationListView.as_view(), name="nomination_list"),
    path("nominations/<int:pk>/", views.NominationView.as_view(), name="nomination_detail"),
    path("verify/<str:token>/", views.verify, name="verify"),
]
