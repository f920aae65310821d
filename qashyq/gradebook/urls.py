from django.urls import URLPattern

app_name = "gradebook"

urlpatterns: list[URLPattern] = []
