"""Pages of the institution's structure, mounted at /structure/ (namespace `institutions`)."""

from django.urls import path

from qashyq.institutions import views

app_name = "institutions"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("faculties/new/", views.faculty_create, name="faculty_create"),
    path("faculties/<int:faculty_id>/edit/", views.faculty_edit, name="faculty_edit"),
    path("departments/new/", views.department_create, name="department_create"),
    path("departments/<int:department_id>/edit/", views.department_edit, name="department_edit"),
    path("programs/", views.program_list, name="program_list"),
    path("programs/new/", views.program_create, name="program_create"),
    path("programs/<int:program_id>/", views.program_detail, name="program_detail"),
    path("programs/<int:program_id>/edit/", views.program_edit, name="program_edit"),
    path(
        "programs/<int:program_id>/curricula/new/",
        views.curriculum_create,
        name="curriculum_create",
    ),
    path("disciplines/", views.discipline_list, name="discipline_list"),
    path("disciplines/new/", views.discipline_create, name="discipline_create"),
    path("disciplines/<int:discipline_id>/edit/", views.discipline_edit, name="discipline_edit"),
    path("curricula/<int:curriculum_id>/", views.curriculum_detail, name="curriculum_detail"),
    path("curricula/<int:curriculum_id>/edit/", views.curriculum_edit, name="curriculum_edit"),
    path(
        "curricula/<int:curriculum_id>/groups/",
        views.curriculum_group_set,
        name="curriculum_group_set",
    ),
    path(
        "curricula/items/<int:item_id>/remove/",
        views.curriculum_item_remove,
        name="curriculum_item_remove",
    ),
    path(
        "curricula/items/<int:item_id>/move/",
        views.curriculum_item_move,
        name="curriculum_item_move",
    ),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/years/new/", views.academic_year_create, name="academic_year_create"),
    path("calendar/years/<int:year_id>/edit/", views.academic_year_edit, name="academic_year_edit"),
    path(
        "calendar/years/<int:year_id>/default-periods/",
        views.academic_year_default_periods,
        name="academic_year_default_periods",
    ),
    path(
        "calendar/years/<int:year_id>/periods/new/",
        views.academic_period_create,
        name="academic_period_create",
    ),
    path(
        "calendar/periods/<int:period_id>/edit/",
        views.academic_period_edit,
        name="academic_period_edit",
    ),
    path("groups/", views.group_list, name="group_list"),
    path("groups/new/", views.group_create, name="group_create"),
    path("groups/<int:group_id>/edit/", views.group_edit, name="group_edit"),
]
