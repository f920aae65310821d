"""The course page and its content: modules and materials (LMS-1, LMS-3), the material
page, progress (completed), and the teachers' editing: add, edit, reorder, hide,
release dates, delete. The course page is light for phones: no material text, no
media, a few queries (ADR 0018)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qashyq.core.cache import TTL, generation, local_get, local_put
from qashyq.core.views import found_or_404
from qashyq.courses import selectors, services
from qashyq.courses.forms import MaterialForm, ModuleForm
from qashyq.courses.models import Material, MaterialKind, Module
from qashyq.courses.selectors import CourseAccess
from qashyq.courses.templatetags.courses_render import Links
from qashyq.courses.uploads import allowed_extensions
from qashyq.courses.views.common import (
    access_or_404,
    form_page,
    post_data,
    require_editor,
    run_or_404,
)


def _course_url(course_id: int, anchor: str = "") -> str:
    url = reverse("courses:course", args=[course_id])
    return f"{url}#{anchor}" if anchor else url


@login_required
def course_page(request: HttpRequest, course_id: int) -> HttpResponse:
    """The course: its teachers, the student's progress, modules with their materials.
    A student sees released content only; staff see everything, marked."""
    access = access_or_404(request, course_id)
    content = _content(request, access)
    services.course_visit(access=access)
    return render(
        request,
        "courses/course_page.html",
        {"access": access, "course": access.course, "content": content, "tab": "content"},
    )


def _content(request: HttpRequest, access: CourseAccess) -> str:
    """The modules and materials as HTML. A student's rendering is cached until the
    course or the student's progress changes, or the next module or material opens by
    date (ADR 0018); staff pages carry forms (CSRF tokens) and are rendered each time."""
    if not access.as_student or access.student_id is None:
        page = selectors.course_page(access=access)
        return render_to_string(
            "courses/_content.html",
            {
                "access": access,
                "course": access.course,
                "page": page,
                "links": Links(access.course.pk),
            },
            request=request,
        )
    now = timezone.now()
    course_id, student_id = access.course.pk, access.student_id
    key = (
        f"courses:page:{course_id}:{student_id}:{translation.get_language()}:"
        f"{access.stamp}:{generation(f'progress-{student_id}')}"
    )
    # The process's memory first, then the shared cache: the key is generation-stamped
    # and the value (html, when it expires) is an immutable tuple (core.cache).
    hit = local_get(key)
    if hit is None and (hit := cache.get(key)) is not None:
        local_put(key, hit)
    if isinstance(hit, tuple) and (hit[1] is None or hit[1] > now):
        return str(hit[0])
    page = selectors.course_page(access=access, now=now)
    html = render_to_string(
        "courses/_content.html",
        {"access": access, "course": access.course, "page": page, "links": Links(course_id)},
    )
    value = (html, page.next_release_at)
    cache.set(key, value, timeout=TTL)
    local_put(key, value)
    return html


# ---------------------------------------------------------------- modules


def _module(access: CourseAccess, module_id: int) -> Module:
    return found_or_404(lambda: selectors.module_get_for(access=access, module_id=module_id))


@login_required
def module_create(request: HttpRequest, course_id: int) -> HttpResponse:
    access = access_or_404(request, course_id)
    require_editor(access)
    return form_page(
        request,
        access=access,
        form=ModuleForm(post_data(request)),
        title=_("New module"),
        save=lambda d: services.module_create(
            access=access,
            title=d["title"],
            week=d["week"],
            is_hidden=d["is_hidden"],
            release_at=d["release_at"],
        ),
        success_url=lambda m: _course_url(course_id, f"m{m.pk}"),
        back_url=_course_url(course_id),
    )


@login_required
def module_edit(request: HttpRequest, course_id: int, module_id: int) -> HttpResponse:
    access = access_or_404(request, course_id)
    require_editor(access)
    module = _module(access, module_id)
    form = ModuleForm(
        post_data(request),
        initial={
            "title": module.title,
            "week": module.week,
            "is_hidden": module.is_hidden,
            "release_at": module.release_at,
        },
    )
    return form_page(
        request,
        access=access,
        form=form,
        title=_("Module"),
        save=lambda d: services.module_update(
            access=access,
            module=module,
            title=d["title"],
            week=d["week"],
            is_hidden=d["is_hidden"],
            release_at=d["release_at"],
        ),
        success_url=lambda m: _course_url(course_id, f"m{m.pk}"),
        back_url=_course_url(course_id, f"m{module.pk}"),
        extra={
            "delete_url": reverse("courses:module_delete", args=[course_id, module.pk]),
            "delete_warning": _("The module is deleted with all its materials."),
        },
    )


@login_required
@require_POST
def module_delete(request: HttpRequest, course_id: int, module_id: int) -> HttpResponse:
    access = access_or_404(request, course_id)
    require_editor(access)
    module = _module(access, module_id)
    run_or_404(
        request,
        lambda: services.module_delete(access=access, module=module),
        done=_("The module is deleted."),
    )
    return redirect(_course_url(course_id))


def _offset(request: HttpRequest) -> int:
    return -1 if request.GET.get("offset", request.POST.get("offset")) == "-1" else 1


@login_required
@require_POST
def module_move(request: HttpRequest, course_id: int, module_id: int) -> HttpResponse:
    """Up or down (`offset` −1 or 1); the page comes back at the module."""
    access = access_or_404(request, course_id)
    require_editor(access)
    module = _module(access, module_id)
    run_or_404(
        request, lambda: services.module_move(access=access, module=module, offset=_offset(request))
    )
    return redirect(_course_url(course_id, f"m{module.pk}"))


@login_required
@require_POST
def module_hide(request: HttpRequest, course_id: int, module_id: int) -> HttpResponse:
    access = access_or_404(request, course_id)
    require_editor(access)
    module = _module(access, module_id)
    run_or_404(
        request,
        lambda: services.module_hide(access=access, module=module, hidden=not module.is_hidden),
    )
    return redirect(_course_url(course_id, f"m{module.pk}"))


# ---------------------------------------------------------------- materials


def _material(access: CourseAccess, material_id: int) -> Material:
    return found_or_404(lambda: selectors.material_get_for(access=access, material_id=material_id))


def _material_form_extra(kind: str) -> dict[str, Any]:
    extensions = allowed_extensions(kind)
    return {
        "kind_label": MaterialKind(kind).label,
        "extensions": ", ".join(extensions),
    }


@login_required
def material_create(request: HttpRequest, course_id: int, module_id: int) -> HttpResponse:
    """A new material of the kind chosen (`?kind=`) at the end of a module."""
    access = access_or_404(request, course_id)
    require_editor(access)
    module = _module(access, module_id)
    kind = request.GET.get("kind", "")
    if kind not in MaterialKind.values:
        return render(
            request,
            "courses/material_kind.html",
            {
                "access": access,
                "course": access.course,
                "module": module,
                "kinds": MaterialKind.choices,
            },
        )
    form = MaterialForm(
        post_data(request),
        request.FILES or None,
        kind=kind,
        modules=Module.objects.none(),
        editing=False,
    )
    return form_page(
        request,
        access=access,
        form=form,
        title=_("New material: %(kind)s") % {"kind": MaterialKind(kind).label},
        intro=module.title,
        multipart="file" in form.fields,
        save=lambda d: services.material_create(
            access=access,
            module=module,
            kind=kind,
            title=d["title"],
            body=d["body"],
            upload=d.get("file"),
            url=d["url"],
            duration_seconds=_seconds(d.get("duration_minutes")),
            is_hidden=d["is_hidden"],
            release_at=d["release_at"],
            completion_required=d["completion_required"],
        ),
        success_url=lambda m: _course_url(course_id, f"i{m.pk}"),
        back_url=_course_url(course_id, f"m{module.pk}"),
        extra=_material_form_extra(kind),
    )


def _seconds(minutes: int | None) -> int | None:
    return None if minutes is None else minutes * 60


@login_required
def material_edit(request: HttpRequest, course_id: int, material_id: int) -> HttpResponse:
    access = access_or_404(request, course_id)
    require_editor(access)
    material = _material(access, material_id)
    form = MaterialForm(
        post_data(request),
        request.FILES or None,
        kind=material.kind,
        modules=selectors.module_list_for(access=access),
        editing=True,
        initial={
            "title": material.title,
            "body": material.body,
            "url": material.url,
            "duration_minutes": (material.duration_seconds or 0) // 60 or None,
            "module": material.module_id,
            "is_hidden": material.is_hidden,
            "release_at": material.release_at,
            "completion_required": material.completion_required,
        },
    )
    return form_page(
        request,
        access=access,
        form=form,
        title=material.title,
        multipart="file" in form.fields,
        save=lambda d: services.material_update(
            access=access,
            material=material,
            title=d["title"],
            body=d["body"],
            upload=d.get("file"),
            remove_file=bool(d.get("remove_file")),
            url=d["url"],
            duration_seconds=_seconds(d.get("duration_minutes")),
            is_hidden=d["is_hidden"],
            release_at=d["release_at"],
            completion_required=d["completion_required"],
            module=d["module"],
        ),
        success_url=lambda m: _course_url(course_id, f"i{m.pk}"),
        back_url=reverse("courses:material", args=[course_id, material.pk]),
        extra={
            **_material_form_extra(material.kind),
            "current_file": material.file.name,
            "delete_url": reverse("courses:material_delete", args=[course_id, material.pk]),
            "delete_warning": _("The material is deleted with the students' progress on it."),
        },
    )


@login_required
def material_page(request: HttpRequest, course_id: int, material_id: int) -> HttpResponse:
    """One material: its text, file (played or downloaded through range requests), link.
    Opening it counts in the student's progress and the footprint."""
    access = access_or_404(request, course_id)
    material = _material(access, material_id)
    services.material_open(access=access, material=material)
    completed = False
    if access.student_id is not None:
        completed = selectors.material_completed(access=access, material=material)
    return render(
        request,
        "courses/material.html",
        {
            "access": access,
            "course": access.course,
            "material": material,
            "completed": completed,
            "file_url": reverse("courses:material_file", args=[course_id, material.pk])
            if material.file
            else "",
            "category": material.mime_type.split("/", 1)[0] if material.mime_type else "",
            "minutes": ((material.duration_seconds or 0) + 59) // 60,
        },
    )


@login_required
@require_POST
def material_complete(request: HttpRequest, course_id: int, material_id: int) -> HttpResponse:
    """The student marks the material completed (progress, footprint COMPLETED)."""
    access = access_or_404(request, course_id)
    if access.student_id is None:
        raise Http404
    material = _material(access, material_id)
    run_or_404(request, lambda: services.material_complete(access=access, material=material))
    return redirect(reverse("courses:material", args=[course_id, material.pk]))


@login_required
@require_POST
def material_delete(request: HttpRequest, course_id: int, material_id: int) -> HttpResponse:
    access = access_or_404(request, course_id)
    require_editor(access)
    material = _material(access, material_id)
    run_or_404(
        request,
        lambda: services.material_delete(access=access, material=material),
        done=_("The material is deleted."),
    )
    return redirect(_course_url(course_id, f"m{material.module_id}"))


@login_required
@require_POST
def material_move(request: HttpRequest, course_id: int, material_id: int) -> HttpResponse:
    access = access_or_404(request, course_id)
    require_editor(access)
    material = _material(access, material_id)
    run_or_404(
        request,
        lambda: services.material_move(access=access, material=material, offset=_offset(request)),
    )
    return redirect(_course_url(course_id, f"i{material.pk}"))


@login_required
@require_POST
def material_hide(request: HttpRequest, course_id: int, material_id: int) -> HttpResponse:
    access = access_or_404(request, course_id)
    require_editor(access)
    material = _material(access, material_id)
    run_or_404(
        request,
        lambda: services.material_hide(
            access=access, material=material, hidden=not material.is_hidden
        ),
    )
    return redirect(_course_url(course_id, f"i{material.pk}"))
