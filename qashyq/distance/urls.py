from django.urls import URLPattern, URLResolver

app_name = "distance"
urlpatterns: list[URLPattern | URLResolver] = []
