"""The WSGI entry point for gunicorn: ``gunicorn -c deploy/gunicorn.conf.py service.wsgi:app``.

A service that cannot start (model missing, altered or corrupt, database not openable, a bad
setting) prints one line and exits with status 2, instead of gunicorn's traceback. With
``preload_app`` (the shipped config) that happens once, in the master, before any worker forks.
"""

import sys

from service import STARTUP_ERRORS, create_app

try:
    app = create_app()
except STARTUP_ERRORS as error:
    print(f"headline-check: cannot start: {error}", file=sys.stderr, flush=True)
    sys.exit(2)
