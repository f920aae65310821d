"""The administrators' page of the LRS clients (FP-1): issue credentials to another
platform (shown once) and revoke them. Staff and superusers only; others get 404."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qashyq.core.http import site_url
from qashyq.lrs import permissions, selectors, services
from qashyq.lrs.forms import ClientForm
from qashyq.lrs.models import Client
from qashyq.lrs.services import Credentials

View = Callable[..., HttpResponse]


def _administrators_only(view: View) -> View:
    @login_required
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not permissions.can_manage_clients(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    wrapper.__doc__, wrapper.__name__ = view.__doc__, view.__name__
    return wrapper


def _page(
    request: HttpRequest, *, form: ClientForm, issued: tuple[Client, Credentials] | None = None
) -> HttpResponse:
    return render(
        request,
        "lrs/clients.html",
        {
            "form": form,
            "clients": selectors.client_list(),
            "issued": issued,
            "endpoint": site_url("/xapi/"),
        },
    )


@never_cache
@_administrators_only
def clients(request: HttpRequest) -> HttpResponse:
    """The clients and the form that issues new credentials. The secret and the token
    appear on the page that answers the form, once: only their digests are kept."""
    if request.method == "POST":
        form = ClientForm(request.POST)
        if form.is_valid():
            issued = services.client_create(
                name=form.cleaned_data["name"],
                can_write_statements=form.cleaned_data["can_write_statements"],
                read_scope=form.cleaned_data["read_scope"],
                can_documents=form.cleaned_data["can_documents"],
                created_by=request.user if request.user.is_authenticated else None,
            )
            return _page(request, form=ClientForm(), issued=issued)
        return _page(request, form=form)
    return _page(request, form=ClientForm())


@require_POST
@_administrators_only
def client_revoke(request: HttpRequest, client_id: int) -> HttpResponse:
    """Revoke a client's credentials: its next request gets 401."""
    client = get_object_or_404(Client, pk=client_id)
    services.client_revoke(client=client)
    messages.success(request, _("The credentials of %(name)s are revoked.") % {"name": client.name})
    return redirect("lrs:clients")
