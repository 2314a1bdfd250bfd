"""CORS for the extension and configured origins, and the optional API key."""

import hmac
import re

from flask import Flask, Response, current_app, request
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import Unauthorized

from service import ratelimit

EXTENSION_SCHEMES = ("chrome-extension", "moz-extension")
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
        headers["Access-Control-Allow-Headers"] = (
            "Content-Type, X-API-Key, X-Request-ID, Idempotency-Key"
        )
        headers["Access-Control-Max-Age"] = "600"
    return response


def _require_api_key() -> None:
    key = current_app.config["API_KEY"]
    if not key or request.method == "OPTIONS" or not request.path.startswith("/api/"):
        return
    given = request.headers.get("X-API-Key", "")
    if not hmac.compare_digest(given.encode(), str(key).encode()):
        # RFC 9110 wants a challenge with every 401; the scheme names the header to send.
        challenge = WWWAuthenticate("ApiKey", {"realm": "headline-check", "header": "X-API-Key"})
        raise Unauthorized(
            "This service needs a valid X-API-Key header.", www_authenticate=challenge
        )


def init_app(app: Flask) -> None:
    app.after_request(_cors)
    # The rate limit hooks in before the key check, so clients with a wrong key are limited too.
    ratelimit.init_app(app)
    app.before_request(_require_api_key)
