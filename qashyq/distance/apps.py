from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext


class DistanceConfig(AppConfig):
    name = "qashyq.distance"
    label = "distance"
    verbose_name = _("Transfers to distance learning")

    def ready(self) -> None:
        from qashyq.core.nav import nav_provider_register  # noqa: PLC0415
        from qashyq.distance.nav import distance_nav  # noqa: PLC0415

        nav_provider_register(
            distance_nav, section="distance", label=lambda: pgettext("menu", "Distance learning")
        )
