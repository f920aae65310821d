"""The reports API (mounted under /api/v1/)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["reports"])
