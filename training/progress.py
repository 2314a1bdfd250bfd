"""Progress lines on stderr, so stdout stays one clean JSON object for other tools."""

import sys
import time


class Progress:
    def __init__(self, prefix: str, *, quiet: bool = False):
        self.prefix = prefix
        self.quiet = quiet
        self.started = time.perf_counter()

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def say(self, message: str) -> None:
        if not self.quiet:
            print(f"[{self.prefix} {self.elapsed:6.1f}s] {message}", file=sys.stderr, flush=True)
