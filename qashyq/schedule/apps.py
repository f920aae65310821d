from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScheduleConfig(AppConfig):
    name = "qashyq.schedule"
    label = "schedule"
    verbose_name = _("Schedule, sessions and attendance")
