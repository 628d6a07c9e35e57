from django.urls import path

from . import views

app_name = "cards"

urlpatterns = [
    path("<str:token>/", views.verify, name="verify"),
]
