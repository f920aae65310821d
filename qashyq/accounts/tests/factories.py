"""Factories for accounts: users with a known password.

Call `UserFactory.create(...)` (typed as `User`) rather than `UserFactory(...)` so mypy
sees a `User`.
"""

from __future__ import annotations

from typing import Any

from factory.declarations import LazyAttribute, PostGenerationMethodCall, Sequence
from factory.django import DjangoModelFactory
from factory.faker import Faker

from qashyq.accounts.models import Language, User

PASSWORD = "pass12345"


class UserFactory(DjangoModelFactory[User]):
    """A user who can sign in with `PASSWORD` ("pass12345")."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = Sequence(lambda n: f"user{n}")
    email = LazyAttribute(lambda o: f"{o.username}@example.kz")
    first_name = Faker("first_name")
    last_name = Faker("last_name")
    language = Language.KAZAKH
    password = PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance: User, create: bool, results: Any = None) -> None:
        # The password is hashed after the row is created: store it.
        if create:
            instance.save(update_fields=["password"])
