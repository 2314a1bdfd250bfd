"""Invariants of each transformer: what a feature means, not what it happens to output."""

import numpy as np
import pytest
from sklearn.exceptions import NotFittedError

from training.features import (
    LatentSimilarity,
    LexicalSimilarity,
    NameOverlap,
    PairParser,
    StanceCues,
    StanceWords,
)
from training.features.stance_words import STANCE_CLASSES

BODY = (
    "Engineers closed the Kingsport harbour bridge after the storm damaged two cables. "
    "The council said repairs would take two weeks and cost 1.2 million pounds. "
    "Ferries will run extra crossings while the bridge is shut. "
    "Local shops expect fewer customers. Officials denied that the bridge was unsafe before."
)
OTHER_BODY = (
    "Bees exposed to city noise forage less, a study of honeybee colonies found. "
    "Researchers tagged hundreds of bees and followed them across parks for a summer. "
    "Colonies near busy roads made fewer trips each day. Beekeepers welcomed the findings."
)
COPIED = "Council said repairs would take two weeks and cost 1.2 million pounds"
UNRELATED = "Bees forage less near noisy roads, study finds"
CORPUS = [(COPIED, BODY), (UNRELATED, OTHER_BODY), (UNRELATED, BODY), (COPIED, OTHER_BODY)]
STANCES = ["agree", "agree", "unrelated", "unrelated"]


@pytest.fixture(scope="module")
def parser():
    return PairParser(min_df=1).fit(CORPUS)


def features(transformer, parser, pairs):
    parsed = parser.transform(pairs)
    fitted = transformer.fit(parsed, ["agree"] * len(parsed))
    values = fitted.transform(parsed)
    names = list(fitted.get_feature_names_out())
    return values, names


def test_parser_requires_fit():
    with pytest.raises(NotFittedError):
        PairParser().transform([("a", "b")])


def test_parser_gives_unseen_words_the_highest_weight(parser):
    assert parser.default_idf_ >= max(parser.idf_.values())
    parsed = parser.parse("Zanzibar bridge", BODY)
    assert parsed.unseen_headline_stems == {"zanzibar"}
    assert parsed.headline_vector["zanzibar"] > parsed.headline_vector["bridge"]


def test_parser_accepts_arrays_tuples_and_dicts(parser):
    as_array = parser.transform(np.array([[COPIED, BODY]], dtype=object))
    as_dict = parser.transform([{"headline": COPIED, "body": BODY}])
    assert as_array[0].headline_vector == as_dict[0].headline_vector


def test_parser_rejects_wrong_shape(parser):
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        parser.transform(np.array([[COPIED, BODY, "extra"]], dtype=object))


@pytest.mark.parametrize(
    "transformer",
    [LexicalSimilarity(), LatentSimilarity(n_components=3, min_df=1, max_df=1.0)],
    ids=["lexical", "latent"],
)
def test_headline_copied_from_body_is_more_similar_than_unrelated(transformer, parser):
    values, names = features(transformer, parser, [(COPIED, BODY), (UNRELATED, BODY)])
    for name in ("cos_body", "cos_best_sentence"):
        column = names.index(name)
        assert values[0, column] > values[1, column], name


def test_best_sentence_finds_the_one_relevant_paragraph(parser):
    long_body = " ".join(
        [OTHER_BODY] * 10 + ["Repairs to the Kingsport bridge cables cost 1.2 million pounds."]
    )
    values, names = features(LexicalSimilarity(), parser, [(COPIED, long_body)])
    assert values[0, names.index("cos_best_sentence")] > 2 * values[0, names.index("cos_body")]


def test_name_and_number_overlap_counts(parser):
    headline = "Kingsport council approves 1.2 million for Lammy bridge, 7 dead"
    values, names = features(NameOverlap(), parser, [(headline, BODY)])
    row = dict(zip(names, values[0], strict=True))
    assert row["headline_numbers"] == 2  # 1.2 and 7
    assert row["numbers_share_in_body"] == 0.5  # only 1.2 appears in the body
    # title case: every content word counts as a name; "lammy" and "dead" are absent from the body
    assert 0 < row["names_share_in_body"] < 1


def test_no_numbers_in_headline_is_marked_not_zero(parser):
    values, names = features(NameOverlap(), parser, [("Bridge closed", BODY)])
    assert values[0, names.index("numbers_share_in_body")] == -1


def test_refuting_cue_counted_near_the_headline(parser):
    denial = "Officials denied the bridge closure was a hoax. " + BODY
    values, names = features(
        StanceCues(), parser, [("Bridge closure a hoax", denial), ("Bridge closure", BODY)]
    )
    column = names.index("refuting_best_sentences")
    assert values[0, column] > values[1, column]


@pytest.mark.parametrize(
    "transformer",
    [
        LexicalSimilarity(),
        NameOverlap(),
        StanceCues(),
        LatentSimilarity(n_components=3, min_df=1, max_df=1.0),
    ],
    ids=lambda t: type(t).__name__,
)
def test_shapes_match_feature_names(transformer, parser):
    values, names = features(transformer, parser, CORPUS)
    assert values.shape == (len(CORPUS), len(names))
    assert len(set(names)) == len(names)
    assert np.isfinite(values).all()


def test_stance_words_out_of_fold_and_fitted_outputs(parser):
    parsed = parser.transform(CORPUS * 3)
    words = StanceWords(n_splits=2)
    out = words.fit_transform(parsed, STANCES * 3)
    assert out.shape == (12, 3)
    assert list(words.get_feature_names_out()) == ["p_agree", "p_disagree", "p_discuss"]
    # only one related stance in these data: nothing to tell apart, so no learned signal
    assert not words.transform(parsed).any()


def test_stance_words_needs_labels(parser):
    with pytest.raises(ValueError, match="needs the stances"):
        StanceWords().fit_transform(parser.transform(CORPUS))


def test_stance_words_body_scope_reads_beyond_the_sentences_near_the_headline():
    """The cue here is in a sentence that shares no word with the headline: only the
    whole-body reader can learn it."""
    headline = "Mayor opens new library"
    near = "The mayor opened the new library on Monday."
    far = {"agree": "Officials confirmed everything.", "disagree": "Officials called it a hoax."}
    corpus, stances = [], []
    for i in range(12):
        stance = "agree" if i % 2 else "disagree"
        filler = f"Visitors number {i} came early."
        corpus.append((headline, f"{near} {filler} {far[stance]}"))
        stances.append(stance)
    parsed = PairParser(min_df=1).fit(corpus).transform(corpus)
    body = StanceWords(scope="body", n_splits=2, C=10.0).fit(parsed, stances)
    near_only = StanceWords(scope="near", n_best=1, n_splits=2, C=10.0).fit(parsed, stances)
    agree, disagree = STANCE_CLASSES.index("agree"), STANCE_CLASSES.index("disagree")
    body_out, near_out = body.transform(parsed), near_only.transform(parsed)
    is_agree = np.asarray(stances) == "agree"
    assert (body_out[is_agree, agree] > body_out[is_agree, disagree]).all()
    assert (body_out[~is_agree, disagree] > body_out[~is_agree, agree]).all()
    # the sentence nearest the headline is the same in every body: nothing to learn there
    assert np.allclose(near_out, near_out[0])


def test_stance_words_rejects_an_unknown_scope(parser):
    with pytest.raises(ValueError, match="scope"):
        StanceWords(scope="page").fit_transform(parser.transform(CORPUS), STANCES)


def test_stance_words_pickled_before_scope_existed_still_reads_near_text(parser):
    """A model trained before ``scope`` was added unpickles without it; it must keep
    reading the sentences near the headline, as it was trained to."""
    parsed = parser.transform(CORPUS * 3)
    fitted = StanceWords(n_splits=2).fit(parsed, ["agree", "discuss"] * 6)
    state = fitted.__getstate__()
    del state["scope"]
    old = StanceWords.__new__(StanceWords)
    old.__setstate__(state)
    assert old.scope == "near"
    np.testing.assert_allclose(old.transform(parsed), fitted.transform(parsed))


def test_names_someone_unless_the_body_writes_the_word_in_lower_case(parser):
    from training.features.names import names_someone

    def named(headline, body=BODY):
        return names_someone(parser.transform([(headline, body)])[0])

    assert named("Kingsport mayor opens new library")
    # A name the body never mentions still names someone: a headline over another story.
    assert named("Lammy apologises for tweet")
    # Capitalised by the headline alone: the body writes "storm" and "cables" in lower case.
    assert not named("Storm Cables hits the coast")
    assert not named("no capitals here at all")


def test_an_opening_word_the_dictionary_knows_only_in_lower_case_names_nobody(parser):
    from training.features.names import names_someone

    def named(headline, body=BODY):
        return names_someone(parser.transform([(headline, body)])[0])

    # The body never uses "windfall": the headline capitalises it only because it comes first.
    assert not named("Windfall brings good news for ferry users")
    # A name (or a word that is a name as well) keeps its check.
    assert named("Kovac brings good news for ferry users")
    assert named("Brown brings good news for ferry users")
    # A capital after the first word is the writer's: "Rams" is a club here, not the animals.
    assert named("Late kick sinks Rams")
    # The body writes the common word as a name: a firm called Windfall.
    assert named("Windfall brings good news for ferry users", BODY + " Windfall will pay.")


def test_names_subject_needs_a_rare_headline_name_that_the_body_writes_as_a_name(parser):
    from training.features.names import names_subject

    def subject(headline, body):
        return names_subject(parser.transform([(headline, body)])[0])

    # Same harbour town, another event: the body names "Kingsport".
    assert subject("Kingsport mayor opens new library", BODY)
    # The body writes the word, but in lower case only: not a name there.
    assert not subject("Storm Cables hits the coast", BODY)
    # No headline word is a name in the body.
    assert not subject(UNRELATED, BODY)
    assert not subject("no capitals here at all", BODY)
