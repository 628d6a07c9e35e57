from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CardsConfig(AppConfig):
    name = "congdoan.cards"
    verbose_name = _("Membership cards")

    def ready(self) -> None:
        from congdoan.core import figures
        from congdoan.members import sections

        from . import receivers  # noqa: F401  (cards end and resume with the membership)
        from .services import unit_page_figures
        from .views import member_section

        figures.register(unit_page_figures)
        sections.register(member_section)
