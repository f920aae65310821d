from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "qashyq.courses"
    label = "courses"
    verbose_name = _("Courses and learning content")

    def ready(self) -> None:
        from qashyq.core.nav import nav_provider_register  # noqa: PLC0415
        from qashyq.courses.nav import course_nav  # noqa: PLC0415
        from qashyq.courses.views.readiness import readiness_nav  # noqa: PLC0415

        nav_provider_register(course_nav)  # SIS-1: my courses, the course list
        nav_provider_register(readiness_nav)  # LMS-2, ONL-5: the readiness dashboard
