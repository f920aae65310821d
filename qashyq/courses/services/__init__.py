"""courses.services: a package; each part in its own module, re-exported here."""

from qashyq.courses.services.content import *  # noqa: F403
from qashyq.courses.services.courses import *  # noqa: F403
from qashyq.courses.services.progress import *  # noqa: F403
from qashyq.courses.services.readiness import *  # noqa: F403
from qashyq.courses.services.syllabus import *  # noqa: F403
