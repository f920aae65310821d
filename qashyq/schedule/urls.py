from django.urls import URLPattern, URLResolver

app_name = "schedule"
urlpatterns: list[URLPattern | URLResolver] = []
