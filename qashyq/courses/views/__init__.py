"""courses.views: a package; each part in its own module, re-exported here."""

from qashyq.courses.views.readiness import *  # noqa: F403
