from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "congdoan.meetings"
    verbose_name = _("Meetings and collective agreements")

    def ready(self) -> None:
        from . import article, documents, figures, sections  # noqa: F401  (templates)

        figures.register_sources()
        sections.register_sections()
