"""Institutions API."""

from ninja import Router

router = Router(tags=["institutions"])
