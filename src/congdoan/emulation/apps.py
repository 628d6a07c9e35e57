from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    name = "congdoan.emulation"
    verbose_name = _("Emulation")

    def ready(self) -> None:
        from . import documents  # noqa: F401  (registers the covenant's Word template)
