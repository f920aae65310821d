"""The report pages (FP-2…FP-4) over a generated footprint: 10,000,000 statements by
default, on PostgreSQL.

Issue 6 target: every report page renders in under 1 s on PostgreSQL with 10,000,000
statements stored. The run:

1. a demo university (`qashyq demo --students N`, the whole demo: courses with
   materials, enrolments, teachers, a semester's timetable and attendance, grades);
2. `--statements` statements generated in PostgreSQL (`INSERT … SELECT … FROM
   generate_series`, one day at a time in time order, into the monthly partitions that
   `footprint.services.partitions_ensure` creates), for the demo's real users, courses
   and materials over the `--days` days before today (default 120): every student and
   teacher of the current period's published courses is active on a share of the days
   (weekdays more; about 8 % of the students hardly at all), a day of a person opens with
   a sign-in and goes on in one to three of their courses: material views, course
   views, completions, downloads, test attempts, answers, submissions of tests and
   assignments, sessions joined and left, comments (students); attendance marks,
   grades (the assignment's and the gradebook's copy), comments, content published,
   views (teachers). Each person's statements are numbered in their stream
   (`user:<id>`, after what the demo recorded) in time order, but the hashes are not a
   real chain (`"chained": false` in the output): `qashyq footprint verify` would
   report them. Every sign-in and sign-out is also a line of the sign-in audit log
   (`accounts.AuthEvent`), as the accounts app writes both. The statement table's
   secondary indexes and foreign keys are dropped for the load and built again
   after it, as a bulk loader does;
3. the real rollup update (`reports.tasks.rollups_update_task`, the beat task) folds
   them all in at once (a rebuild's cost), then an incremental run folds
   `--increment` statements recorded through `footprint_record_many` (about five
   minutes of a busy day);
4. `settle` (VACUUM ANALYZE), gunicorn (2 workers × 2 threads), and each page
   fetched by one signed-in user after another: the nine reports for the rector's
   office (whole period; one faculty; one course), a dean, a department head (whole
   period, their scope) and a teacher (whole period; their biggest course); the
   students' monitoring: a student's own footprint, an advisor's drill-down, the
   students' list and the at-risk list of an advisor, a tutor and a teacher. Per page:
   the first (cold) request, one warm-up, then `--repeat` requests: median, p95, max.
   Also one XLSX export of the biggest report (the whole sign-in log).

Printed: one JSON line with the phase times, the sizes on disk, per page the figures,
the slowest page and the pages over the 1 s target.

    .venv/bin/python bench/reports.py [--students 10000] [--statements 10000000]
    .venv/bin/python bench/reports.py --students 1000 --statements 200000   # a quick check
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import time
from typing import Any

from _harness import BIN, ROOT, qashyq, scratch_env, served, settle

GENERATE = r"""
import datetime as dt, json, sys, time
import django
django.setup()
from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.utils import timezone
from qashyq.courses.models import Course
from qashyq.footprint import xapi
from qashyq.footprint.data import VERBS
from qashyq.footprint.services import partitions_ensure

args = json.loads(sys.argv[1])
wanted, days, seed = args["statements"], args["days"], args["seed"]
today = timezone.localdate()
last = today - dt.timedelta(days=1)
first = last - dt.timedelta(days=days - 1)
period_id = (Course.objects.filter(status="published").values("period_id")
             .annotate(n=Count("id")).order_by("-n")[0]["period_id"])
months = (today.year - first.year) * 12 + today.month - first.month + 4
partitions_ensure(first=first, months=months)
timings = {}
cursor = connection.cursor()
run = cursor.execute

def clock(name, started):
    timings[name] = round(time.perf_counter() - started, 2)

started = time.perf_counter()
run("SET work_mem = '256MB'")
run("SET maintenance_work_mem = '1GB'")
run("SET synchronous_commit = off")
run("SET jit = off")  # compiling each day's INSERT costs more than it saves
run("SELECT setseed(%s)", [seed])
run("SELECT coalesce(max(id), 0) FROM footprint_statement")
id_before = cursor.fetchone()[0]
# Courses of the period with their visible materials; the people of those courses.
run('''CREATE TEMP TABLE b_course AS
  SELECT c.id AS course_id, c.code, coalesce((
    SELECT array_agg(m.id ORDER BY m.id) FROM courses_material m
    JOIN courses_module mo ON mo.id = m.module_id
    WHERE mo.course_id = c.id AND NOT m.is_hidden AND NOT mo.is_hidden), '{}') AS materials
  FROM courses_course c WHERE c.period_id = %s AND c.status = 'published' ''', [period_id])
run("CREATE UNIQUE INDEX ON b_course (course_id)")
run('''CREATE TEMP TABLE b_actor AS
  WITH teaching AS (
    SELECT st.user_id, array_agg(DISTINCT cs.course_id) AS courses
    FROM courses_coursestaff cs JOIN people_staff st ON st.id = cs.staff_id
    WHERE cs.course_id IN (SELECT course_id FROM b_course) GROUP BY st.user_id),
  learning AS (
    SELECT s.user_id, array_agg(e.course_id ORDER BY e.course_id) AS courses
    FROM courses_enrolment e JOIN people_student s ON s.id = e.student_id
    WHERE e.is_active AND e.course_id IN (SELECT course_id FROM b_course)
      AND s.user_id NOT IN (SELECT user_id FROM teaching) GROUP BY s.user_id)
  SELECT user_id, 't' AS kind, courses, 0.6 + random() * 0.4 AS zeal FROM teaching
  UNION ALL
  SELECT user_id, 's', courses,
         CASE WHEN random() < 0.08 THEN 0.04 ELSE 0.35 + random() * 0.75 END FROM learning''')
# The days each person is active, with a weight (how busy); weights scaled to `wanted`
# statements: a day gets the statement numbers [start, stop).
run('''CREATE TEMP TABLE b_day AS
  SELECT a.user_id, a.kind, a.courses, d::date AS day, (d::date - %(first)s::date) AS dn,
    CASE WHEN a.kind = 't' THEN 10 + floor(random() * 70)
         ELSE 1 + floor(-ln(1 - random()) * 14) END AS w
  FROM b_actor a CROSS JOIN generate_series(%(first)s::date, %(last)s::date, '1 day') d
  WHERE random() < least(1, a.zeal * CASE WHEN extract(isodow FROM d) < 6 THEN 0.9
        WHEN a.kind = 't' THEN 0.1 ELSE 0.4 END)''', {"first": first, "last": last})
run('''CREATE TEMP TABLE b_span AS
  SELECT user_id, kind, courses, day, dn, start, stop,
         min(start) OVER (PARTITION BY user_id) AS first_i, 0::bigint AS s0, 0::bigint AS stream_id
  FROM (SELECT user_id, kind, courses, day, dn,
          floor((cum - w) * %(n)s / total)::bigint AS start,
          floor(cum * %(n)s / total)::bigint AS stop
        FROM (SELECT *, sum(w) OVER (ORDER BY user_id, day) AS cum, sum(w) OVER () AS total
              FROM b_day) x) y
  WHERE stop > start''', {"n": wanted})
run("SELECT count(*), count(DISTINCT user_id), coalesce(sum(stop - start), 0)::bigint FROM b_span")
person_days, people, planned = cursor.fetchone()
run("SELECT count(*) FILTER (WHERE kind = 's'), count(*) FILTER (WHERE kind = 't') FROM b_actor")
students, teachers = cursor.fetchone()
# Streams: numbers follow what the demo recorded in the person's stream.
run('''UPDATE b_span s SET s0 = f.seq FROM footprint_stream f WHERE f.key = 'user:' || s.user_id''')
run('''INSERT INTO footprint_stream (key, seq, head)
  SELECT 'user:' || user_id, sum(stop - start), sha256(convert_to('bench:' || user_id, 'UTF8'))
  FROM b_span GROUP BY user_id
  ON CONFLICT (key) DO UPDATE SET seq = footprint_stream.seq + excluded.seq''')
run('''UPDATE b_span s SET stream_id = f.id FROM footprint_stream f
  WHERE f.key = 'user:' || s.user_id''')
run("CREATE INDEX ON b_span (day)")
run("ANALYZE b_span")
clock("plan_s", started)

started = time.perf_counter()
run('''SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
  WHERE conrelid = 'footprint_statement'::regclass AND contype = 'f' ''')
foreign_keys = cursor.fetchall()
run('''SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()
  AND tablename = 'footprint_statement' AND indexname <> 'footprint_statement_pkey' ''')
indexes = cursor.fetchall()
for name, _definition in foreign_keys:
    run(f"ALTER TABLE footprint_statement DROP CONSTRAINT {name}")
for name, _definition in indexes:
    run(f"DROP INDEX {name}")

ACTIONS = '''(VALUES
  ('signin', 'logged-in', '{}'::jsonb, '{"ip": "10.20.30.40"}'::jsonb),
  ('signout', 'logged-out', '{}', '{"ip": "10.20.30.40"}'),
  ('view_m', 'viewed', '{}', '{"role": "student"}'),
  ('view_c', 'viewed', '{}', '{"role": "student"}'),
  ('complete_m', 'completed', '{"completion": true}', '{"role": "student"}'),
  ('download_m', 'downloaded', '{"bytes": 1843200}', '{"role": "student"}'),
  ('attempt', 'attempted', '{}', '{"role": "student"}'),
  ('answer', 'answered', '{"response_length": 14}', '{"attempt": 1, "position": 3, "seq": 2}'),
  ('submit_test', 'submitted', '{"score": "17.50"}', '{"attempt": 1, "ended_by": "student"}'),
  ('submit_asg', 'submitted', '{"attempt": 1, "late_seconds": 0}', '{"submission_id": 1}'),
  ('join', 'joined', '{"role": "attendee"}', '{}'),
  ('leave', 'left', '{}', '{}'),
  ('comment', 'commented', '{}', '{"role": "student"}'),
  ('t_view_m', 'viewed', '{}', '{"role": "staff"}'),
  ('t_view_c', 'viewed', '{}', '{"role": "staff"}'),
  ('attend', 'attended', '{"status": "present"}', '{"session_id": 1, "student_id": 1}'),
  ('grade_asg', 'graded', '{"points": "8", "max_points": "10"}', '{"submission_id": 1}'),
  ('grade_item', 'graded', '{"points": "8", "max_points": "10", "control": "current"}',
   '{"student_id": 1, "entry_id": 1}'),
  ('publish', 'published', '{"kind": "lecture"}', '{}'),
  ('t_join', 'joined', '{"role": "moderator"}', '{}'),
  ('t_comment', 'commented', '{}', '{"status": "draft"}')
  ) AS act (code, verb, res, ctx)'''
INSERT = f'''
INSERT INTO footprint_statement (statement_id, stream_id, seq, hash, stored, "timestamp",
  actor_id, actor_key, verb, verb_iri, object_kind, object_type, object_id, object_iri,
  object_ref, object_name, course_id, registration, result, context, raw, voided, voids)
WITH g AS (
  SELECT s.user_id, s.kind, s.stream_id, s.s0, s.first_i, s.day, s.dn, i,
         i - s.start AS j, s.stop - s.start AS k,
         s.courses[1 + mod(s.user_id * 7 + s.dn * 3 + (i - s.start) / 6,
                           cardinality(s.courses))] AS course,
         random() AS u, random() AS r, random() AS r2, random() AS r3
  FROM b_span s CROSS JOIN LATERAL generate_series(s.start, s.stop - 1) AS i
  WHERE s.day = %(day)s),
a AS (
  SELECT g.*, CASE
    WHEN j = 0 THEN 'signin'
    WHEN j = k - 1 AND k >= 4 AND r < 0.3 THEN 'signout'
    WHEN kind = 's' THEN CASE
      WHEN u < 0.50 THEN 'view_m' WHEN u < 0.56 THEN 'view_c' WHEN u < 0.66 THEN 'complete_m'
      WHEN u < 0.70 THEN 'download_m' WHEN u < 0.72 THEN 'attempt' WHEN u < 0.86 THEN 'answer'
      WHEN u < 0.88 THEN 'submit_test' WHEN u < 0.92 THEN 'submit_asg'
      WHEN u < 0.95 THEN 'join' WHEN u < 0.97 THEN 'leave' ELSE 'comment' END
    ELSE CASE
      WHEN u < 0.45 THEN 'attend' WHEN u < 0.55 THEN 'grade_asg' WHEN u < 0.60 THEN 'grade_item'
      WHEN u < 0.70 THEN 't_comment' WHEN u < 0.75 THEN 'publish' WHEN u < 0.92 THEN 't_view_m'
      WHEN u < 0.96 THEN 't_view_c' ELSE 't_join' END
  END AS code,
  date_trunc('milliseconds', (g.day + time '08:00') AT TIME ZONE %(zone)s
             + make_interval(secs => (j + r3) * 50400.0 / k)) AS ts
  FROM g),
o AS (
  SELECT a.*, act.verb, act.res, act.ctx,
    CASE WHEN cardinality(c.materials) > 0
         THEN c.materials[1 + floor(a.r2 * cardinality(c.materials))::int] END AS material
  FROM a JOIN {ACTIONS} ON act.code = a.code JOIN b_course c ON c.course_id = a.course),
p AS (
  SELECT o.*, CASE
    WHEN code IN ('signin', 'signout') THEN 'platform'
    WHEN code IN ('view_m', 'complete_m', 'download_m', 'publish', 't_view_m')
      THEN CASE WHEN material IS NULL THEN 'course' ELSE 'material' END
    WHEN code IN ('view_c', 't_view_c', 'comment', 't_comment') THEN 'course'
    WHEN code IN ('attempt', 'submit_test') THEN 'assessment'
    WHEN code = 'answer' THEN 'question'
    WHEN code IN ('submit_asg', 'grade_asg', 'grade_item') THEN 'assignment'
    WHEN code IN ('join', 'leave', 't_join') THEN 'session'
    ELSE 'attendance' END AS otype,
  CASE
    WHEN code IN ('signin', 'signout') THEN 'qashyq'
    WHEN code IN ('view_m', 'complete_m', 'download_m', 'publish', 't_view_m')
      THEN coalesce(material, course)::text
    WHEN code IN ('view_c', 't_view_c', 'comment', 't_comment') THEN course::text
    WHEN code IN ('attempt', 'submit_test') THEN (course * 10 + floor(r2 * 4))::text
    WHEN code = 'answer' THEN (course * 1000 + floor(r2 * 300))::text
    WHEN code IN ('submit_asg', 'grade_asg') THEN (course * 10 + floor(r2 * 8))::text
    WHEN code = 'grade_item' THEN 'grade-item:' || (course * 100 + floor(r2 * 40))
    WHEN code IN ('join', 'leave', 't_join') THEN (course * 1000 + dn)::text
    ELSE i::text END AS oid
  FROM o)
SELECT gen_random_uuid(), p.stream_id, p.s0 + p.i - p.first_i + 1, sha256(int8send(p.i)),
  p.ts + interval '150 milliseconds', p.ts, p.user_id, %(actor)s || p.user_id, p.verb,
  %(verbs)s::jsonb ->> p.verb, 'Activity', p.otype, p.oid,
  %(iri)s || p.otype || '/' || p.oid, NULL,
  left(CASE p.otype WHEN 'platform' THEN 'Qashyq' WHEN 'material' THEN m.title
       WHEN 'course' THEN c.code WHEN 'assessment' THEN 'Test ' || p.oid
       WHEN 'assignment' THEN 'Assignment ' || p.oid WHEN 'session' THEN c.code
       ELSE '' END, 300),
  CASE WHEN p.otype = 'platform' THEN NULL ELSE p.course END, NULL, p.res, p.ctx, NULL,
  false, NULL
FROM p LEFT JOIN courses_material m ON m.id = p.material
LEFT JOIN b_course c ON c.course_id = p.course
ORDER BY p.ts, p.user_id'''
params = {
    "zone": settings.TIME_ZONE,
    "actor": f"account:{xapi.site()}|",
    "iri": f"{xapi.site()}/xapi/activities/",
    "verbs": json.dumps({verb.value: term.iri for verb, term in VERBS.items()}),
}
day = first
while day <= last:
    run(INSERT, {**params, "day": day})
    day += dt.timedelta(days=1)
clock("insert_s", started)
started = time.perf_counter()
for _name, definition in indexes:
    run(definition.replace(" ON ONLY ", " ON "))
clock("indexes_s", started)
started = time.perf_counter()
for name, definition in foreign_keys:
    run(f"ALTER TABLE footprint_statement ADD CONSTRAINT {name} {definition}")
clock("foreign_keys_s", started)
started = time.perf_counter()
run('''INSERT INTO accounts_authevent (user_id, username, kind, ip_address, user_agent, at)
  SELECT s.actor_id, u.username,
         CASE s.verb WHEN 'logged-in' THEN 'signed_in' ELSE 'signed_out' END,
         ('10.20.' || mod(s.actor_id / 250, 250) || '.' || mod(s.actor_id, 250))::inet,
         'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0', s."timestamp"
  FROM footprint_statement s JOIN accounts_user u ON u.id = s.actor_id
  WHERE s.id > %s AND s.verb IN ('logged-in', 'logged-out')''', [id_before])
auth_events = cursor.rowcount
clock("auth_events_s", started)
run("SELECT count(*) FROM footprint_statement WHERE id > %s", [id_before])
made = cursor.fetchone()[0]
run('''SELECT verb, count(*) FROM footprint_statement WHERE id > %s GROUP BY verb
  ORDER BY 2 DESC''', [id_before])
verbs = dict(cursor.fetchall())
run("SELECT count(*) FROM b_course")
courses = cursor.fetchone()[0]
print(json.dumps({
    "statements": made, "planned": planned, "first_day": first.isoformat(),
    "last_day": last.isoformat(), "period_id": period_id, "courses": courses,
    "students_active": students, "teachers_active": teachers, "people": people,
    "person_days": person_days, "auth_events": auth_events, "verbs": verbs,
    "timings": timings,
}))
"""

FOLD = r"""
import json, sys, time
import django
django.setup()
from django.utils import timezone
from qashyq.footprint.data import Action, ActivityType, Verb
from qashyq.footprint.services import footprint_record_many
from qashyq.reports import services
from qashyq.reports.models import ActorDay, CourseActorDay, CourseDay, ObjectDay
from qashyq.courses.models import Enrolment, Material

increment = int(sys.argv[1])
# The generated history was stored "in the past", behind the watermark the demo's own
# fold left: fold everything again, as after a change of what the rollups count.
started = time.perf_counter()
folded = services.rollups_rebuild().statements
# The rebuild stops a minute ago (ROLLUP_MARGIN): the demo's last statements follow.
folded += services.rollups_update(until=timezone.now()).statements
full_s = time.perf_counter() - started
rows = {m.__name__: m.objects.count() for m in (ObjectDay, CourseActorDay, CourseDay, ActorDay)}
# An incremental run: the statements of a few busy minutes, recorded by the store.
pairs = list(Enrolment.objects.filter(is_active=True, course__status="published")
             .values_list("student__user_id", "course_id")[:increment])
materials = {}
for pk, course_id in Material.objects.filter(
        module__course_id__in={c for _u, c in pairs}).values_list("pk", "module__course_id"):
    materials.setdefault(course_id, pk)
actions = [Action(user_id, Verb.VIEWED, ActivityType.MATERIAL,
                  str(materials.get(course_id, course_id)), "", course_id)
           for user_id, course_id in pairs]
footprint_record_many(actions=actions)
started = time.perf_counter()
# What the beat task runs (rollups_update_task), up to now rather than a minute ago.
incremental = services.rollups_update(until=timezone.now()).statements
incremental_s = time.perf_counter() - started
print(json.dumps({"folded": folded, "full_s": round(full_s, 2), "rollup_rows": rows,
                  "increment": incremental, "incremental_s": round(incremental_s, 3)}))
"""

SESSIONS = r"""
import json, sys
import django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore
from django.db.models import Count, Q
from qashyq.accounts.models import User
from qashyq.courses.models import Course, CourseStaff
from qashyq.people.models import RoleAssignment, Staff, Student
from qashyq.reports.models import ActorDay

period_id = int(sys.argv[1])
names = ["rector", "registrar", "dean", "head", "teacher", "tutor", "advisor", "student"]
sessions = {}
for name in names:
    user = User.objects.get(username=name)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "qashyq.accounts.backends.UsernameOrEmailBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    sessions[name] = store.session_key
dean = RoleAssignment.objects.filter(user__username="dean", role="dean").first()
head = RoleAssignment.objects.filter(user__username="head", role="department_head").first()
advisor = RoleAssignment.objects.filter(user__username="advisor", role="advisor").first()
enrolled = Count("enrolments", filter=Q(enrolments__is_active=True))
courses = Course.objects.filter(period_id=period_id, status="published").annotate(n=enrolled)
biggest = courses.order_by("-n", "pk").first()
teacher = Staff.objects.get(user__username="teacher")
taught = courses.filter(pk__in=CourseStaff.objects.filter(staff=teacher).values("course_id"))
own = taught.order_by("-n", "pk").first()
# The advisor's drill-down: the student of their group most active in the footprint.
group_users = Student.objects.filter(group_id=advisor.group_id).values("user_id")
busiest = (ActorDay.objects.filter(actor_id__in=group_users).values("actor_id")
           .annotate(n=Count("id")).order_by("-n").first())
drill = Student.objects.get(user_id=busiest["actor_id"]) if busiest else (
    Student.objects.filter(group_id=advisor.group_id).first())
print(json.dumps({
    "sessions": sessions,
    "faculty_id": dean.faculty_id if dean else None,
    "department_id": head.department_id if head else None,
    "course_id": biggest.pk, "course_students": biggest.n,
    "teacher_course_id": own.pk if own else None,
    "teacher_course_students": own.n if own else 0,
    "teacher_courses": taught.count(),
    "advisor_student_id": drill.pk,
}))
"""

SIZES = """
SELECT coalesce(sum(pg_total_relation_size(c.oid))
         FILTER (WHERE c.relname LIKE 'footprint_statement%' AND c.relkind = 'r'), 0),
       coalesce(sum(pg_relation_size(c.oid))
         FILTER (WHERE c.relname LIKE 'footprint_statement%' AND c.relkind = 'r'), 0),
       coalesce(sum(pg_total_relation_size(c.oid))
         FILTER (WHERE c.relname LIKE 'reports_%' AND c.relkind = 'r'), 0),
       pg_total_relation_size('accounts_authevent'),
       pg_database_size(current_database())
FROM pg_class c
"""


def fetch(port: int, path: str, cookie: str) -> tuple[int, int, float]:
    """One GET with a fresh connection: status (0: the connection broke, e.g. gunicorn
    killed a worker past its 30 s timeout), bytes, milliseconds."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    try:
        conn.request(
            "GET", path, headers={"Cookie": f"sessionid={cookie}", "Accept-Language": "kk"}
        )
        response = conn.getresponse()
        status, size = response.status, len(response.read())
    except (OSError, http.client.HTTPException):
        status, size = 0, 0
    finally:
        conn.close()
    return status, size, (time.perf_counter() - started) * 1000


def measure(port: int, path: str, cookie: str, repeat: int) -> dict[str, Any]:
    status, size, cold = fetch(port, path, cookie)
    if status != 200:
        return {"path": path, "status": status, "cold_ms": round(cold, 1)}
    fetch(port, path, cookie)  # warm-up
    times = sorted(fetch(port, path, cookie)[2] for _ in range(repeat))
    return {
        "path": path,
        "bytes": size,
        "cold_ms": round(cold, 1),
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1),
        "max_ms": round(times[-1], 1),
    }


REPORTS = (
    "contingent",
    "courses",
    "content",
    "access",
    "signins",
    "activity",
    "grades",
    "attendance",
    "teachers",
)
TEACHER_REPORTS = tuple(k for k in REPORTS if k not in ("contingent", "signins"))


def cases(setup: dict[str, Any], gen: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(name, user, path) of every page measured."""
    period = f"from={gen['first_day']}&to={gen['last_day']}"
    out: list[tuple[str, str, str]] = [("index/rector", "rector", "/reports/")]
    for key in REPORTS:
        out.append((f"{key}/rector/whole", "rector", f"/reports/{key}/?{period}"))
        if setup["faculty_id"]:
            faculty = f"{period}&faculty={setup['faculty_id']}"
            out.append((f"{key}/rector/faculty", "rector", f"/reports/{key}/?{faculty}"))
        course = f"{period}&course={setup['course_id']}"
        out.append((f"{key}/rector/course", "rector", f"/reports/{key}/?{course}"))
        out.append((f"{key}/dean/whole", "dean", f"/reports/{key}/?{period}"))
        out.append((f"{key}/head/whole", "head", f"/reports/{key}/?{period}"))
    for key in TEACHER_REPORTS:
        out.append((f"{key}/teacher/whole", "teacher", f"/reports/{key}/?{period}"))
        if setup["teacher_course_id"]:
            own = f"{period}&course={setup['teacher_course_id']}"
            out.append((f"{key}/teacher/course", "teacher", f"/reports/{key}/?{own}"))
    drill = setup["advisor_student_id"]
    out += [
        ("students/me/student", "student", "/reports/students/me/"),
        ("students/me/student/whole", "student", f"/reports/students/me/?{period}"),
        ("students/detail/advisor", "advisor", f"/reports/students/{drill}/"),
        ("students/detail/advisor/whole", "advisor", f"/reports/students/{drill}/?{period}"),
    ]
    for user in ("advisor", "tutor", "teacher"):
        out += [
            (f"students/list/{user}", user, "/reports/students/"),
            (f"students/list/{user}/whole", user, f"/reports/students/?{period}"),
            (f"students/at-risk/{user}", user, "/reports/students/at-risk/"),
        ]
    return out


def python(env: dict[str, str], script: str, *args: str) -> dict[str, Any]:
    """Run a Django script; its last line of output is JSON."""
    made = subprocess.run(
        [str(BIN / "python"), "-c", script, *args],
        env=env,
        cwd=ROOT,
        check=False,
        capture_output=True,
        text=True,
    )
    if made.returncode != 0:
        raise SystemExit(made.stderr[-4000:])
    result: dict[str, Any] = json.loads(made.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=10_000)
    parser.add_argument("--statements", type=int, default=10_000_000)
    parser.add_argument("--days", type=int, default=120)
    parser.add_argument("--increment", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=5, help="timed requests per page")
    parser.add_argument("--seed", type=float, default=0.2026)
    parser.add_argument("--port", type=int, default=8775)
    args = parser.parse_args()

    started_all = time.perf_counter()
    env = scratch_env("postgres", "report_pages")
    figures: dict[str, Any] = {"bench": "reports", "database": "postgres"}
    phases: dict[str, float] = {}
    phases["migrate_s"] = round(qashyq(env, "migrate", "--verbosity", "0"), 1)
    phases["demo_s"] = round(qashyq(env, "demo", "--students", str(args.students)), 1)
    env["DJANGO_SETTINGS_MODULE"] = "qashyq.settings.base"
    started = time.perf_counter()
    gen = python(
        env,
        GENERATE,
        json.dumps({"statements": args.statements, "days": args.days, "seed": args.seed}),
    )
    phases["generate_s"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    settle(env)
    phases["settle_after_load_s"] = round(time.perf_counter() - started, 1)
    fold = python(env, FOLD, str(args.increment))
    phases["rollups_full_s"] = fold["full_s"]
    started = time.perf_counter()
    settle(env)
    phases["settle_after_rollups_s"] = round(time.perf_counter() - started, 1)
    sizes = subprocess.run(
        ["psql", "-At", "-F", " ", env["DATABASE_URL"], "-c", SIZES],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    statement_bytes, statement_heap, rollup_bytes, auth_bytes, database_bytes = map(int, sizes)
    setup = python(env, SESSIONS, str(gen["period_id"]))
    pages: dict[str, Any] = {}
    started = time.perf_counter()
    with served(env, args.port):
        for name, user, path in cases(setup, gen):
            pages[name] = measure(args.port, path, setup["sessions"][user], args.repeat)
        period = f"from={gen['first_day']}&to={gen['last_day']}"
        export_path = f"/reports/signins/export.xlsx?{period}"
        status, size, export_ms = fetch(args.port, export_path, setup["sessions"]["registrar"])
        export = {
            "path": export_path,
            "status": status,
            "bytes": size,
            "ms": round(export_ms, 1),
        }
    phases["pages_s"] = round(time.perf_counter() - started, 1)
    phases["total_s"] = round(time.perf_counter() - started_all, 1)
    timed = {k: v for k, v in pages.items() if "p95_ms" in v}
    slowest = max(timed, key=lambda k: timed[k]["p95_ms"]) if timed else None
    slowest_cold = max(timed, key=lambda k: timed[k]["cold_ms"]) if timed else None
    figures.update(
        {
            "cache": "redis" if env.get("REDIS_URL") else "files",
            "students": args.students,
            "statements": gen["statements"],
            "chained": False,
            "days": args.days,
            "first_day": gen["first_day"],
            "last_day": gen["last_day"],
            "courses": gen["courses"],
            "students_active": gen["students_active"],
            "teachers_active": gen["teachers_active"],
            "person_days": gen["person_days"],
            "auth_events": gen["auth_events"],
            "verbs": gen["verbs"],
            "generate_phases_s": gen["timings"],
            "rollups": {
                "full_run": "services.rollups_rebuild()",
                "folded": fold["folded"],
                "full_s": fold["full_s"],
                "statements_per_s": round(fold["folded"] / fold["full_s"])
                if fold["full_s"]
                else None,
                "rows": fold["rollup_rows"],
                "incremental_statements": fold["increment"],
                "incremental_s": fold["incremental_s"],
            },
            "disk_mb": {
                "statements_with_indexes": round(statement_bytes / 2**20, 1),
                "statements_heap": round(statement_heap / 2**20, 1),
                "rollups": round(rollup_bytes / 2**20, 1),
                "auth_events": round(auth_bytes / 2**20, 1),
                "database": round(database_bytes / 2**20, 1),
            },
            "viewers": {
                "faculty_id": setup["faculty_id"],
                "course_id": setup["course_id"],
                "course_students": setup["course_students"],
                "teacher_courses": setup["teacher_courses"],
                "teacher_course_students": setup["teacher_course_students"],
            },
            "phases_s": phases,
            "pages": pages,
            "export_xlsx": export,
            "errors": {k: v["status"] for k, v in pages.items() if "p95_ms" not in v},
            "slowest_p95": {"page": slowest, **timed[slowest]} if slowest else None,
            "slowest_cold": {"page": slowest_cold, **timed[slowest_cold]} if slowest_cold else None,
            "over_target_p95": sorted(k for k, v in timed.items() if v["p95_ms"] >= 1000),
            "over_target_cold": sorted(k for k, v in timed.items() if v["cold_ms"] >= 1000),
            "target_ms": 1000,
            "load_average": [round(x, 2) for x in os.getloadavg()],
            "cpus": os.cpu_count(),
            "python": sys.version.split()[0],
        }
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
