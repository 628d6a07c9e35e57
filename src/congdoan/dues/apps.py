from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuesConfig(AppConfig):
    name = "congdoan.dues"
    verbose_name = _("Union dues and funds")

    def ready(self) -> None:
        from . import figures, sections

        figures.register_sources()
        sections.register_sections()
