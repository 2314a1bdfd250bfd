"""gunicorn settings for the check service (docs/service.md, "Production").

    gunicorn -c deploy/gunicorn.conf.py service.wsgi:app

Every value can be overridden on the command line (``-b``, ``-w`` ...) or, for the bind
address, with HEADLINE_CHECK_BIND. gunicorn must only be reachable through nginx
(deploy/nginx.conf): nginx buffers whole requests, so slow clients never hold a thread here.
"""

import os

bind = os.environ.get("HEADLINE_CHECK_BIND", "127.0.0.1:8001")
# Load (and verify) the model once, in the master: workers share its pages, and a bad model
# stops start-up with one line before any worker forks.
preload_app = True
# One worker per core: scoring is CPU-bound and single-threaded per worker.
workers = int(os.environ.get("HEADLINE_CHECK_WORKERS", "2"))
# Threads wait for the model, not compute: enough of them that a worker's next model call can
# be full (64 pages, BATCH_MAX) and that queued checks reach the app's bounded queue (which
# sheds with a fast 503) instead of waiting unseen in gunicorn's. nginx sends each host at
# most workers x threads requests at once (max_conns in deploy/nginx.conf).
worker_class = "service.gunicorn_worker.ProblemThreadWorker"
threads = int(os.environ.get("HEADLINE_CHECK_THREADS", "64"))
worker_connections = 1000
# nginx keeps upstream connections alive (deploy/nginx.conf); close idle ones a bit later.
keepalive = 75
# A worker stuck longer than this is restarted; a model call takes well under a second.
timeout = 60
graceful_timeout = 20
# Recycle workers now and then (jittered, so not both at once): bounds slow growth.
max_requests = 200_000
max_requests_jitter = 20_000
# The same limits nginx applies in front (nginx answers first; these guard direct access).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
# The app logs one line per request (service.access_log); gunicorn's access log stays off.
accesslog = None
errorlog = "-"


def post_worker_init(worker):
    """Each worker makes its own encoder session after the fork; make it before the first
    reader's request does (service.scoring.Scorer.warm_up)."""
    worker.wsgi.extensions["headline_check"].warm_up()


# gunicorn >= 25 opens a control socket in $HOME by default; two instances on one machine
# would share its path, and nothing here uses it.
control_socket_disable = True
