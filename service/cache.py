"""Cache of check results keyed by model version and a content hash: in process or in Redis."""

import hashlib
import json
import threading
from collections import OrderedDict


def sha256_parts(*parts: str) -> str:
    """SHA-256 hex of several strings; length prefixes keep ("ab", "c") and ("a", "bc") apart."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        digest.update(b"%d:" % len(data))
        digest.update(data)
    return digest.hexdigest()


def content_key(scope: str, title: str, body: str, sensitivity: str) -> str:
    """Cache key: what the answer depends on besides the page (``scoring.cache_scope``: model
    and settings) plus a hash of exactly what was scored."""
    return f"{scope}:{sha256_parts(title, body, sensitivity)}"


class LRUCache:
    """A bounded, thread-safe mapping that forgets the least recently used entry."""

    def __init__(self, maxsize: int):
        self.maxsize = maxsize
        self._data: OrderedDict[str, dict] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> dict | None:
        with self._lock:
            value = self._data.get(key)
            if value is None:
                self.misses += 1
                return None
            self._data.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key: str, value: dict) -> None:
        if self.maxsize <= 0:
            return
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def __len__(self) -> int:
        return len(self._data)


class RedisCache:
    """The same get/put over Redis, shared by every worker and host; entries expire after
    ``ttl`` seconds (Redis's own eviction policy bounds memory). A Redis that does not answer
    is a cache miss, never a failed check."""

    # The result's shape is part of the key: results of an older release (same model, evidence
    # without its "measure") must not be served after an upgrade.
    PREFIX = "headline-check:result:v2:"

    def __init__(self, url: str, ttl: int):
        import redis

        self.ttl = ttl
        # Short timeouts: a slow cache must not cost more than scoring would.
        self._redis = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self.hits = 0
        self.misses = 0
        self.errors = 0

    def get(self, key: str) -> dict | None:
        try:
            raw = self._redis.get(self.PREFIX + key)
        except Exception:  # redis.RedisError, OSError
            self.errors += 1
            raw = None
        if raw is None:
            self.misses += 1
            return None
        self.hits += 1
        return json.loads(raw)

    def put(self, key: str, value: dict) -> None:
        try:
            self._redis.set(self.PREFIX + key, json.dumps(value), ex=self.ttl)
        except Exception:
            self.errors += 1

    def ping(self) -> None:
        self._redis.ping()


def make_cache(uri: str, size: int, ttl: int) -> LRUCache | RedisCache:
    """``memory://`` = this process's LRU of ``size`` entries; ``redis://...`` = shared."""
    if size <= 0 or uri in ("", "memory://"):
        return LRUCache(size)
    if uri.startswith(("redis://", "rediss://", "unix://")):
        return RedisCache(uri, ttl)
    raise ValueError(f"CACHE_STORAGE_URI must be memory:// or redis://..., not {uri!r}")
