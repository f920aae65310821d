"""courses.selectors: a package; each part in its own module, re-exported here."""
