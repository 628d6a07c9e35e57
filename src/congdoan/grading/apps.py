from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GradingConfig(AppConfig):
    name = "congdoan.grading"
    verbose_name = _("Grading of grassroots unions")

    def ready(self) -> None:
        from . import figures, sections

        figures.register_sources()
        sections.register_sections()
