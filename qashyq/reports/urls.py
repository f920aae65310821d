"""Report pages under /reports/ (FP-2…FP-4)."""


app_name = "reports"

urlpatterns: list = []  # type: ignore[type-arg]
