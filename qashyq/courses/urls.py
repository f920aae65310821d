"""Pages of courses: content (issue 4, helper K) and readiness (helper E)."""

from django.urls import URLPattern, URLResolver, path

from qashyq.courses.views import content, media, syllabus
from qashyq.courses.views import courses as course_views
from qashyq.courses.views import readiness as readiness_views

app_name = "courses"
urlpatterns: list[URLPattern | URLResolver] = [
    # "My courses" and course lists (SIS-1)
    path("", course_views.my_courses, name="my_courses"),
    path("all/", course_views.course_list, name="course_list"),
    path("new/", course_views.course_create, name="course_create"),
    # a course: content (LMS-1, LMS-3), settings, reuse, students' progress
    path("<int:course_id>/", content.course_page, name="course"),
    path("<int:course_id>/settings/", course_views.course_settings, name="course_settings"),
    path("<int:course_id>/status/", course_views.course_status, name="course_status"),
    path("<int:course_id>/reuse/", course_views.course_reuse, name="course_reuse"),
    path("<int:course_id>/students/", course_views.progress, name="progress"),
    path("<int:course_id>/enrolments/sync/", course_views.enrolments_sync, name="enrolments_sync"),
    path("<int:course_id>/enrolments/add/", course_views.enrolment_add, name="enrolment_add"),
    path(
        "<int:course_id>/enrolments/<int:enrolment_id>/remove/",
        course_views.enrolment_remove,
        name="enrolment_remove",
    ),
    # the syllabus (LMS-1, LMS-2, ONL-2)
    path("<int:course_id>/syllabus/", syllabus.syllabus, name="syllabus"),
    path("<int:course_id>/syllabus/edit/", syllabus.syllabus_edit, name="syllabus_edit"),
    path("<int:course_id>/syllabus/<slug:part>/new/", syllabus.part_edit, name="part_create"),
    path(
        "<int:course_id>/syllabus/<slug:part>/<int:item_id>/",
        syllabus.part_edit,
        name="part_edit",
    ),
    path(
        "<int:course_id>/syllabus/<slug:part>/<int:item_id>/delete/",
        syllabus.part_delete,
        name="part_delete",
    ),
    # modules and materials
    path("<int:course_id>/modules/new/", content.module_create, name="module_create"),
    path("<int:course_id>/modules/<int:module_id>/edit/", content.module_edit, name="module_edit"),
    path(
        "<int:course_id>/modules/<int:module_id>/delete/",
        content.module_delete,
        name="module_delete",
    ),
    path("<int:course_id>/modules/<int:module_id>/move/", content.module_move, name="module_move"),
    path("<int:course_id>/modules/<int:module_id>/hide/", content.module_hide, name="module_hide"),
    path(
        "<int:course_id>/modules/<int:module_id>/materials/new/",
        content.material_create,
        name="material_create",
    ),
    path("<int:course_id>/materials/<int:material_id>/", content.material_page, name="material"),
    path(
        "<int:course_id>/materials/<int:material_id>/file/",
        media.material_file,
        name="material_file",
    ),
    path(
        "<int:course_id>/materials/<int:material_id>/edit/",
        content.material_edit,
        name="material_edit",
    ),
    path(
        "<int:course_id>/materials/<int:material_id>/delete/",
        content.material_delete,
        name="material_delete",
    ),
    path(
        "<int:course_id>/materials/<int:material_id>/move/",
        content.material_move,
        name="material_move",
    ),
    path(
        "<int:course_id>/materials/<int:material_id>/hide/",
        content.material_hide,
        name="material_hide",
    ),
    path(
        "<int:course_id>/materials/<int:material_id>/complete/",
        content.material_complete,
        name="material_complete",
    ),
]

# Content readiness: the complex checklist (LMS-2), the deadline dashboard and the act
# (ONL-5), quality signals (ONL-6).
urlpatterns += [
    path("readiness/", readiness_views.readiness_dashboard, name="readiness_dashboard"),
    path(
        "readiness/departments/<int:department_id>/",
        readiness_views.readiness_department,
        name="readiness_department",
    ),
    path(
        "readiness/programs/<int:program_id>/",
        readiness_views.readiness_program,
        name="readiness_program",
    ),
    path(
        "readiness/programs/<int:program_id>/act/",
        readiness_views.readiness_act_issue,
        name="readiness_act_issue",
    ),
    path(
        "readiness/acts/<int:act_id>.pdf",
        readiness_views.readiness_act_pdf,
        name="readiness_act_pdf",
    ),
    path("<int:course_id>/readiness/", readiness_views.readiness_course, name="readiness_course"),
    path(
        "<int:course_id>/readiness/submit/",
        readiness_views.readiness_submit,
        name="readiness_submit",
    ),
    path(
        "<int:course_id>/readiness/approve/",
        readiness_views.readiness_approve,
        name="readiness_approve",
    ),
    path(
        "<int:course_id>/readiness/return/",
        readiness_views.readiness_return,
        name="readiness_return",
    ),
]
