from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "congdoan.awards"
    verbose_name = _("Awards")

    def ready(self) -> None:
        from . import documents, views  # noqa: F401  (the decision's template; the inbox)
        from .sections import register_sections

        register_sections()
