"""Sign in with a user name or an e-mail address (SEC-1)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.http import HttpRequest

from qashyq.accounts.models import User
from qashyq.core.cache import cache_get_with_generations

USER_TTL = 120


def user_cache_key(user_id: object) -> str:
    return f"qashyq:user:{user_id}"


def user_cache_forget(sender: object, instance: User, **kwargs: Any) -> None:  # noqa: ANN401
    """post_save/post_delete of a User: the next request reads the row again, so a new
    password, a deactivation or a new name takes effect at once (SEC-1)."""
    cache.delete(user_cache_key(instance.pk))


class UsernameOrEmailBackend(ModelBackend):
    """Looks the login up by e-mail when it has an @, else by user name (both case-blind)."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: object,
    ) -> User | None:
        if not username or password is None:
            return None
        login = username.strip()
        field = "email__iexact" if "@" in login else "username__iexact"
        user = User.objects.filter(**{field: login}).first()
        if user is None:
            User().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id: Any) -> User | None:  # noqa: ANN401
        """The signed-in user of a request, read from the cache (one query saved on every
        page). Every save or delete of a User forgets the entry (`user_cache_forget`); the
        session's auth hash is still checked against the cached password hash."""
        key = user_cache_key(user_id)
        # The page's generations come along in the same round trip (core.cache).
        found = cache_get_with_generations(key)
        user = found if isinstance(found, User) else None
        if user is None:
            try:
                user = User._default_manager.get(pk=user_id)
            except User.DoesNotExist:
                return None
            cache.set(key, user, timeout=USER_TTL)
        return user if self.user_can_authenticate(user) else None
