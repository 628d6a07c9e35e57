from django.urls import path

from . import views

app_name = "cards"

urlpatterns = [
    path("verify/<str:token>/", views.verify, name="verify"),
    path("cards/unit/<int:pk>/", views.UnitCardsView.as_view(), name="unit_cards"),
    path("cards/unit/<int:pk>/request/", views.UnitCardsRequestView.as_view(), name="unit_request"),
    path("cards/unit/<int:pk>/issue/", views.UnitCardsIssueView.as_view(), name="unit_issue"),
    path("cards/unit/<int:pk>/print/", views.UnitCardsPrintView.as_view(), name="unit_print"),
    path("cards/print/<int:pk>/", views.PrintJobView.as_view(), name="print_job"),
    path("cards/print/<int:pk>/cards.pdf", views.print_job_pdf, name="print_job_pdf"),
    path("cards/member/<int:pk>/request/", views.CardRequestView.as_view(), name="card_request"),
    path("cards/member/<int:pk>/photo.jpg", views.PhotoView.as_view(), name="photo"),
    path("cards/member/<int:pk>/photo/", views.PhotoUploadView.as_view(), name="photo_upload"),
    path(
        "cards/member/<int:pk>/photo/remove/", views.PhotoRemoveView.as_view(), name="photo_remove"
    ),
    path("cards/<int:pk>/issue/", views.CardIssueView.as_view(), name="card_issue"),
    path("cards/<int:pk>/replace/", views.CardReplaceView.as_view(), name="card_replace"),
    path("cards/<int:pk>/revoke/", views.CardRevokeView.as_view(), name="card_revoke"),
    path("cards/<int:pk>/card.pdf", views.CardPdfView.as_view(), name="card_pdf"),
]
