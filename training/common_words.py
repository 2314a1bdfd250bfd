"""English words a dictionary knows only as common words, never as names.

A headline capitalises its first word, so a pun's opening word ("Windfall paints a brighter
future …") looks like a name to ``features.names``; when the article never uses it, the story
check took the pun for a headline over another story and warned honest pages. A dictionary
with names in it settles that: it knows "windfall" only in lower case, "Brown" both ways and
"Kovac" not at all, and only the first kind is set aside (``features.names.names_someone``).

The list ships in the repository (``wordlists/common-words.txt``, 62,477 words), derived from
SCOWL's British English list as Debian packages it (``wbritish``; licence and notices in
``wordlists/SCOWL-COPYRIGHT``): its lower-case words whose capitalised form it does not list.
``make wordlist`` derives it again from an installed ``wbritish`` whose file has the pinned
SHA-256, and the file is verified against its own pinned SHA-256 before it is read.
"""

import functools
import re
import sys
from pathlib import Path

from .model_store import ModelIntegrityError, file_sha256

FILE = Path(__file__).parent / "wordlists" / "common-words.txt"
FILE_SHA256 = "923d9608cbbe9914bac52d20c48e84f1ebac890206aac861eec0a7d87df54e8b"
SOURCE = Path("/usr/share/dict/british-english")
# Debian bookworm's wbritish 2020.12.07-2 (SCOWL 2020.12.07).
SOURCE_SHA256 = "7424d6682301dc86f73b0a5c8c53f0ba4c9f0a41fb2d1cb7e5fe7f8a04f15fb0"
_LETTERS = re.compile(r"[a-z]+")


@functools.cache
def common_words() -> frozenset[str]:
    if file_sha256(FILE) != FILE_SHA256:
        raise ModelIntegrityError(
            f"{FILE} does not match its pinned SHA-256: restore it from the repository"
        )
    return frozenset(FILE.read_text(encoding="utf-8").split())


def is_common_word(word: str) -> bool:
    """Is every part of the word ("Sole-destroying": sole, destroying) only a common word?

    Capitals do not change the answer: "BREAKING:" and "WATCH:" open headlines as labels, and
    an acronym spelled like a word ("AIDS") is taken for that word too, the rarer case."""
    parts = _LETTERS.findall(word.lower().replace("’", "'").removesuffix("'s"))
    known = common_words()
    return bool(parts) and all(part in known for part in parts)


def derive(dictionary_text: str) -> str:
    """The list's text from the dictionary's: one lower-case word a line, sorted."""
    entries = set(dictionary_text.split("\n"))
    kept = sorted(
        w for w in entries if _LETTERS.fullmatch(w) and w[0].upper() + w[1:] not in entries
    )
    return "".join(f"{w}\n" for w in kept)


def main(argv=None) -> int:
    """Write the list again from the installed dictionary (``make wordlist``)."""
    source = Path((argv or sys.argv[1:] or [SOURCE])[0])
    if not source.is_file():
        print(f"{source} not found: install Debian's wbritish package", file=sys.stderr)
        return 2
    if file_sha256(source) != SOURCE_SHA256:
        print(f"{source} is not the pinned wbritish 2020.12.07-2 list", file=sys.stderr)
        return 2
    FILE.write_text(derive(source.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {FILE} ({file_sha256(FILE)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
