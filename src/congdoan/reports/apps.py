from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "congdoan.reports"
    verbose_name = _("Periodic returns")

    def ready(self) -> None:
        from . import yearend  # noqa: F401  (registers the year-end report's template)
