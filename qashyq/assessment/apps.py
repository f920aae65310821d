from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "qashyq.assessment"
    label = "assessment"
    verbose_name = _("Tests and exam tickets")

    def ready(self) -> None:
        from qashyq.assessment.nav import assessment_tab  # noqa: PLC0415
        from qashyq.core.nav import course_tab_register  # noqa: PLC0415

        course_tab_register(assessment_tab)
