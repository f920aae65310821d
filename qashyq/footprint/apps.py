from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FootprintConfig(AppConfig):
    name = "qashyq.footprint"
    label = "footprint"
    verbose_name = _("Digital footprint")
