from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext


class LrsConfig(AppConfig):
    name = "qashyq.lrs"
    label = "lrs"
    verbose_name = _("Learning record store (xAPI)")

    def ready(self) -> None:
        from qashyq.core.nav import nav_provider_register  # noqa: PLC0415
        from qashyq.lrs.nav import lrs_nav  # noqa: PLC0415

        nav_provider_register(lrs_nav, section="reports", label=lambda: pgettext("menu", "Reports"))
