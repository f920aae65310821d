from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext


class AssignmentsConfig(AppConfig):
    name = "qashyq.assignments"
    label = "assignments"
    verbose_name = _("Assignments")

    def ready(self) -> None:
        from qashyq.assignments.nav import assignments_tab  # noqa: PLC0415
        from qashyq.core.nav import course_tab_register  # noqa: PLC0415

        course_tab_register(assignments_tab)
        from qashyq.assignments.nav import assignments_nav  # noqa: PLC0415
        from qashyq.core.nav import nav_provider_register  # noqa: PLC0415

        nav_provider_register(
            assignments_nav, section="learning", label=lambda: pgettext("menu", "Learning")
        )
