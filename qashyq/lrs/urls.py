"""The xAPI 1.0.3 resources under /xapi/ (mounted by the composition root)."""


app_name = "lrs"

urlpatterns: list = []  # type: ignore[type-arg]
