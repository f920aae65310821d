"""People API."""

from ninja import Router

router = Router(tags=["people"])
