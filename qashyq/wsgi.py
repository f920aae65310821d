"""WSGI entry point."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qashyq.settings.base")
application = get_wsgi_application()

# What the process loaded at start (Django, the apps, the models) lives as long as the
# process: keep it out of the cyclic collector's full passes, which otherwise walk it on
# every generation-2 collection in the middle of a request.
gc.freeze()
