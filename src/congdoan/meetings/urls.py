from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.MeetingsHomeView.as_view(), name="home"),
    path("<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("<int:pk>/minutes.docx", views.MinutesView.as_view(), name="minutes"),
    path("<int:pk>/article/", views.ArticleView.as_view(), name="article"),
    path(
        "<int:pk>/article.<str:fmt>",
        views.ArticleExportView.as_view(),
        name="article_export",
    ),
    path("agreements/<int:pk>/", views.AgreementDetailView.as_view(), name="agreement_detail"),
    path("files/<int:pk>/", views.AttachmentView.as_view(), name="file"),
]
