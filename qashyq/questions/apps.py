from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext


class QuestionsConfig(AppConfig):
    name = "qashyq.questions"
    label = "questions"
    verbose_name = _("Question banks")

    def ready(self) -> None:
        from qashyq.core.nav import course_tab_register  # noqa: PLC0415
        from qashyq.questions.nav import questions_tab  # noqa: PLC0415

        course_tab_register(questions_tab)
        from qashyq.core.nav import nav_provider_register  # noqa: PLC0415
        from qashyq.questions.nav import questions_nav  # noqa: PLC0415

        nav_provider_register(
            questions_nav, section="learning", label=lambda: pgettext("menu", "Learning")
        )
