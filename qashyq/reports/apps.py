from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext


class ReportsConfig(AppConfig):
    name = "qashyq.reports"
    label = "reports"
    verbose_name = _("Reports and monitoring")

    def ready(self) -> None:
        from qashyq.core.nav import nav_provider_register  # noqa: PLC0415
        from qashyq.reports.nav import reports_nav  # noqa: PLC0415

        nav_provider_register(
            reports_nav, section="reports", label=lambda: pgettext("menu", "Reports")
        )
