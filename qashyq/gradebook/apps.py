from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext


class GradebookConfig(AppConfig):
    name = "qashyq.gradebook"
    label = "gradebook"
    verbose_name = _("Gradebook")

    def ready(self) -> None:
        from qashyq.core.nav import course_tab_register  # noqa: PLC0415
        from qashyq.gradebook.nav import gradebook_tab  # noqa: PLC0415

        course_tab_register(gradebook_tab)
        from qashyq.core.nav import nav_provider_register  # noqa: PLC0415
        from qashyq.gradebook.nav import gradebook_nav  # noqa: PLC0415

        nav_provider_register(
            gradebook_nav, section="learning", label=lambda: pgettext("menu", "Learning")
        )
