"""Writes of a course's content (LMS-1, LMS-3): modules (weeks) and materials — rich-text
lectures (sanitized), files (PDF, DOCX, PPTX …), video and audio (uploaded or linked),
images, links to media services and the e-library, practical, lab and independent-work
tasks, midterm and final control materials. Teachers reorder, hide and schedule release
dates. Only the course's content editors write here (SEC-2)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from urllib.parse import urlsplit

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from qashyq.courses.errors import CourseInvalid
from qashyq.courses.models import Material, MaterialKind, Module
from qashyq.courses.sanitize import html_sanitize
from qashyq.courses.selectors.courses import CourseAccess
from qashyq.courses.services.courses import course_touch, next_position, require_content_editor
from qashyq.courses.uploads import allowed_extensions, file_check
from qashyq.footprint.data import Action, ActivityType, Verb
from qashyq.footprint.services import footprint_record

__all__ = [
    "material_create",
    "material_delete",
    "material_hide",
    "material_move",
    "material_update",
    "materials_reorder",
    "module_create",
    "module_delete",
    "module_hide",
    "module_move",
    "module_update",
    "modules_reorder",
]

MAX_WEEK = 30
URL_KINDS = frozenset({MaterialKind.LINK, MaterialKind.MEDIA_SERVICE})
MEDIA_KINDS = frozenset({MaterialKind.VIDEO, MaterialKind.AUDIO, MaterialKind.IMAGE})
TEXT_KINDS = frozenset(
    {
        MaterialKind.LECTURE,
        MaterialKind.PRACTICAL,
        MaterialKind.LAB,
        MaterialKind.INDEPENDENT,
        MaterialKind.MIDTERM,
        MaterialKind.FINAL,
    }
)


def _own_module(access: CourseAccess, module: Module) -> None:
    if module.course_id != access.course.pk:
        raise CourseInvalid(_("This module belongs to another course."), field="module")


def _own_material(access: CourseAccess, material: Material) -> None:
    if material.module.course_id != access.course.pk:
        raise CourseInvalid(_("This material belongs to another course."))


def _title(value: str) -> str:
    title = value.strip()
    if not title:
        raise CourseInvalid(_("Give a title."), field="title")
    return title[:300]


def _week(value: int | None) -> int | None:
    if value is not None and not 1 <= value <= MAX_WEEK:
        raise CourseInvalid(
            _("The week is a number from 1 to %(max)d.") % {"max": MAX_WEEK}, field="week"
        )
    return value


def _url(value: str) -> str:
    url = value.strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise CourseInvalid(_("A link starts with http:// or https://."), field="url")
    if len(url) > 500:
        raise CourseInvalid(_("This link is too long."), field="url")
    return url


# ---------------------------------------------------------------- modules


@transaction.atomic
def module_create(
    *,
    access: CourseAccess,
    title: str,
    week: int | None = None,
    is_hidden: bool = False,
    release_at: dt.datetime | None = None,
) -> Module:
    """A new module (usually a week) at the end of the course."""
    require_content_editor(access)
    course_touch(access.course.pk)
    return Module.objects.create(
        course=access.course,
        title=_title(title),
        week=_week(week),
        is_hidden=is_hidden,
        release_at=release_at,
        position=next_position(Module.objects.filter(course=access.course)),
    )


@transaction.atomic
def module_update(
    *,
    access: CourseAccess,
    module: Module,
    title: str,
    week: int | None,
    is_hidden: bool,
    release_at: dt.datetime | None,
) -> Module:
    require_content_editor(access)
    course_touch(access.course.pk)
    _own_module(access, module)
    module.title, module.week = _title(title), _week(week)
    module.is_hidden, module.release_at = is_hidden, release_at
    module.save()
    return module


@transaction.atomic
def module_hide(*, access: CourseAccess, module: Module, hidden: bool) -> Module:
    """Hide a module from students (or show it again); its materials go with it."""
    require_content_editor(access)
    course_touch(access.course.pk)
    _own_module(access, module)
    module.is_hidden = hidden
    module.save(update_fields=["is_hidden", "updated_at"])
    return module


@transaction.atomic
def module_delete(*, access: CourseAccess, module: Module) -> None:
    """Delete a module with its materials (and their files, unless another course's
    material shares them after a reuse)."""
    require_content_editor(access)
    course_touch(access.course.pk)
    _own_module(access, module)
    names = list(
        Material.objects.filter(module=module).exclude(file="").values_list("file", flat=True)
    )
    module.delete()
    _files_release(names)


def _reorder(rows: Sequence[Module | Material], order: Sequence[int]) -> None:
    by_pk = {row.pk: row for row in rows}
    if sorted(order) != sorted(by_pk) or len(set(order)) != len(order):
        raise CourseInvalid(_("Give every item of the list exactly once."), field="order")
    changed = []
    for position, pk in enumerate(order):
        row = by_pk[pk]
        if row.position != position:
            row.position = position
            changed.append(row)
    modules = [r for r in changed if isinstance(r, Module)]
    materials = [r for r in changed if isinstance(r, Material)]
    Module.objects.bulk_update(modules, ["position"])
    Material.objects.bulk_update(materials, ["position"])


def _moved(ids: list[int], pk: int, offset: int) -> list[int]:
    index = ids.index(pk)
    target = max(0, min(len(ids) - 1, index + offset))
    ids.insert(target, ids.pop(index))
    return ids


@transaction.atomic
def modules_reorder(*, access: CourseAccess, order: Sequence[int]) -> None:
    """Put the course's modules in the given order (every module id exactly once)."""
    require_content_editor(access)
    course_touch(access.course.pk)
    rows = list(Module.objects.select_for_update().filter(course=access.course))
    _reorder(rows, order)


@transaction.atomic
def module_move(*, access: CourseAccess, module: Module, offset: int) -> None:
    """Move a module up (offset −1) or down (+1) among the course's modules."""
    require_content_editor(access)
    course_touch(access.course.pk)
    _own_module(access, module)
    rows = list(
        Module.objects.select_for_update().filter(course=access.course).order_by("position", "pk")
    )
    _reorder(rows, _moved([m.pk for m in rows], module.pk, offset))


# ---------------------------------------------------------------- materials


def _store(material: Material, upload: UploadedFile, kind: str) -> None:
    """Check the file (type by content, size) and store it under an unguessable name."""
    file_type = file_check(
        kind=kind,
        name=upload.name or "",
        size=int(upload.size or 0),
        stream=upload,
    )
    material.file.save(f"{uuid.uuid4().hex}.{file_type.extension}", upload, save=False)
    material.mime_type = file_type.mime_type
    material.size_bytes = int(upload.size or 0)


def _files_release(names: Sequence[str]) -> None:
    """Delete stored files no material uses any more, after the commit (a reused course
    shares its source's files)."""
    names = [n for n in names if n]
    if not names:
        return

    def release() -> None:
        used = set(Material.objects.filter(file__in=names).values_list("file", flat=True))
        for name in set(names) - used:
            Material._meta.get_field("file").storage.delete(name)

    transaction.on_commit(release)


def _check_material(
    kind: str, *, body: str, has_file: bool, url: str, elibrary_text: str = ""
) -> None:
    """What each kind needs (LMS-1)."""
    if kind in URL_KINDS and not url:
        raise CourseInvalid(_("Give the link."), field="url")
    if kind in MEDIA_KINDS and not (has_file or url):
        raise CourseInvalid(_("Upload the file or give a link to it."), field="file")
    if kind == MaterialKind.FILE and not has_file:
        raise CourseInvalid(_("Upload the file."), field="file")
    if kind in TEXT_KINDS and not (body or has_file or url):
        raise CourseInvalid(_("Write the text or upload a file."), field="body")
    if kind == MaterialKind.ELIBRARY and not (url or elibrary_text or has_file):
        raise CourseInvalid(
            _("Give the link to the e-library record or its reference."), field="url"
        )


@transaction.atomic
def material_create(
    *,
    access: CourseAccess,
    module: Module,
    kind: str,
    title: str,
    body: str = "",
    upload: UploadedFile | None = None,
    url: str = "",
    duration_seconds: int | None = None,
    is_hidden: bool = False,
    release_at: dt.datetime | None = None,
    completion_required: bool = True,
) -> Material:
    """Add a material at the end of a module. Lecture and task texts are sanitized
    (allow-list HTML); files are checked by type, content and size. Publishing is
    recorded in the teacher's footprint (FP-4)."""
    require_content_editor(access)
    course_touch(access.course.pk)
    _own_module(access, module)
    if kind not in MaterialKind.values:
        raise CourseInvalid(_("Choose the kind of material."), field="kind")
    if upload is not None and not allowed_extensions(kind):
        raise CourseInvalid(
            _("This kind of material has no file: give a link or a text instead."), field="file"
        )
    clean_body = html_sanitize(body)
    clean_url = _url(url)
    _check_material(
        kind, body=clean_body, has_file=upload is not None, url=clean_url, elibrary_text=body
    )
    material = Material(
        module=module,
        kind=kind,
        title=_title(title),
        body=clean_body,
        url=clean_url,
        duration_seconds=duration_seconds,
        is_hidden=is_hidden,
        release_at=release_at,
        completion_required=completion_required,
        position=next_position(Material.objects.filter(module=module)),
    )
    if upload is not None:
        _store(material, upload, kind)
    material.save()
    footprint_record(
        action=Action(
            actor_id=access.actor.user_id,
            verb=Verb.PUBLISHED,
            object_type=ActivityType.MATERIAL,
            object_id=str(material.pk),
            object_name=material.title,
            course_id=access.course.pk,
            result={"kind": kind},
        )
    )
    return material


@transaction.atomic
def material_update(
    *,
    access: CourseAccess,
    material: Material,
    title: str,
    body: str = "",
    upload: UploadedFile | None = None,
    remove_file: bool = False,
    url: str = "",
    duration_seconds: int | None = None,
    is_hidden: bool = False,
    release_at: dt.datetime | None = None,
    completion_required: bool = True,
    module: Module | None = None,
) -> Material:
    """Change a material; a new upload replaces the file, `remove_file` drops it; a
    `module` of the same course moves the material to the end of that module."""
    require_content_editor(access)
    course_touch(access.course.pk)
    _own_material(access, material)
    if module is not None:
        _own_module(access, module)
    kind = material.kind
    if upload is not None and not allowed_extensions(kind):
        raise CourseInvalid(
            _("This kind of material has no file: give a link or a text instead."), field="file"
        )
    clean_body = html_sanitize(body)
    clean_url = _url(url)
    old_file = material.file.name or ""
    keeps_file = bool(old_file) and not remove_file
    _check_material(
        kind,
        body=clean_body,
        has_file=upload is not None or keeps_file,
        url=clean_url,
        elibrary_text=body,
    )
    material.title = _title(title)
    material.body, material.url = clean_body, clean_url
    material.duration_seconds = duration_seconds
    material.is_hidden, material.release_at = is_hidden, release_at
    material.completion_required = completion_required
    if module is not None and module.pk != material.module_id:
        material.module = module
        material.position = next_position(Material.objects.filter(module=module))
    released: list[str] = []
    if upload is not None:
        _store(material, upload, kind)
        released.append(old_file)
    elif remove_file and old_file:
        material.file = ""
        material.mime_type, material.size_bytes = "", 0
        released.append(old_file)
    material.save()
    _files_release(released)
    return material


@transaction.atomic
def material_hide(*, access: CourseAccess, material: Material, hidden: bool) -> Material:
    require_content_editor(access)
    course_touch(access.course.pk)
    _own_material(access, material)
    material.is_hidden = hidden
    material.save(update_fields=["is_hidden", "updated_at"])
    return material


@transaction.atomic
def material_delete(*, access: CourseAccess, material: Material) -> None:
    """Delete a material, its progress rows and (unless shared) its file."""
    require_content_editor(access)
    course_touch(access.course.pk)
    _own_material(access, material)
    name = material.file.name or ""
    material.delete()
    _files_release([name])


@transaction.atomic
def materials_reorder(*, access: CourseAccess, module: Module, order: Sequence[int]) -> None:
    """Put a module's materials in the given order (every material id exactly once)."""
    require_content_editor(access)
    course_touch(access.course.pk)
    _own_module(access, module)
    rows = list(Material.objects.select_for_update().filter(module=module))
    _reorder(rows, order)


@transaction.atomic
def material_move(*, access: CourseAccess, material: Material, offset: int) -> None:
    """Move a material up (offset −1) or down (+1) within its module."""
    require_content_editor(access)
    course_touch(access.course.pk)
    _own_material(access, material)
    rows = list(
        Material.objects.select_for_update()
        .filter(module_id=material.module_id)
        .order_by("position", "pk")
    )
    _reorder(rows, _moved([m.pk for m in rows], material.pk, offset))
