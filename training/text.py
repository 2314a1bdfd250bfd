"""Tokens, stems and sentences: the one place text is cut up, so training and serving agree."""

import functools
import re
import unicodedata

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+|\n\s*\n|\n(?=\s*[•\-*]\s)|\n")
_CAPITALISED = re.compile(r"\b[A-Z][\w’'-]*[A-Za-z0-9]|\b[A-Z]\b")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")

# Function words carry no topic; a short list of our own keeps relatedness on content words.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is
    it its itself just me more most my myself no nor not now of off on once only or other our
    ours ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself
    yourselves said says say new one two after told according us mr mrs ms via per it's i'm
    he's she's that's there's were wasn't isn't""".split()
)


def normalise(text: str) -> str:
    """Fold compatibility characters (ligatures, full-width letters) so they match plain ones."""
    return unicodedata.normalize("NFKC", text)


def words(text: str) -> list[str]:
    """Lower-case word tokens, apostrophes folded, so “Lammy’s” and "lammy's" are one word."""
    return [w.replace("’", "'") for w in _WORD.findall(normalise(text).lower())]


@functools.lru_cache(maxsize=1 << 16)  # pure and called per word: the hot path of a check
def stem(word: str) -> str:
    """Strip common English suffixes; crude, but it lets "deny", "denies" and "denied" meet."""
    if word.endswith("'s"):
        word = word[:-2]
    n = len(word)
    if n > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if n > 4 and word.endswith("ied"):
        return word[:-3] + "y"
    if n > 5 and word.endswith("ing"):
        return word[:-3]
    if n > 4 and word.endswith("ed") and not word.endswith("eed"):
        return word[:-2]
    if n > 4 and word.endswith("sses"):
        return word[:-2]
    if n > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def token_stem(token: str) -> str:
    """The stem a word of any case is compared by: lower case, apostrophes folded."""
    return stem(token.lower().replace("’", "'"))


def is_content_word(word: str) -> bool:
    """Words that carry the topic: not a stop word, more than one letter."""
    return word not in STOPWORDS and len(word) > 1


def content_stems(text: str) -> list[str]:
    """Stems of the words that carry the topic."""
    return [stem(w) for w in words(text) if is_content_word(w)]


def sentences(text: str) -> list[str]:
    """Split a body into sentences and bullet lines; keeps only pieces with some letters."""
    pieces = (p.strip(" \t\r\n•-*") for p in _SENTENCE_END.split(normalise(text)))
    return [p for p in pieces if p and any(c.isalpha() for c in p)]


def names(text: str) -> set[str]:
    """Capitalised words not at a sentence start: a cheap stand-in for named entities."""
    found = set()
    for sentence in sentences(text):
        for match in _CAPITALISED.finditer(sentence):
            if match.start() == 0:
                continue
            token = token_stem(match.group())
            if token not in STOPWORDS:
                found.add(token)
    return found


def headline_names(headline: str) -> set[str]:
    """Names in a headline: title case capitalises every word, so use only non-stop words."""
    text = normalise(headline)
    found = {token_stem(m.group()) for m in _CAPITALISED.finditer(text)}
    return {t for t in found if t not in STOPWORDS and len(t) > 1}


def opening_word(headline: str) -> str | None:
    """The headline's first word when it is capitalised: capitalised because it comes first,
    whether or not it is a name."""
    text = normalise(headline)
    word, capitalised = _WORD.search(text), _CAPITALISED.search(text)
    if word and capitalised and word.start() == capitalised.start():
        return capitalised.group()
    return None


def word_cases(split: list[str]) -> tuple[set[str], set[str]]:
    """Stems of the words a text (cut into sentences) writes capitalised somewhere, and of those
    it writes in lower case somewhere: a word it writes both ways is a common word that opens
    a sentence or a title, not a name."""
    capitalised, lower = set(), set()
    for sentence in split:
        for token in _WORD.findall(normalise(sentence)):
            found = capitalised if token[0].isupper() else lower
            found.add(token_stem(token))
    return capitalised, lower


def numbers(text: str) -> set[str]:
    """Numbers as written, thousands separators removed, so "1,000" matches "1000"."""
    return {n.replace(",", "") for n in _NUMBER.findall(text)}
