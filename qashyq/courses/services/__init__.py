"""courses.services: a package; each part in its own module, re-exported here."""
