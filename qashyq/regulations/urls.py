from django.urls import URLPattern, URLResolver

app_name = "regulations"
urlpatterns: list[URLPattern | URLResolver] = []
