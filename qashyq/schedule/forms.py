"""Forms of the schedule pages: a class (times entered in Asia/Almaty) and the register."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qashyq.schedule.data import SessionData
from qashyq.schedule.models import (
    AttendanceStatus,
    ClassSession,
    ConferenceProvider,
    SessionDelivery,
    SessionKind,
)

ALMATY = ZoneInfo("Asia/Almaty")


def _local(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=ALMATY)


class SessionForm(forms.Form):
    """A class of the schedule (SIS-2). Dates and times are Almaty time."""

    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices)
    delivery = forms.ChoiceField(label=_("Delivery"), choices=SessionDelivery.choices)
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("Starts"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("Ends"), widget=forms.TimeInput(attrs={"type": "time"}))
    group = forms.TypedChoiceField(
        label=_("Group"), coerce=int, empty_value=None, required=False, choices=()
    )
    topic = forms.CharField(label=_("Topic"), max_length=300, required=False)
    teacher = forms.TypedChoiceField(
        label=_("Teacher"), coerce=int, empty_value=None, required=False, choices=()
    )
    room = forms.CharField(
        label=_("Room"),
        max_length=100,
        required=False,
        help_text=_("For classes in person."),
    )
    conference_provider = forms.ChoiceField(
        label=_("Video-conference service"),
        required=False,
        help_text=_("For synchronous classes: our BigBlueButton or an external link."),
    )
    conference_url = forms.URLField(
        label=_("Video-conference link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Zoom, Microsoft Teams or Jitsi link, for an external room."),
    )
    material = forms.TypedChoiceField(
        label=_("Material"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=(),
        help_text=_("For asynchronous classes: what the students study."),
    )
    window_opens = forms.DateTimeField(
        label=_("Window opens"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Opening the material in this window counts as attendance."),
    )
    window_closes = forms.DateTimeField(
        label=_("Window closes"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    weeks = forms.IntegerField(
        label=_("Repeat every week, times"),
        min_value=1,
        max_value=30,
        initial=1,
        help_text=_("Weeks whose day is a public holiday are skipped."),
    )

    def __init__(
        self,
        *args: Any,  # noqa: ANN401
        groups: list[tuple[int, str]],
        teachers: list[tuple[int, str]],
        materials: list[tuple[int, str]],
        bbb_enabled: bool,
        repeat: bool,
        **kwargs: Any,  # noqa: ANN401
    ) -> None:
        super().__init__(*args, **kwargs)
        whole = pgettext_lazy("class for", "the whole course")
        group_field = self.fields["group"]
        assert isinstance(group_field, forms.TypedChoiceField)
        group_field.choices = [("", whole), *groups]
        teacher_field = self.fields["teacher"]
        assert isinstance(teacher_field, forms.TypedChoiceField)
        teacher_field.choices = [("", "—"), *teachers]
        material_field = self.fields["material"]
        assert isinstance(material_field, forms.TypedChoiceField)
        material_field.choices = [("", "—"), *materials]
        providers = [
            (value, label)
            for value, label in ConferenceProvider.choices
            if bbb_enabled or value != ConferenceProvider.BIGBLUEBUTTON
        ]
        provider_field = self.fields["conference_provider"]
        assert isinstance(provider_field, forms.ChoiceField)
        provider_field.choices = [("", pgettext_lazy("provider", "from the link")), *providers]
        if not repeat:
            del self.fields["weeks"]

    @staticmethod
    def initial_for(session: ClassSession) -> dict[str, Any]:
        starts = session.starts_at.astimezone(ALMATY)
        ends = session.ends_at.astimezone(ALMATY)
        return {
            "kind": session.kind,
            "delivery": session.delivery,
            "day": starts.date(),
            "start": starts.time().replace(second=0),
            "end": ends.time().replace(second=0),
            "group": session.group_id,
            "topic": session.topic,
            "teacher": session.teacher_id,
            "room": session.room,
            "conference_provider": session.conference_provider,
            "conference_url": session.conference_url,
            "material": session.material_id,
            "window_opens": session.window_opens_at.astimezone(ALMATY).replace(tzinfo=None)
            if session.window_opens_at
            else None,
            "window_closes": session.window_closes_at.astimezone(ALMATY).replace(tzinfo=None)
            if session.window_closes_at
            else None,
        }

    def session_data(self) -> SessionData:
        data = self.cleaned_data
        day: dt.date = data["day"]
        starts = _local(day, data["start"])
        ends = _local(day, data["end"])
        if ends <= starts:  # a class past midnight
            ends += dt.timedelta(days=1)
        return SessionData(
            kind=data["kind"],
            delivery=data["delivery"],
            starts_at=starts,
            ends_at=ends,
            group_id=data.get("group"),
            topic=data.get("topic") or "",
            room=data.get("room") or "",
            teacher_id=data.get("teacher"),
            conference_provider=data.get("conference_provider") or "",
            conference_url=data.get("conference_url") or "",
            material_id=data.get("material"),
            window_opens_at=_aware(data.get("window_opens")),
            window_closes_at=_aware(data.get("window_closes")),
        )


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """A datetime-local field is Almaty time (the site's TIME_ZONE makes it aware)."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=ALMATY)
    return value.astimezone(ALMATY)


STATUS_CHOICES = [("", "—"), *AttendanceStatus.choices]


def register_statuses(post: Any, student_ids: list[int]) -> dict[int, str]:  # noqa: ANN401
    """The statuses a teacher chose on the class register (`status-<student id>`); left
    blank means no change."""
    marks: dict[int, str] = {}
    for student_id in student_ids:
        value = str(post.get(f"status-{student_id}", "")).strip()
        if value:
            marks[student_id] = value
    return marks
