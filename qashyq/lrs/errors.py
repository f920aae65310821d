"""The LRS's error: an xAPI status code and a message for the error JSON."""

from __future__ import annotations


class XapiError(Exception):
    """A request the LRS answers with an error status and `{"code", "message"}` JSON.
    Raise it anywhere under an `xapi_view`; the decorator renders it."""

    CODES = {  # noqa: RUF012
        400: "bad_request",
        401: "unauthorized",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        409: "conflict",
        412: "precondition_failed",
        413: "too_large",
        415: "unsupported_media_type",
        501: "not_implemented",
    }

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message

    @property
    def code(self) -> str:
        return self.CODES.get(self.status, "error")
