from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistanceConfig(AppConfig):
    name = "qashyq.distance"
    label = "distance"
    verbose_name = _("Transfers to distance learning")
