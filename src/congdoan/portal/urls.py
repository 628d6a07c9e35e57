from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("me/", views.MeView.as_view(), name="me"),
    path("me/card.pdf", views.my_card_pdf, name="my_card_pdf"),
    path("me/photo.jpg", views.my_photo, name="my_photo"),
    path("me/join/", views.join, name="join"),
    path("me/join/<str:code>/", views.join, name="join_code"),
    path("members/<int:pk>/invite/", views.InviteView.as_view(), name="invite"),
    path("members/changes/", views.ChangeListView.as_view(), name="change_list"),
    path(
        "members/changes/<int:pk>/decide/", views.ChangeDecideView.as_view(), name="change_decide"
    ),
]
