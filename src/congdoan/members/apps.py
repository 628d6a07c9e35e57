from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "congdoan.members"
    verbose_name = _("Members")

    def ready(self) -> None:
        from congdoan.core.figures import register

        from . import receivers  # noqa: F401  (moves members when their union closes)
        from .services import unit_page_figures

        register(unit_page_figures)
