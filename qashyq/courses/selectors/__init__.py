"""courses.selectors: a package; each part in its own module, re-exported here."""

from qashyq.courses.selectors.content import *  # noqa: F403
from qashyq.courses.selectors.courses import *  # noqa: F403
from qashyq.courses.selectors.readiness import *  # noqa: F403
