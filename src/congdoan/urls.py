from django.contrib import admin
from django.urls import include, path

from congdoan.api import api
from congdoan.core.views import AuditView, DocumentTemplateView
from congdoan.organizations.views import home

urlpatterns = [
    path("", home, name="home"),
    path("units/", include("congdoan.organizations.urls")),
    path("members/", include("congdoan.members.urls")),
    path("", include("congdoan.portal.urls")),
    path("returns/", include("congdoan.reports.urls")),
    path("emulation/", include("congdoan.emulation.urls")),
    path("awards/", include("congdoan.awards.urls")),
    path("care/", include("congdoan.welfare.urls")),
    path("meetings/", include("congdoan.meetings.urls")),
    path("grading/", include("congdoan.grading.urls")),
    path("dues/", include("congdoan.dues.urls")),
    path("", include("congdoan.cards.urls")),
    path("accounts/", include("congdoan.accounts.urls")),
    path("audit/", AuditView.as_view(), name="audit"),
    path(
        "documents/<slug:kind>/<int:pk>/template/",
        DocumentTemplateView.as_view(),
        name="document_template",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
