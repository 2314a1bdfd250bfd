"""In-process LRU cache of check results, keyed by model version and a content hash."""

import hashlib
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


def content_key(model_version: str, title: str, body: str, sensitivity: str) -> str:
    """Cache key: the model version plus a hash of exactly what was scored."""
    return f"{model_version}:{sha256_parts(title, body, sensitivity)}"


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
