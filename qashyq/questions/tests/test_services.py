# ruff: noqa: E501 - the tables of cases read best one case per line
"""Question services: the rules of each type (TST-1), versions, categories, the import
flow end to end (TST-1, TST-2) and the export."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from qashyq.core.scope import ActorScope
from qashyq.questions import selectors, services
from qashyq.questions.data import QuestionInput
from qashyq.questions.errors import (
    BankChangeForbidden,
    BankNotFound,
    CategoryInvalid,
    ImportInvalid,
    QuestionInvalid,
)
from qashyq.questions.grading import grade
from qashyq.questions.models import Category, ImportStatus, Question, QuestionFile
from qashyq.questions.tests.conftest import World

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def make(world: World, qtype: str, **values: Any) -> QuestionInput:
    return QuestionInput(qtype=qtype, text="<p>Сұрақ</p>", category_id=world.category.pk, **values)


VALID: dict[str, dict[str, Any]] = {
    "single": {"choices": [{"text": "A", "fraction": "1"}, {"text": "B", "fraction": "-0.5"}]},
    "multiple": {
        "choices": [
            {"text": "A", "fraction": "0.5"},
            {"text": "B", "fraction": "0.5"},
            {"text": "C", "fraction": "-1"},
        ]
    },
    "truefalse": {"choices": [{"id": "true", "fraction": "1"}]},
    "short": {"answers": [{"text": "Абай", "fraction": "1"}]},
    "numeric": {"numeric": [{"value": "3,14", "tolerance": "0.01", "fraction": "1"}]},
    "matching": {"pairs": [{"prompt": "a", "answer": "1"}, {"prompt": "b", "answer": "2"}]},
    "ordering": {"items": [{"text": "бір"}, {"text": "екі"}]},
    "essay": {},
}


@pytest.mark.parametrize("qtype", list(VALID))
def test_tst1_every_type_created_and_snapshotted(
    world: World, teacher_actor: ActorScope, qtype: str
) -> None:
    question = services.question_create(
        actor=teacher_actor,
        course_id=world.course.pk,
        values=make(
            world, qtype, tags=["R1", " алгебра "], outcome_ids=[world.outcome.pk], **VALID[qtype]
        ),
    )
    snapshot = selectors.question_snapshots([question.pk])[question.pk]
    assert snapshot["qtype"] == qtype
    assert snapshot["points"] == "1.00"
    assert sorted(t.name for t in question.tags.all()) == ["R1", "алгебра"]
    assert [o.code for o in question.outcomes.all()] == ["LO1"]
    assert question.version == 1
    assert question.created_by_id == world.teacher.user.pk


def test_numeric_comma_is_stored_as_a_number(world: World, teacher_actor: ActorScope) -> None:
    question = services.question_create(
        actor=teacher_actor,
        course_id=world.course.pk,
        values=make(world, "numeric", **VALID["numeric"]),
    )
    assert question.data["numeric"] == [{"value": "3.14", "tolerance": "0.01", "fraction": "1"}]
    assert grade(selectors.question_snapshot(question), "3,145") == Decimal(1)


@pytest.mark.parametrize(
    ("qtype", "values", "field"),
    [
        ("single", {"choices": [{"text": "A", "fraction": "1"}]}, "choices"),
        ("single", {"choices": [{"text": "A", "fraction": "1"}, {"text": "B", "fraction": "1"}]}, "choices"),
        ("single", {"choices": [{"text": "A", "fraction": "0.5"}, {"text": "B", "fraction": "0"}]}, "choices"),
        ("single", {"choices": [{"text": "A", "fraction": "1"}, {"text": "B", "fraction": "-2"}]}, "choices"),
        ("multiple", {"choices": [{"text": "A", "fraction": "0.5"}, {"text": "B", "fraction": "0.4"}]}, "choices"),
        ("truefalse", {"choices": []}, "choices"),
        ("short", {"answers": [{"text": "A", "fraction": "0.5"}]}, "answers"),
        ("short", {"answers": []}, "answers"),
        ("numeric", {"numeric": [{"value": "пи", "fraction": "1"}]}, "numeric"),
        ("numeric", {"numeric": [{"value": "3", "tolerance": "-1", "fraction": "1"}]}, "numeric"),
        ("matching", {"pairs": [{"prompt": "a", "answer": "1"}, {"prompt": "", "answer": "2"}]}, "pairs"),
        ("matching", {"pairs": [{"prompt": "a", "answer": "1"}, {"prompt": "b", "answer": ""}]}, "pairs"),
        ("ordering", {"items": [{"text": "one"}, {"text": " "}]}, "items"),
        ("puzzle", {}, "qtype"),
    ],
)  # fmt: skip
def test_tst1_rules_of_each_type(
    world: World, teacher_actor: ActorScope, qtype: str, values: dict[str, Any], field: str
) -> None:
    with pytest.raises(QuestionInvalid) as caught:
        services.question_create(
            actor=teacher_actor, course_id=world.course.pk, values=make(world, qtype, **values)
        )
    assert caught.value.extra["field"] == field
    assert Question.objects.count() == 0


def test_rule_messages_in_the_users_language(world: World, teacher_actor: ActorScope) -> None:
    from django.utils import translation

    with translation.override("ru"), pytest.raises(QuestionInvalid) as caught:
        services.question_create(
            actor=teacher_actor, course_id=world.course.pk, values=make(world, "ordering")
        )
    assert caught.value.message  # translated through gettext (catalogues filled later)


def test_text_is_sanitized_and_needed(world: World, teacher_actor: ActorScope) -> None:
    values = make(world, "essay")
    values.text = '<p onclick="x()">Түсіндір \\(x^2\\)<script>alert(1)</script><img src="https://evil/x.png"></p>'
    question = services.question_create(
        actor=teacher_actor, course_id=world.course.pk, values=values
    )
    assert question.text == "<p>Түсіндір \\(x^2\\)</p>"
    values.text = "<script>only</script>"
    with pytest.raises(QuestionInvalid):
        services.question_create(actor=teacher_actor, course_id=world.course.pk, values=values)


def test_update_bumps_version_and_refuses_a_stale_edit(
    world: World, teacher_actor: ActorScope
) -> None:
    question = services.question_create(
        actor=teacher_actor,
        course_id=world.course.pk,
        values=make(world, "short", **VALID["short"]),
    )
    values = services.question_input_of(question)
    values.text = "<p>Жаңа</p>"
    services.question_update(actor=teacher_actor, question=question, values=values, version=1)
    assert question.version == 2
    assert question.text == "<p>Жаңа</p>"
    with pytest.raises(QuestionInvalid):
        services.question_update(actor=teacher_actor, question=question, values=values, version=1)
    values.qtype = "essay"
    with pytest.raises(QuestionInvalid):
        services.question_update(actor=teacher_actor, question=question, values=values)


def test_archive_duplicate_and_draw(world: World, teacher_actor: ActorScope) -> None:
    sub = services.category_create(
        actor=teacher_actor,
        course_id=world.course.pk,
        name="Тарау 1.1",
        parent_id=world.category.pk,
    )
    a = services.question_create(
        actor=teacher_actor, course_id=world.course.pk, values=make(world, "essay")
    )
    values = make(world, "essay", tags=["R1"])
    values.category_id = sub.pk
    b = services.question_create(actor=teacher_actor, course_id=world.course.pk, values=values)
    copy = services.question_duplicate(actor=teacher_actor, question=b)
    assert copy.category_id == sub.pk
    assert copy.name.endswith("(copy)")
    services.question_archive(actor=teacher_actor, question=a)
    draw = selectors.questions_for_draw(
        course_id=world.course.pk, category_id=world.category.pk, include_subcategories=True
    )
    assert draw == [b.pk, copy.pk]
    assert (
        selectors.questions_for_draw(
            course_id=world.course.pk, category_id=world.category.pk, include_subcategories=False
        )
        == []
    )
    tag = b.tags.get()
    assert selectors.questions_for_draw(
        course_id=world.course.pk,
        category_id=world.category.pk,
        include_subcategories=True,
        tag_ids=[tag.pk],
    ) == [b.pk, copy.pk]
    assert a.pk in selectors.question_snapshots([a.pk, 999_999])  # archived still snapshotted
    tree = {
        n.category.name: (n.own, n.total, n.depth)
        for n in selectors.category_tree(course_id=world.course.pk)
    }
    assert tree == {"Модуль 1": (0, 2, 0), "Тарау 1.1": (2, 2, 1)}


def test_categories_move_rename_and_delete_only_empty(
    world: World, teacher_actor: ActorScope
) -> None:
    child = services.category_create(
        actor=teacher_actor, course_id=world.course.pk, name="Ішкі", parent_id=world.category.pk
    )
    with pytest.raises(CategoryInvalid):
        services.category_update(actor=teacher_actor, category=world.category, parent_id=child.pk)
    with pytest.raises(CategoryInvalid):
        services.category_delete(actor=teacher_actor, category=world.category)
    services.category_update(actor=teacher_actor, category=child, name="Renamed", parent_id=None)
    child.refresh_from_db()
    assert (child.name, child.parent_id) == ("Renamed", None)
    services.category_delete(actor=teacher_actor, category=child)
    assert not Category.objects.filter(pk=child.pk).exists()


@pytest.mark.parametrize(
    ("case", "error"),
    [
        ("tutor of the course", BankChangeForbidden),
        ("dean of the faculty", BankChangeForbidden),
        ("student of the course", BankNotFound),
        ("teacher of another course", BankNotFound),
    ],
)
def test_sec2_only_content_editors_change(
    world: World, matrix_user: Any, actor_of: Any, case: str, error: type[Exception]
) -> None:
    actor = actor_of(matrix_user(case))
    with pytest.raises(error):
        services.question_create(
            actor=actor, course_id=world.course.pk, values=make(world, "essay")
        )
    with pytest.raises(error):
        services.category_create(actor=actor, course_id=world.course.pk, name="x")
    assert Question.objects.count() == 0


GIFT = """// Модуль
$CATEGORY: $course$/Модуль 2/Туынды

::Q1:: Қазақстанның астанасы? {=Астана ~Алматы ~Атырау}

::Q2:: 2 + 2 = ? {#4:0}

::Q3:: Жер жалпақ. {F}

::Broken:: Мұнда жабылмаған жақша {=a ~b
"""


def test_tst2_import_preview_then_confirm_end_to_end(
    world: World, teacher_actor: ActorScope
) -> None:
    batch = services.import_upload(
        actor=teacher_actor,
        course_id=world.course.pk,
        filename="bank.gift.txt",
        content=GIFT.encode(),
    )
    assert batch.fmt == "gift"
    assert batch.status == ImportStatus.PREVIEW
    assert [q["qtype"] for q in batch.preview] == ["single", "numeric", "truefalse"]
    assert batch.problems
    assert all(p["line"] is None or p["line"] >= 1 for p in batch.problems)
    assert Question.objects.count() == 0  # nothing saved before confirmation
    counts = services.import_confirm(actor=teacher_actor, batch=batch)
    assert counts.questions == 3
    assert counts.categories == 2
    tree = {n.path: n.own for n in selectors.category_tree(course_id=world.course.pk)}
    assert tree["Модуль 2/Туынды"] == 3
    single = Question.objects.get(qtype="single")
    assert grade(selectors.question_snapshot(single), "c1") == Decimal(1)
    truefalse = Question.objects.get(qtype="truefalse")
    assert grade(selectors.question_snapshot(truefalse), "false") == Decimal(1)
    with pytest.raises(ImportInvalid):  # confirming twice saves once
        services.import_confirm(actor=teacher_actor, batch=batch)
    assert Question.objects.count() == 3


def test_tst2_import_cancel_and_unknown_format(world: World, teacher_actor: ActorScope) -> None:
    with pytest.raises(ImportInvalid):
        services.import_upload(
            actor=teacher_actor,
            course_id=world.course.pk,
            filename="x.bin",
            content=b"\x00\x01\x02",
        )
    batch = services.import_upload(
        actor=teacher_actor,
        course_id=world.course.pk,
        filename="a.txt",
        content=GIFT.encode(),
        fmt="gift",
    )
    services.import_cancel(actor=teacher_actor, batch=batch)
    with pytest.raises(ImportInvalid):
        services.import_confirm(actor=teacher_actor, batch=batch)
    assert Question.objects.count() == 0


def test_import_moodle_xml_with_image_and_export_round_trip(
    world: World, teacher_actor: ActorScope
) -> None:
    import base64

    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
<question type="multichoice"><name><text>Сурет</text></name>
<questiontext format="html"><text><![CDATA[<p>Бұл не? <img src="@@PLUGINFILE@@/dot.png"></p>]]></text>
<file name="dot.png" path="/" encoding="base64">{base64.b64encode(PNG).decode()}</file></questiontext>
<single>true</single>
<answer fraction="100"><text>Нүкте</text></answer>
<answer fraction="0"><text>Сызық</text></answer>
</question>
</quiz>"""
    batch = services.import_upload(
        actor=teacher_actor,
        course_id=world.course.pk,
        filename="q.xml",
        content=xml.encode(),
        category_id=world.category.pk,
    )
    assert batch.fmt == "moodle_xml"
    counts = services.import_confirm(actor=teacher_actor, batch=batch)
    assert (counts.questions, counts.images) == (1, 1)
    qfile = QuestionFile.objects.get()
    question = Question.objects.get()
    assert question.category_id == world.category.pk
    assert f'src="/questions/files/{qfile.pk}/{qfile.name}"' in question.text
    exported = services.question_export(
        actor=teacher_actor, course_id=world.course.pk, fmt="moodle_xml"
    )
    assert exported.exported == 1
    assert b"@@PLUGINFILE@@" in exported.content
    assert exported.skipped == []
    services.question_create(
        actor=teacher_actor,
        course_id=world.course.pk,
        values=make(world, "ordering", **VALID["ordering"]),
    )
    aiken = services.question_export(actor=teacher_actor, course_id=world.course.pk, fmt="aiken")
    assert aiken.exported == 1
    assert len(aiken.skipped) == 1


def test_image_upload_checks_content(world: World, teacher_actor: ActorScope) -> None:
    qfile = services.question_file_upload(
        actor=teacher_actor, course_id=world.course.pk, name="../../x.png", content=PNG
    )
    assert qfile.name == "x.png"
    assert qfile.mime_type == "image/png"
    with pytest.raises(QuestionInvalid):
        services.question_file_upload(
            actor=teacher_actor, course_id=world.course.pk, name="x.png", content=b"<svg/>"
        )
