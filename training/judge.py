"""Decide whether a page can be judged at all: guessing on a caption or a French page is
worse than saying "cannot judge"."""

import re

from . import text

MIN_BODY_WORDS = 25
MIN_HEADLINE_WORDS = 3
# English running text is roughly 40-50 % function words; other languages share few of ours.
MIN_ENGLISH_STOPWORD_SHARE = 0.15
MIN_LATIN_LETTER_SHARE = 0.5


_LETTER = re.compile(r"[^\W\d_]")
_OTHER_SCRIPT_LETTER = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f]")
SAMPLE_CHARS = 20_000  # the script of a page shows in its first pages of text


def _latin_share(value: str) -> float:
    """Share of the letters that are Latin. Letters of other scripts are counted first: an
    English page has none, and then counting every letter (a list of thousands) is skipped."""
    value = value[:SAMPLE_CHARS]
    other = len(_OTHER_SCRIPT_LETTER.findall(value))
    if not other:
        return 1.0 if _LETTER.search(value) else 0.0
    return 1 - other / len(_LETTER.findall(value))


def unjudgeable_reason(headline: str, body: str) -> str | None:
    """A reason code from ``verdict.EXPLANATIONS`` when the pair cannot be judged, else None."""
    if not headline.strip() or not body.strip():
        return "empty"
    if not any(c.isalpha() for c in headline) or not any(c.isalpha() for c in body):
        return "no_letters"
    # Scripts without spaces (Chinese, Japanese) would otherwise look like a few long words.
    if (
        _latin_share(body) < MIN_LATIN_LETTER_SHARE
        or _latin_share(headline) < MIN_LATIN_LETTER_SHARE
    ):
        return "not_english"
    body_words = text.words(body)
    if len(text.words(headline)) < MIN_HEADLINE_WORDS or len(body_words) < MIN_BODY_WORDS:
        return "too_short"
    sample = body_words[:2000]
    if sum(w in text.STOPWORDS for w in sample) / len(sample) < MIN_ENGLISH_STOPWORD_SHARE:
        return "not_english"
    return None
