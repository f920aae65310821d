"""Pagination for pages (the API uses ninja's LimitOffsetPagination, capped at 100)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZE = 50


def paginate(request: HttpRequest, queryset: QuerySet[Any], *, per_page: int = PAGE_SIZE) -> Page:  # type: ignore[type-arg]
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))
