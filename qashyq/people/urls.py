from django.urls import path

from qashyq.people import views

app_name = "people"

urlpatterns = [
    path("", views.home, name="home"),
]
