from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext


class RegulationsConfig(AppConfig):
    name = "qashyq.regulations"
    label = "regulations"
    verbose_name = _("Regulations and compliance")

    def ready(self) -> None:
        from qashyq.core.nav import nav_provider_register  # noqa: PLC0415
        from qashyq.regulations.nav import regulations_nav  # noqa: PLC0415
        from qashyq.regulations.nav_compliance import compliance_nav  # noqa: PLC0415

        def regulations() -> str:
            return pgettext("menu", "Regulations")

        nav_provider_register(regulations_nav, section="regulations", label=regulations)
        nav_provider_register(compliance_nav, section="regulations", label=regulations)
