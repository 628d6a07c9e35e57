from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "congdoan.portal"
    verbose_name = _("Members' own pages")

    def ready(self) -> None:
        from congdoan.members.sections import register

        from .views import member_section

        register(member_section)
