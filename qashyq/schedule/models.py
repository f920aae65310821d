"""The electronic schedule (SIS-2), video-conference rooms (LMS-3) and attendance
(SIS-1, FP-2).

A `ClassSession` is one class of a course at a time in Asia/Almaty (stored in UTC):
synchronous with a video-conference room (BigBlueButton or an external link),
asynchronous with a material and the window in which to study it, or in person in a
room. Joins to the room are recorded (`SessionJoin`); attendance marks (`Attendance`)
come from joins, from opening the asynchronous material inside its window, or from
the teacher, and every change of a mark is kept (`AttendanceChange`).
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qashyq.core.models import TimeStampedModel


class SessionKind(models.TextChoices):
    LECTURE = "lecture", _("lecture")
    PRACTICE = "practice", _("practical class")
    LAB = "lab", _("laboratory class")
    CONSULTATION = "consultation", _("consultation")
    CONTROL = "control", _("control")


class SessionDelivery(models.TextChoices):
    """How the class runs (SIS-2, LMS-3); the same values as courses.Delivery."""

    SYNCHRONOUS = "sync", _("synchronous")
    ASYNCHRONOUS = "async", _("asynchronous")
    IN_PERSON = "in_person", _("in person")


class ConferenceProvider(models.TextChoices):
    """Where a synchronous class meets: our BigBlueButton or an external link."""

    BIGBLUEBUTTON = "bbb", "BigBlueButton"
    ZOOM = "zoom", "Zoom"
    TEAMS = "teams", "Microsoft Teams"
    JITSI = "jitsi", "Jitsi Meet"
    OTHER = "other", pgettext_lazy("video-conference service", "other link")


class ClassSession(TimeStampedModel):
    """One class of the schedule (SIS-2)."""

    course = models.ForeignKey(
        "courses.Course", on_delete=models.CASCADE, related_name="class_sessions"
    )
    # None: the whole course (a stream lecture); else one of the course's groups.
    group = models.ForeignKey(
        "institutions.StudentGroup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="class_sessions",
        verbose_name=_("group"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=SessionKind.choices)
    delivery = models.CharField(_("delivery"), max_length=10, choices=SessionDelivery.choices)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    topic = models.CharField(_("topic"), max_length=300, blank=True)
    teacher = models.ForeignKey(
        "people.Staff",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="class_sessions",
        verbose_name=_("teacher"),
    )
    room = models.CharField(_("room"), max_length=100, blank=True)
    # Synchronous: our BigBlueButton room or an external link (Zoom, Teams, Jitsi).
    conference_provider = models.CharField(
        _("video-conference service"),
        max_length=8,
        choices=ConferenceProvider.choices,
        blank=True,
    )
    conference_url = models.URLField(_("video-conference link"), max_length=500, blank=True)
    bbb_meeting_id = models.CharField(_("BigBlueButton meeting"), max_length=100, blank=True)
    bbb_attendee_secret = models.CharField(max_length=40, blank=True, editable=False)
    bbb_moderator_secret = models.CharField(max_length=40, blank=True, editable=False)
    bbb_create_time = models.CharField(max_length=20, blank=True, editable=False)
    # Asynchronous: the material to study and the window in which opening it counts.
    material = models.ForeignKey(
        "courses.Material",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="class_sessions",
        verbose_name=_("material"),
    )
    window_opens_at = models.DateTimeField(_("window opens"), null=True, blank=True)
    window_closes_at = models.DateTimeField(_("window closes"), null=True, blank=True)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    conference_ended_at = models.DateTimeField(_("room closed at"), null=True, blank=True)
    # When absences were filled in for everyone without a mark (auto-settlement).
    settled_at = models.DateTimeField(_("attendance settled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["starts_at", "id"]  # noqa: RUF012
        indexes = [  # noqa: RUF012
            models.Index(fields=["course", "starts_at"], name="schedule_session_course_time"),
            models.Index(fields=["starts_at"], name="schedule_session_time"),
            models.Index(fields=["bbb_meeting_id"], name="schedule_session_bbb"),
        ]
        constraints = [  # noqa: RUF012
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="schedule_session_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course_id} {self.starts_at:%Y-%m-%d %H:%M} {self.kind}"

    @property
    def attendance_closes_at(self) -> dt.datetime:
        """When automatic marks stop: the window's end for asynchronous classes."""
        if self.delivery == SessionDelivery.ASYNCHRONOUS and self.window_closes_at:
            return self.window_closes_at
        return self.ends_at


class JoinRole(models.TextChoices):
    MODERATOR = "moderator", _("moderator")
    ATTENDEE = "attendee", _("attendee")


class LeftVia(models.TextChoices):
    WEBHOOK = "webhook", _("the room reported it")
    ENDED = "ended", _("the room was closed")


class SessionJoin(models.Model):
    """One entry into a class's video-conference room (LMS-3; FP-2)."""

    session = models.ForeignKey(ClassSession, on_delete=models.CASCADE, related_name="joins")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(
        "people.Student", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    role = models.CharField(_("role"), max_length=10, choices=JoinRole.choices)
    joined_at = models.DateTimeField(_("joined at"))
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)
    left_via = models.CharField(_("left"), max_length=10, choices=LeftVia.choices, blank=True)

    class Meta:
        verbose_name = _("room entry")
        verbose_name_plural = _("room entries")
        ordering = ["session", "joined_at", "id"]  # noqa: RUF012
        indexes = [  # noqa: RUF012
            models.Index(fields=["session", "user"], name="schedule_join_session_user"),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}:{self.user_id}@{self.joined_at:%H:%M}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("present")
    LATE = "late", _("late")
    ABSENT = "absent", _("absent")
    EXCUSED = "excused", _("absent for a valid reason")


class AttendanceSource(models.TextChoices):
    JOIN = "join", _("joined the room")
    MATERIAL = "material", _("opened the material in its window")
    SETTLED = "settled", _("no entry by the end of the class")
    TEACHER = "teacher", _("marked by the teacher")


class Attendance(models.Model):
    """A student's mark for one class (SIS-1; FP-2: online and offline)."""

    session = models.ForeignKey(ClassSession, on_delete=models.CASCADE, related_name="attendance")
    # The session's course, copied so that a course's journal reads one index range.
    course = models.ForeignKey("courses.Course", on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(
        "people.Student", on_delete=models.CASCADE, related_name="attendance"
    )
    status = models.CharField(_("status"), max_length=8, choices=AttendanceStatus.choices)
    source = models.CharField(_("source"), max_length=10, choices=AttendanceSource.choices)
    marked_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    marked_at = models.DateTimeField(_("marked at"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("attendance mark")
        verbose_name_plural = _("attendance marks")
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(fields=["session", "student"], name="attendance_unique")
        ]
        indexes = [  # noqa: RUF012
            models.Index(fields=["course", "student"], name="schedule_att_course_student"),
            models.Index(fields=["student", "course"], name="schedule_att_student_course"),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}:{self.student_id}={self.status}"


class AttendanceChange(models.Model):
    """The history of a mark: who changed it, when, from what to what (append-only)."""

    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(
        _("from"), max_length=8, choices=AttendanceStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=8, choices=AttendanceStatus.choices)
    source = models.CharField(_("source"), max_length=10, choices=AttendanceSource.choices)
    changed_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("attendance change")
        verbose_name_plural = _("attendance changes")
        ordering = ["attendance", "changed_at", "id"]  # noqa: RUF012

    def __str__(self) -> str:
        return f"{self.attendance_id}: {self.from_status or '∅'} → {self.to_status}"


class Recording(models.Model):
    """A recording of a BigBlueButton class, as getRecordings reports it."""

    session = models.ForeignKey(ClassSession, on_delete=models.CASCADE, related_name="recordings")
    record_id = models.CharField(_("recording"), max_length=200, unique=True)
    url = models.URLField(_("link"), max_length=500)
    playback_format = models.CharField(_("format"), max_length=40, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    length_minutes = models.PositiveIntegerField(_("length, minutes"), default=0)
    published = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("recording")
        verbose_name_plural = _("recordings")
        ordering = ["session", "started_at", "id"]  # noqa: RUF012

    def __str__(self) -> str:
        return self.record_id


class CalendarFeed(models.Model):
    """A person's iCalendar subscription: the link carries a signed (user, version);
    raising the version revokes every link given out before."""

    user = models.OneToOneField(
        "accounts.User", on_delete=models.CASCADE, related_name="calendar_feed"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("calendar link")
        verbose_name_plural = _("calendar links")

    def __str__(self) -> str:
        return f"{self.user_id} v{self.version}"
