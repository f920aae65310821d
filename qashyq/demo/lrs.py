"""Demo of the learning record store (FP-1): another platform sending its statements.

`demo_lrs(institution=, today=)` issues credentials to a "MOOC platform (demo)" client and
stores, through the same store the `/xapi/statements` resource uses, what that platform
would have sent about some of the institution's students over the last weeks: a MOOC
registered, its videos watched, its quizzes passed or failed with a score, and the course
completed. The students are named the way a platform with Qashyq's single sign-on names
them (an account on Qashyq's address with the user's id), so the statements join their
own footprint. The client's secret is not kept: an administrator issues working
credentials on /xapi/clients/. Idempotent: a second run for the same institution finds
the platform's statements about its students and stops (a reset's new students get theirs
from the same client).
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone

from qashyq.courses.models import Enrolment
from qashyq.footprint.models import Statement
from qashyq.footprint.services import statements_store
from qashyq.institutions.models import Institution
from qashyq.lrs.models import Client, ReadScope
from qashyq.lrs.services import client_create

CLIENT_NAME = "MOOC platform (demo)"
MOOC = "https://mooc.example.kz/courses/data-101"
STUDENTS = 40
ADL = "http://adlnet.gov/expapi/verbs/"


@dataclass(frozen=True)
class DemoLrsSummary:
    client_id: int
    statements: int


def _activity(iri: str, kk: str, ru: str, en: str, kind: str) -> dict[str, Any]:
    return {
        "objectType": "Activity",
        "id": iri,
        "definition": {
            "name": {"kk": kk, "ru-RU": ru, "en-US": en},
            "type": f"http://adlnet.gov/expapi/activities/{kind}",
        },
    }


def _verb(name: str, kk: str, ru: str, en: str) -> dict[str, Any]:
    return {"id": ADL + name, "display": {"kk": kk, "ru-RU": ru, "en-US": en}}


def _moment(day: dt.date, rng: random.Random) -> str:
    hour, minute = rng.randint(9, 22), rng.randint(0, 59)
    local = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())
    return local.isoformat(timespec="seconds")


def _learner_statements(user_id: int, today: dt.date, rng: random.Random) -> list[dict[str, Any]]:
    actor = {
        "objectType": "Agent",
        "account": {"homePage": str(settings.SITE_URL), "name": str(user_id)},
    }
    course = _activity(
        MOOC,
        "Деректер талдауға кіріспе",
        "Введение в анализ данных",
        "Introduction to data analysis",
        "course",
    )
    context = {"contextActivities": {"parent": [{"id": MOOC}]}, "platform": CLIENT_NAME}
    start = today - dt.timedelta(days=rng.randint(14, 28))
    out = [
        {
            "actor": actor,
            "verb": _verb("registered", "тіркелді", "зарегистрировался", "registered"),
            "object": course,
            "timestamp": _moment(start, rng),
        },
    ]
    day = start
    finished = True
    for week in range(1, 5):
        day += dt.timedelta(days=rng.randint(2, 5))
        if day >= today:
            finished = False
            break
        video = _activity(
            f"{MOOC}/videos/{week}",
            f"{week}-бейнедәріс",
            f"Видеолекция {week}",
            f"Video lecture {week}",
            "media",
        )
        out.append(
            {
                "actor": actor,
                "verb": _verb("experienced", "қарады", "просмотрел", "experienced"),
                "object": video,
                "context": context,
                "timestamp": _moment(day, rng),
            }
        )
        score = round(rng.uniform(0.45, 1.0), 2)
        passed = score >= 0.5
        quiz = _activity(
            f"{MOOC}/quizzes/{week}", f"{week}-тест", f"Тест {week}", f"Quiz {week}", "assessment"
        )
        verb = (
            _verb("passed", "өтті", "сдал", "passed")
            if passed
            else _verb("failed", "өте алмады", "не сдал", "failed")
        )
        out.append(
            {
                "actor": actor,
                "verb": verb,
                "object": quiz,
                "context": context,
                "result": {
                    "score": {"scaled": score, "raw": round(score * 20), "min": 0, "max": 20},
                    "success": passed,
                    "completion": True,
                    "duration": f"PT{rng.randint(5, 25)}M",
                },
                "timestamp": _moment(day, rng),
            }
        )
    if finished:
        out.append(
            {
                "actor": actor,
                "verb": _verb("completed", "аяқтады", "завершил", "completed"),
                "object": course,
                "result": {"completion": True},
                "timestamp": _moment(min(day + dt.timedelta(days=1), today), rng),
            }
        )
    for statement in out:
        statement["id"] = str(uuid.uuid4())
    return out


def demo_lrs(*, institution: Institution, today: dt.date, seed: int = 2026) -> DemoLrsSummary:
    """Issue the demo platform's client and store its statements (see the module)."""
    client = Client.objects.filter(name=CLIENT_NAME).first()
    if client is None:
        client, _credentials = client_create(
            name=CLIENT_NAME, can_write_statements=True, read_scope=ReadScope.OWN
        )
    elif Statement.objects.filter(
        stream__key=client.stream_key, actor__student__institution=institution
    ).exists():
        return DemoLrsSummary(client.pk, 0)
    rng = random.Random(seed)  # noqa: S311 - demo data, not a secret
    users = list(
        Enrolment.objects.filter(course__institution=institution, is_active=True)
        .order_by("student__user_id")
        .values_list("student__user_id", flat=True)
        .distinct()[: STUDENTS * 5]
    )
    picked = sorted(rng.sample(users, min(STUDENTS, len(users))))
    demo_student = Enrolment.objects.filter(
        course__institution=institution, student__user__username="student"
    ).values_list("student__user_id", flat=True)[:1]
    picked = sorted(set(picked) | set(demo_student))
    statements = [s for user_id in picked for s in _learner_statements(user_id, today, rng)]
    if statements:
        statements_store(
            statements=statements, stream_key=client.stream_key, authority=client.authority
        )
    return DemoLrsSummary(client.pk, len(statements))
