"""CORS for the extension and configured origins, the optional API key, and rate limiting."""

import hmac
import re
import time

from flask import Flask, Response, current_app, request
from flask_limiter import Limiter
from flask_limiter.errors import RateLimitExceeded
from flask_limiter.util import get_remote_address
from werkzeug.exceptions import Unauthorized

from service.errors import problem

EXTENSION_SCHEMES = ("chrome-extension", "moz-extension")
UNLIMITED_PATHS = ("/healthz", "/readyz")
# Chrome IDs are 32 letters a-p, Firefox's per-install UUIDs hex and dashes.
EXTENSION_ID = re.compile(r"[A-Za-z0-9-]+")


def origin_allowed(origin: str, web_origins: list[str], extension_ids: list[str]) -> bool:
    """True for configured web origins and for extension origins (only the listed IDs, if any)."""
    if origin in web_origins:
        return True
    scheme, sep, extension_id = origin.partition("://")
    if scheme not in EXTENSION_SCHEMES or not sep:
        return False
    if not EXTENSION_ID.fullmatch(extension_id):
        return False
    return not extension_ids or extension_id in extension_ids


def _cors(response: Response) -> Response:
    response.vary.add("Origin")
    origin = request.headers.get("Origin")
    config = current_app.config
    if not origin or not origin_allowed(origin, config["CORS_ORIGINS"], config["EXTENSION_IDS"]):
        return response
    headers = response.headers
    headers["Access-Control-Allow-Origin"] = origin
    headers["Access-Control-Expose-Headers"] = "X-Request-ID, Retry-After"
    if request.method == "OPTIONS":
        headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        headers["Access-Control-Allow-Headers"] = "Content-Type, X-API-Key, X-Request-ID"
        headers["Access-Control-Max-Age"] = "600"
    return response


def _require_api_key() -> None:
    key = current_app.config["API_KEY"]
    if not key or request.method == "OPTIONS" or not request.path.startswith("/api/"):
        return
    given = request.headers.get("X-API-Key", "")
    if not hmac.compare_digest(given.encode(), str(key).encode()):
        raise Unauthorized("This service needs a valid X-API-Key header.")


def _rate_limited(e: RateLimitExceeded):
    limit = current_app.extensions["headline_check_limiter"].current_limit
    retry_after = max(1, int(limit.reset_at - time.time())) if limit else 60
    detail = f"Too many requests (limit {e.description}); retry after {retry_after} s."
    return problem(429, detail, headers={"Retry-After": str(retry_after)})


def _exempt() -> bool:
    return request.method == "OPTIONS" or request.path in UNLIMITED_PATHS


def init_app(app: Flask) -> None:
    app.after_request(_cors)
    # Limits are per client address, kept in this process (RATELIMIT_* settings); the limiter
    # hooks in before the key check, so clients with a wrong key are limited too.
    app.extensions["headline_check_limiter"] = Limiter(
        get_remote_address,
        app=app,
        default_limits=[app.config["RATELIMIT_DEFAULT"]],
        default_limits_exempt_when=_exempt,
        headers_enabled=False,
    )
    app.before_request(_require_api_key)
    app.register_error_handler(RateLimitExceeded, _rate_limited)
