"""Per-client rate limit that counts pages scored, shared by every route, worker and host.

One budget per client address (``RATELIMIT_DEFAULT``, e.g. ``600 per minute``): a request
spends 1, a batch spends one per item, so a 64-page batch cannot score 64 times as much as a
single check. The counters live in ``RATELIMIT_STORAGE_URI``: ``memory://`` (one process) or
``redis://host:port`` (shared by gunicorn's workers and by several hosts). Moving windows, so
a client cannot spend two budgets around a window boundary.
"""

import logging
import math
import time

from flask import Flask, current_app, request
from limits import parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from werkzeug.exceptions import TooManyRequests

log = logging.getLogger("service.ratelimit")

UNLIMITED_PATHS = ("/healthz", "/readyz")
# Endpoints that spend their own cost once they know it (see spend()).
SELF_CHARGING = {"check.check_batch"}
NAMESPACE = "headline-check"


class RateLimited(TooManyRequests):
    """429 with the seconds to wait."""

    def __init__(self, detail: str, retry_after: int):
        super().__init__(detail)
        self.retry_after = retry_after

    def get_headers(self, environ=None, scope=None):
        return [*super().get_headers(environ, scope), ("Retry-After", str(self.retry_after))]


class RateLimiter:
    """The configured limits over one counter storage."""

    def __init__(self, spec: str, storage_uri: str, *, enabled: bool = True):
        self.enabled = enabled
        self.limits = parse_many(spec)
        self.storage_uri = storage_uri
        self.strategy = MovingWindowRateLimiter(storage_from_string(storage_uri))

    def spend(self, client: str, cost: int) -> None:
        """Charge ``client`` ``cost`` pages, or raise RateLimited without charging."""
        if not self.enabled or cost <= 0:
            return
        try:
            for limit in self.limits:
                if not self.strategy.test(limit, NAMESPACE, client, cost=cost):
                    raise self._refusal(limit, client, cost)
            for limit in self.limits:
                if not self.strategy.hit(limit, NAMESPACE, client, cost=cost):
                    raise self._refusal(limit, client, cost)  # a concurrent request won the race
        except RateLimited:
            raise
        except Exception as error:  # counters unreachable: serve rather than refuse everyone
            log.warning("rate limit storage unavailable (%s): request not counted", type(error))

    def _refusal(self, limit, client: str, cost: int) -> RateLimited:
        stats = self.strategy.get_window_stats(limit, NAMESPACE, client)
        retry_after = max(1, math.ceil(stats.reset_time - time.time()))
        detail = f"Too many requests (limit {limit}"
        if cost > 1:
            detail += f"; this request would spend {cost}"
        detail += f"); retry after {retry_after} s."
        return RateLimited(detail, retry_after)


def limiter() -> RateLimiter:
    return current_app.extensions["headline_check_limiter"]


def spend(cost: int) -> None:
    """Charge the current client ``cost`` pages (a batch calls this with its item count)."""
    limiter().spend(request.remote_addr or "-", cost)


def _charge_request() -> None:
    if request.method == "OPTIONS" or request.path in UNLIMITED_PATHS:
        return
    if request.endpoint in SELF_CHARGING:
        return
    spend(1)


def init_app(app: Flask) -> None:
    app.extensions["headline_check_limiter"] = RateLimiter(
        app.config["RATELIMIT_DEFAULT"],
        app.config["RATELIMIT_STORAGE_URI"],
        enabled=app.config["RATELIMIT_ENABLED"],
    )
    app.before_request(_charge_request)
