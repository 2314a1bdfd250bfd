import pytest

from training import text


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("denies", "deny"),
        ("denied", "deny"),
        ("claims", "claim"),
        ("reporting", "report"),
        ("lammy's", "lammy"),
        ("news", "new"),
        ("bus", "bus"),
        ("class", "class"),
    ],
)
def test_stem_folds_common_suffixes(word, expected):
    assert text.stem(word) == expected


def test_words_fold_case_and_curly_apostrophes():
    assert text.words("Lammy’s TWEET") == ["lammy's", "tweet"]


def test_content_stems_drop_stop_words():
    assert text.content_stems("The candidate apologised for the tweet") == [
        "candidate",
        "apologis",
        "tweet",
    ]


def test_sentences_split_on_punctuation_bullets_and_blank_lines():
    body = "First claim here. Second one!\n\n  • A bullet point\nHeading\nLast sentence?"
    assert text.sentences(body) == [
        "First claim here.",
        "Second one!",
        "A bullet point",
        "Heading",
        "Last sentence?",
    ]


def test_sentences_drop_pieces_without_letters():
    assert text.sentences("Real sentence. 12345. ... ---") == ["Real sentence."]


def test_names_skip_sentence_starts():
    assert text.names("The candidate met David Lammy. Officials in London agreed.") == {
        "david",
        "lammy",
        "london",
    }


def test_names_are_the_words_a_text_never_writes_in_lower_case():
    split = text.sentences(
        "Kingsport council met on Monday. The Council agreed. Harbour Road will close; "
        "the road reopens in May."
    )
    capitalised, lower = text.word_cases(split)
    # "Kingsport" opens a sentence and is still a name; "council", "road" and "the" are also
    # written in lower case, so they are not.
    assert capitalised - lower == {"kingsport", "monday", "harbour", "may"}
    assert text.token_stem("Lammy’s") == text.token_stem("lammy's") == "lammy"


def test_numbers_ignore_thousands_separators():
    assert text.numbers("1,000 people and 2.5 million") == {"1000", "2.5"}
