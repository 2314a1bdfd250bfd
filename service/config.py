"""Configuration defaults, overridden by ``HEADLINE_CHECK_*`` environment variables.

Every key below can be set as ``HEADLINE_CHECK_<KEY>``; the value is parsed by the type of the
default (int, float, bool, comma-separated list, JSON object).  docs/service.md documents each one.
"""

import json
import os
from collections.abc import Mapping

ENV_PREFIX = "HEADLINE_CHECK_"

DEFAULTS: dict[str, object] = {
    # `headline-check serve` binds here (gunicorn has its own -b).
    "HOST": "127.0.0.1",
    "PORT": 8000,
    # Path of the model .joblib; None = the bundled training/models/default.joblib.
    "MODEL": None,
    # Feedback database: a path or sqlite:///path URL; None = <instance folder>/feedback.sqlite3.
    "DATABASE": None,
    # Requests larger than this many bytes get 413 (Flask's own setting).
    "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    # Longer bodies/titles are cut to this many characters before scoring (flagged `truncated`).
    "MAX_BODY_CHARS": 100_000,
    "MAX_TITLE_CHARS": 1_000,
    # Most items accepted by POST /api/v1/check/batch.
    "BATCH_MAX": 64,
    # Sensitivity used when a request does not name one: low | normal | high.
    "DEFAULT_SENSITIVITY": "normal",
    # Warning thresholds per sensitivity, overriding the model card's tuned ones, as JSON:
    # {"normal": {"unrelated": 0.85, "disagree": 0.8}}; {} = the card's thresholds.
    "THRESHOLDS": {},
    # OpenMP threads per scoring call. Workers already use every core; more threads only
    # contend (two workers x two threads on two cores turned a 40 ms check into seconds).
    "MODEL_THREADS": 1,
    # Entries in the in-process result cache; 0 turns it off.
    "CACHE_SIZE": 4096,
    # Where results are cached: memory:// (each worker its own LRU) or redis://host:port/db
    # (shared by workers and hosts; entries expire after CACHE_TTL seconds).
    "CACHE_STORAGE_URI": "memory://",
    "CACHE_TTL": 86400,
    # Per-client rate limit in pages scored (a batch spends one per item), shared by all routes.
    # Counters in memory:// (per process) or redis://host:port/db (shared by workers and hosts).
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_DEFAULT": "600 per minute",
    "RATELIMIT_STORAGE_URI": "memory://",
    # Seconds a check may take from arrival (behind nginx: from nginx's X-Request-Start) to
    # answer; work that would finish later is refused at once with 503 + Retry-After. Under
    # the extension's 5 s timeout, so the client still reads the answer.
    "CHECK_DEADLINE": 4.0,
    # Most pages waiting for the model in one worker; more get 503 + Retry-After.
    "QUEUE_MAX": 512,
    # Reverse proxies in front (nginx = 1): client address from X-Forwarded-For, and the
    # request's start from X-Request-Start. 0 = trust no forwarded header.
    "PROXY_COUNT": 0,
    # When set, /api/v1/* requires this value in the X-API-Key header.
    "API_KEY": None,
    # Web origins (scheme://host[:port]) granted CORS, besides browser extensions.
    "CORS_ORIGINS": [],
    # Extension IDs granted CORS (chrome-extension://ID, moz-extension://UUID); empty = any.
    "EXTENSION_IDS": [],
    "LOG_LEVEL": "INFO",
}

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _parse(key: str, raw: str, default: object) -> object:
    """Parse one environment value by the type of its default."""
    if isinstance(default, bool):
        value = raw.strip().lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise ValueError(f"{ENV_PREFIX}{key} must be true or false, not {raw!r}")
    if isinstance(default, float):
        try:
            return float(raw)
        except ValueError:
            raise ValueError(f"{ENV_PREFIX}{key} must be a number, not {raw!r}") from None
    if isinstance(default, int):
        try:
            return int(raw.replace("_", ""))
        except ValueError:
            raise ValueError(f"{ENV_PREFIX}{key} must be an integer, not {raw!r}") from None
    if isinstance(default, dict):
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            raise ValueError(f"{ENV_PREFIX}{key} must be a JSON object, not {raw!r}") from None
        if not isinstance(value, dict):
            raise ValueError(f"{ENV_PREFIX}{key} must be a JSON object, not {raw!r}")
        return value
    if isinstance(default, list):
        return [part.strip() for part in raw.split(",") if part.strip()]
    if default is None:
        return raw or None
    return raw


def from_env(environ: Mapping[str, str] | None = None) -> dict[str, object]:
    """Return the settings given as ``HEADLINE_CHECK_*`` variables, parsed."""
    environ = os.environ if environ is None else environ
    return {
        key: _parse(key, environ[ENV_PREFIX + key], default)
        for key, default in DEFAULTS.items()
        if ENV_PREFIX + key in environ
    }
