from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegulationsConfig(AppConfig):
    name = "qashyq.regulations"
    label = "regulations"
    verbose_name = _("Regulations and compliance")

    def ready(self) -> None:
        from qashyq.core.nav import nav_provider_register  # noqa: PLC0415
        from qashyq.regulations.nav import regulations_nav  # noqa: PLC0415
        from qashyq.regulations.nav_compliance import compliance_nav  # noqa: PLC0415

        nav_provider_register(regulations_nav)
        nav_provider_register(compliance_nav)
