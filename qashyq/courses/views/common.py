"""Helpers shared by the course pages: the actor's access or 404, forms that show the
services' translated errors, redirects that htmx follows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from qashyq.core.errors import DomainError, NotFound
from qashyq.core.scope import ActorScope, actor_scope_of
from qashyq.core.views import found_or_404
from qashyq.courses import selectors
from qashyq.courses.errors import CourseChangeForbidden
from qashyq.courses.selectors import CourseAccess


def actor(request: HttpRequest) -> ActorScope:
    return actor_scope_of(request)


def access_or_404(request: HttpRequest, course_id: int) -> CourseAccess:
    """The course as the signed-in actor reaches it; 404 for absent and not-yours (SEC-2)."""
    return found_or_404(lambda: selectors.course_access(actor=actor(request), course_id=course_id))


def require_editor(access: CourseAccess) -> None:
    """Edit pages answer 404 to everyone who may not edit the content."""
    if not access.can_edit:
        raise Http404


def require_manager(access: CourseAccess) -> None:
    if not access.can_manage:
        raise Http404


def post_data(request: HttpRequest) -> Any:  # noqa: ANN401 - a QueryDict or None
    return request.POST if request.method == "POST" else None


def add_error(form: forms.BaseForm, error: DomainError) -> None:
    """Show a service's message at the field it names, or above the form."""
    field = error.extra.get("field")
    form.add_error(
        field if isinstance(field, str) and field in form.fields else None, error.message
    )


def form_page(
    request: HttpRequest,
    *,
    access: CourseAccess | None,
    form: forms.BaseForm,
    title: str,
    save: Callable[[dict[str, Any]], object],
    success_url: Callable[[Any], str],
    back_url: str,
    intro: str = "",
    multipart: bool = False,
    template: str = "courses/form.html",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """Show a form; on a valid POST call the service; its errors go back into the form,
    which keeps what was typed (422)."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except (CourseChangeForbidden, NotFound):
            raise Http404 from None
        except DomainError as error:
            add_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(success_url(result))
    context = {
        "access": access,
        "course": access.course if access else None,
        "form": form,
        "title": title,
        "back_url": back_url,
        "intro": intro,
        "multipart": multipart,
        **(extra or {}),
    }
    return render(request, template, context, status=422 if request.method == "POST" else 200)


def run_or_404(request: HttpRequest, action: Callable[[], object], *, done: str = "") -> bool:
    """Run a service for a POST button; a domain error becomes a flash message."""
    try:
        action()
    except (CourseChangeForbidden, NotFound):
        raise Http404 from None
    except DomainError as error:
        messages.error(request, error.message)
        return False
    if done:
        messages.success(request, done)
    return True


def back(url: str) -> HttpResponse:
    return redirect(url)
