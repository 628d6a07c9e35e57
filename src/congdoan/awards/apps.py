from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "congdoan.awards"
    verbose_name = _("Awards")

    def ready(self) -> None:
        from . import views  # noqa: F401  (adds nominations to "waiting for me")
