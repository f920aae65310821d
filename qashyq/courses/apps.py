from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext


class CoursesConfig(AppConfig):
    name = "qashyq.courses"
    label = "courses"
    verbose_name = _("Courses and learning content")

    def ready(self) -> None:
        from qashyq.core.nav import nav_provider_register  # noqa: PLC0415
        from qashyq.courses.nav import course_nav  # noqa: PLC0415
        from qashyq.courses.selectors.readiness import (  # noqa: PLC0415
            readiness_facts_for_programs,
        )
        from qashyq.courses.views.readiness import readiness_nav  # noqa: PLC0415
        from qashyq.regulations.facts import readiness_provider_register  # noqa: PLC0415

        def learning() -> str:
            return pgettext("menu", "Learning")

        # SIS-1: my courses, the course list; LMS-2, ONL-5: the readiness dashboard
        nav_provider_register(course_nav, section="learning", label=learning)
        nav_provider_register(readiness_nav, section="learning", label=learning)
        # ONL-5: the rule engine reads content readiness through this provider
        # (regulations sits below courses and does not import it).
        readiness_provider_register(readiness_facts_for_programs)
