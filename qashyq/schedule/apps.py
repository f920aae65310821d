from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext


class ScheduleConfig(AppConfig):
    name = "qashyq.schedule"
    label = "schedule"
    verbose_name = _("Schedule, sessions and attendance")

    def ready(self) -> None:
        from qashyq.core.nav import nav_provider_register  # noqa: PLC0415
        from qashyq.schedule.nav import schedule_nav  # noqa: PLC0415

        nav_provider_register(
            schedule_nav, section="learning", label=lambda: pgettext("menu", "Learning")
        )
