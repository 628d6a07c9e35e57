from django.urls import path

from . import views

app_name = "cards"

urlpatterns = [
    path("verify/<str:token>/", views.verify, name="verify"),
    path("cards/member/<int:pk>/request/", views.CardRequestView.as_view(), name="card_request"),
    path("cards/<int:pk>/issue/", views.CardIssueView.as_view(), name="card_issue"),
    path("cards/<int:pk>/replace/", views.CardReplaceView.as_view(), name="card_replace"),
    path("cards/<int:pk>/revoke/", views.CardRevokeView.as_view(), name="card_revoke"),
    path("cards/<int:pk>/card.pdf", views.CardPdfView.as_view(), name="card_pdf"),
]
