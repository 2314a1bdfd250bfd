"""The list of common words behind the name test: the shipped file, verified and derivable again
from Debian's wbritish exactly."""

import os

import pytest

from training import common_words
from training.model_store import ModelIntegrityError, file_sha256


def test_the_shipped_list_knows_common_words_and_not_names():
    assert common_words.is_common_word("Windfall")
    assert common_words.is_common_word("Sole-destroying")
    assert common_words.is_common_word("Treasure’s")
    # "Brown" is a name as well as a colour, "Kovac" only a name: neither is set aside.
    assert not common_words.is_common_word("Brown")
    assert not common_words.is_common_word("Kovac")
    assert not common_words.is_common_word("Sole-Kovac")
    assert not common_words.is_common_word("")


def test_derive_keeps_lower_case_words_the_dictionary_does_not_also_list_capitalised():
    dictionary = "\n".join(["Brown", "brown", "windfall", "Kovac", "windfall's", "zebra", "UK"])
    assert common_words.derive(dictionary) == "windfall\nzebra\n"


def test_a_changed_list_is_refused(tmp_path, monkeypatch):
    changed = tmp_path / "common-words.txt"
    changed.write_text(common_words.FILE.read_text(encoding="utf-8") + "kovac\n")
    monkeypatch.setattr(common_words, "FILE", changed)
    common_words.common_words.cache_clear()
    try:
        with pytest.raises(ModelIntegrityError, match="SHA-256"):
            common_words.common_words()
    finally:
        common_words.common_words.cache_clear()


def test_the_shipped_list_is_what_the_pinned_dictionary_gives():
    """Installed by `make test` (Debian's wbritish); a failure under CI=true when absent."""
    source = common_words.SOURCE
    if not source.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{source} is missing: `make test` installs Debian's wbritish")
        pytest.skip(f"needs {source} (Debian's wbritish)")
    if file_sha256(source) != common_words.SOURCE_SHA256:
        pytest.skip(f"{source} is another wbritish than the pinned 2020.12.07-2 the list is from")
    derived = common_words.derive(source.read_text(encoding="utf-8"))
    assert derived == common_words.FILE.read_text(encoding="utf-8")
    assert file_sha256(common_words.FILE) == common_words.FILE_SHA256
