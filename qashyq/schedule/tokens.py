"""Signed tokens in URLs that are opened without a session: a person's calendar feed
(calendar apps send no cookies) and the BigBlueButton end-of-meeting callback.

Nothing secret is stored: the token is signed with SECRET_KEY (django.core.signing) and
says whose feed (user id, feed version) or which class it is. Raising the feed version
revokes every feed link given out before.
"""

from __future__ import annotations

from django.core import signing

FEED_SALT = "qashyq.schedule.calendar-feed"
END_SALT = "qashyq.schedule.bbb-end"


def feed_token(*, user_id: int, version: int) -> str:
    return signing.dumps([user_id, version], salt=FEED_SALT)


def feed_token_read(token: str) -> tuple[int, int] | None:
    """(user id, version), or None for a token that was not signed by us."""
    try:
        value = signing.loads(token, salt=FEED_SALT)
    except signing.BadSignature:
        return None
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        return int(value[0]), int(value[1])
    return None


def end_token(*, session_id: int) -> str:
    return signing.dumps(session_id, salt=END_SALT)


def end_token_read(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=END_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None
