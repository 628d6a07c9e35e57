from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WelfareConfig(AppConfig):
    name = "congdoan.welfare"
    verbose_name = _("Care work and funds")

    def ready(self) -> None:
        from . import documents, figures, sections  # noqa: F401  (the payment list's template)

        figures.register_sources()
        sections.register_sections()
