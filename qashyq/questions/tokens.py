"""Signed links to a question's images for the people who see the question in an attempt.

The bank's files are served at `/questions/files/<id>/<name>` to those who read the bank.
A student reads no bank: the attempt page signs each file link of the question it shows
(`file_urls_sign(html, user_id=…)` adds `?t=<token>`), and the file view serves the file to
that signed-in user while the token is fresh (FILE_TOKEN_MAX_AGE). Nothing is stored;
the token is signed with SECRET_KEY (django.core.signing) and names the file and the user,
so a link passed to someone else does not open for them.
"""

from __future__ import annotations

import re

from django.core import signing

FILE_SALT = "qashyq.questions.file"
FILE_TOKEN_MAX_AGE = 12 * 60 * 60  # seconds: an exam day, and a review after it
FILE_URL = re.compile(r"/questions/files/(?P<id>\d+)/(?P<name>[^\"'?#\s<>]*)(?:\?t=[\w:\-]*)?")


def file_url(*, file_id: int, name: str) -> str:
    return f"/questions/files/{file_id}/{name}"


def file_token(*, file_id: int, user_id: int) -> str:
    return signing.dumps([file_id, user_id], salt=FILE_SALT, compress=True)


def file_token_read(token: str, *, max_age: int = FILE_TOKEN_MAX_AGE) -> tuple[int, int] | None:
    """(file id, user id) of a fresh token signed by us; else None."""
    try:
        value = signing.loads(token, salt=FILE_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        return int(value[0]), int(value[1])
    return None


def file_urls_sign(html: str, *, user_id: int) -> str:
    """Every question-file link in `html` with a token for `user_id` (see the module)."""
    if "/questions/files/" not in html:
        return html

    def sign(match: re.Match[str]) -> str:
        file_id = int(match.group("id"))
        token = file_token(file_id=file_id, user_id=user_id)
        return f"{file_url(file_id=file_id, name=match.group('name'))}?t={token}"

    return FILE_URL.sub(sign, html)


def file_ids_in(html: str) -> set[int]:
    return {int(m.group("id")) for m in FILE_URL.finditer(html)}
