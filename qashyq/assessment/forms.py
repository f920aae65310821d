"""Forms of the test pages: they read and show values; the rules live in services."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from qashyq.assessment.data import SectionData, TestData
from qashyq.assessment.models import GradingMethod, Review, SectionKind, Test
from qashyq.gradebook.models import Control

EMPTY_SECTION_ROWS = 3


class TestForm(forms.Form):
    __test__ = False  # not a pytest class

    title = forms.CharField(label=_("Title"), max_length=300)
    instructions = forms.CharField(label=_("Instructions"), widget=forms.Textarea, required=False)
    control = forms.ChoiceField(label=_("Control"), choices=Control.choices)
    published = forms.BooleanField(label=_("Published"), required=False)
    time_limit_minutes = forms.IntegerField(
        label=_("Time limit (minutes)"), min_value=1, required=False
    )
    opens_at = forms.DateTimeField(
        label=_("Opens at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    closes_at = forms.DateTimeField(
        label=_("Closes at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    attempts_allowed = forms.IntegerField(
        label=_("Attempts allowed (0 = unlimited)"), min_value=0, max_value=100, initial=1
    )
    grading_method = forms.ChoiceField(label=_("Grading method"), choices=GradingMethod.choices)
    shuffle_questions = forms.BooleanField(label=_("Shuffle questions"), required=False)
    shuffle_answers = forms.BooleanField(label=_("Shuffle answers"), required=False)
    review_after_submit = forms.ChoiceField(
        label=_("After submitting the student sees"), choices=Review.choices
    )
    review_after_close = forms.ChoiceField(
        label=_("After the window closes the student sees"), choices=Review.choices
    )
    max_points = forms.DecimalField(
        label=_("Points scaled to"), min_value=Decimal("0.01"), max_digits=6, decimal_places=2
    )
    grace_seconds = forms.IntegerField(
        label=_("Network grace (seconds)"), min_value=0, max_value=600, initial=60
    )

    @staticmethod
    def initial_of(test: Test | None) -> dict[str, Any]:
        if test is None:
            return {
                "control": Control.CURRENT,
                "grading_method": GradingMethod.BEST,
                "review_after_submit": Review.SCORE,
                "review_after_close": Review.RESPONSES,
                "max_points": Decimal(100),
                "attempts_allowed": 1,
                "grace_seconds": 60,
                "shuffle_questions": True,
                "shuffle_answers": True,
            }
        return {name: getattr(test, name) for name in TestForm.base_fields}

    def test_data(self, sections: tuple[SectionData, ...]) -> TestData:
        data = self.cleaned_data
        return TestData(
            title=data["title"],
            instructions=data["instructions"],
            control=data["control"],
            published=data["published"],
            time_limit_minutes=data["time_limit_minutes"],
            opens_at=data["opens_at"],
            closes_at=data["closes_at"],
            attempts_allowed=data["attempts_allowed"],
            grading_method=data["grading_method"],
            shuffle_questions=data["shuffle_questions"],
            shuffle_answers=data["shuffle_answers"],
            review_after_submit=data["review_after_submit"],
            review_after_close=data["review_after_close"],
            max_points=data["max_points"],
            grace_seconds=data["grace_seconds"],
            sections=sections,
        )


def _int(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        return None


def _decimal(value: str | None) -> Decimal | None:
    try:
        return Decimal(value.replace(",", ".")) if value else None
    except InvalidOperation:
        return None


def sections_from_post(post: QueryDict) -> tuple[SectionData, ...]:
    """The section rows of the form (`s-<n>-kind`, `-category`, `-count`, `-question`,
    `-points`, `-subcategories`); rows left empty are dropped."""
    rows = sorted({_int(k.split("-")[1]) or 0 for k in post if k.startswith("s-")})
    sections = []
    for n in rows:
        kind = post.get(f"s-{n}-kind", "")
        category = _int(post.get(f"s-{n}-category"))
        question = _int(post.get(f"s-{n}-question"))
        if kind == SectionKind.DRAW and category is not None:
            sections.append(
                SectionData(
                    kind=kind,
                    category_id=category,
                    include_subcategories=post.get(f"s-{n}-subcategories") == "on",
                    count=_int(post.get(f"s-{n}-count")) or 1,
                    points_each=_decimal(post.get(f"s-{n}-points")),
                )
            )
        elif kind == SectionKind.FIXED and question is not None:
            sections.append(
                SectionData(
                    kind=kind, question_id=question, points_each=_decimal(post.get(f"s-{n}-points"))
                )
            )
    return tuple(sections)


class TicketsForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(
        label=_("Tickets (an empty line between tickets, one task a line)"),
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
    )
    tickets = forms.IntegerField(
        label=_("Or draw this many tickets from the bank"),
        min_value=1,
        max_value=200,
        required=False,
    )
