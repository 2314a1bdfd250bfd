import logging
from pathlib import Path

import pytest

from training.data import (
    STANCES,
    DataError,
    Pair,
    data_fingerprint,
    load_fnc,
    load_labelled,
    load_split_ids,
    read_fnc,
    read_labelled,
    split_by_body,
)

BODIES = 'Body ID,articleBody\n1,"Body one.\nSecond paragraph."\n2,Body two.\n'


def write(directory: Path, name: str, content: str | bytes) -> Path:
    path = directory / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def assert_one_line_error(error: DataError, path: Path, line: str | None, fragment: str) -> None:
    message = str(error)
    assert "\n" not in message
    assert str(path) in message
    if line is not None:
        assert f"{line}:" in message
    assert fragment in message


# --- FNC-1 format -------------------------------------------------------------------------------


def test_fnc_keeps_order_and_multiline_headlines(tmp_path):
    stances = write(
        tmp_path,
        "stances.csv",
        'Headline,Body ID,Stance\n"Two\nlines",2,discuss\nFirst,1, Agree \nAgain,2,unrelated\n',
    )
    pairs = load_fnc(stances, write(tmp_path, "bodies.csv", BODIES))
    assert pairs == [
        Pair("Two\nlines", "Body two.", "discuss", "2"),
        Pair("First", "Body one.\nSecond paragraph.", "agree", "1"),
        Pair("Again", "Body two.", "unrelated", "2"),
    ]


def test_fnc_without_stance_column_is_unlabelled(tmp_path):
    stances = write(tmp_path, "test_stances.csv", "Headline,Body ID\nA,1\nB,2\n")
    pairs = load_fnc(stances, write(tmp_path, "bodies.csv", BODIES))
    assert [(p.headline, p.stance) for p in pairs] == [("A", None), ("B", None)]


def test_fnc_accepts_bom_crlf_and_repeated_identical_body(tmp_path):
    bodies = write(tmp_path, "b.csv", "\ufeffBody ID,articleBody\r\n7,Same.\r\n7,Same.\r\n")
    stances = write(tmp_path, "s.csv", "\ufeffHeadline,Body ID,Stance\r\nH,7,disagree\r\n")
    assert load_fnc(stances, bodies) == [Pair("H", "Same.", "disagree", "7")]


def test_fnc_counts_and_logs_blank_lines(tmp_path, caplog):
    stances = write(tmp_path, "s.csv", "Headline,Body ID,Stance\nA,1,agree\n\nB,2,discuss\n\n")
    bodies = write(tmp_path, "b.csv", BODIES)
    assert read_fnc(stances, bodies).skipped == 2
    with caplog.at_level(logging.WARNING, logger="training.data"):
        assert len(load_fnc(stances, bodies)) == 2
    assert "skipped 2 blank line(s)" in caplog.text


GOOD_STANCES = "Headline,Body ID,Stance\nA,1,agree\n"


FNC_BAD = [
    (None, BODIES, "stances", None, "file not found"),
    (GOOD_STANCES, None, "bodies", None, "file not found"),
    ("", BODIES, "stances", None, "empty file"),
    (" \n\n", BODIES, "stances", None, "empty file"),
    (GOOD_STANCES, "", "bodies", None, "empty file"),
    (
        "Headline,Body ID,Stance\nA,1,agree\nCaf\xe9,1,agree\n".encode("latin-1"),
        BODIES,
        "stances",
        "line 3",
        # 24 bytes of header + 10 of "A,1,agree\n" + 3 of "Caf" = offset 37.
        "not UTF-8 text: invalid byte 0xE9 at byte offset 37",
    ),
    ("Headline,Stance\nA,agree\n", BODIES, "stances", "line 1", "missing column 'Body ID'"),
    (GOOD_STANCES, "Body ID,text\n1,x\n", "bodies", "line 1", "missing column 'articleBody'"),
    ('{"headline": "A", "body": "B"}\n', BODIES, "stances", "line 1", "missing column"),
    ("Headline\tBody ID\nA\t1\n", BODIES, "stances", "line 1", "(separated by commas?)"),
    ("Headline,Body ID,Body ID\nA,1,2\n", BODIES, "stances", "line 1", "appears 2 times"),
    (GOOD_STANCES + "B,2,agreed\n", BODIES, "stances", "line 3", "unknown stance 'agreed'"),
    (GOOD_STANCES + "B,2,\n", BODIES, "stances", "line 3", "empty stance"),
    (GOOD_STANCES + "B,99,agree\n", BODIES, "stances", "line 3", "Body ID '99' has no body"),
    (GOOD_STANCES, BODIES + "1,Other text\n", "bodies", "line 5", "different text"),
    (GOOD_STANCES, BODIES + ",Orphan\n", "bodies", "line 5", "empty Body ID"),
    (GOOD_STANCES + "B,2\n", BODIES, "stances", "line 3", "expected 3 fields, found 2"),
    (GOOD_STANCES + 'B,2,"agree\n', BODIES, "stances", "line 3", "not valid CSV"),
    ('Headline,Body ID,Stance\n"Two\nlines",1,nope\n', BODIES, "stances", "lines 2-3", "nope"),
    ("Headline,Body ID,Stance\n", BODIES, "stances", None, "no pairs"),
    (GOOD_STANCES, "Body ID,articleBody\n", "bodies", None, "no bodies"),
]


@pytest.mark.parametrize(
    ("stances", "bodies", "blamed", "line", "fragment"),
    FNC_BAD,
    ids=[f"{case[2]}-{case[4][:30]}" for case in FNC_BAD],
)
def test_fnc_bad_files(tmp_path, stances, bodies, blamed, line, fragment):
    paths = {"stances": tmp_path / "s.csv", "bodies": tmp_path / "b.csv"}
    for name, content in (("stances", stances), ("bodies", bodies)):
        if content is not None:
            write(tmp_path, paths[name].name, content)
    with pytest.raises(DataError) as caught:
        load_fnc(paths["stances"], paths["bodies"])
    assert_one_line_error(caught.value, paths[blamed], line, fragment)


# --- simple labelled format ---------------------------------------------------------------------

LABELLED_GOOD = {
    "pairs.jsonl": '{"headline": "H1", "body": "B1", "stance": "agree"}\n'
    '{"headline": "H2", "body": "B\\n2", "stance": " Unrelated ", "body_id": 42}\n',
    # Unknown keys are ignored; the last line needs no newline.
    "pairs.json": '{"headline": "H1", "body": "B1", "stance": "AGREE", "extra": [1]}\n'
    '{"headline": "H2", "body": "B\\n2", "stance": "unrelated", "body_id": "42"}',
    # Another suffix: sniffed as JSON Lines from its first character.
    "pairs.txt": '{"headline": "H1", "body": "B1", "stance": "agree"}\n'
    '{"headline": "H2", "body": "B\\n2", "stance": "unrelated", "body_id": "42"}\n',
    "pairs.csv": 'Headline,Body,Stance,body_id\nH1,B1,agree,\nH2,"B\n2",unrelated,42\n',
    "reordered.csv": 'stance,body_id,body,headline\nagree,,B1,H1\n"unrelated ",42,"B\n2",H2\n',
}


@pytest.mark.parametrize("name", LABELLED_GOOD)
def test_labelled_good_formats(tmp_path, name):
    pairs = load_labelled(write(tmp_path, name, LABELLED_GOOD[name]))
    assert pairs == [Pair("H1", "B1", "agree"), Pair("H2", "B\n2", "unrelated", "42")]


def test_jsonl_line_separator_inside_a_string_is_not_a_new_line(tmp_path):
    content = '{"headline": "a\u2028b", "body": "c", "stance": "discuss"}\n'
    assert load_labelled(write(tmp_path, "p.jsonl", content))[0].headline == "a\u2028b"


def test_jsonl_blank_lines_are_counted_and_logged(tmp_path, caplog):
    row = '{"headline": "H", "body": "B", "stance": "agree"}'
    path = write(tmp_path, "p.jsonl", f"\n{row}\n   \n{row}\n")
    result = read_labelled(path)
    assert (len(result.pairs), result.skipped) == (2, 2)
    with caplog.at_level(logging.WARNING, logger="training.data"):
        load_labelled(path)
    assert f"{path}: skipped 2 blank line(s)" in caplog.text


def test_no_warning_when_nothing_is_skipped(tmp_path, caplog):
    path = write(tmp_path, "p.jsonl", '{"headline": "H", "body": "B", "stance": "agree"}\n')
    with caplog.at_level(logging.WARNING, logger="training.data"):
        load_labelled(path)
    assert read_labelled(path).skipped == 0
    assert caplog.text == ""


ROW = '{"headline": "H", "body": "B", "stance": "agree"}\n'


LABELLED_BAD = [
    ("p.jsonl", None, None, "file not found"),
    ("p.jsonl", "", None, "empty file"),
    ("p.jsonl", "\n \n", None, "empty file"),
    ("p.csv", "", None, "empty file"),
    ("p.jsonl", ROW.encode() + b'{"headline": "\xff"}\n', "line 2", "not UTF-8"),
    ("p.jsonl", b"\xff\xfeh\x00", "line 1", "looks like UTF-16"),
    ("p.jsonl", ROW + '{"headline": "H",\n', "line 2", "not valid JSON"),
    ("p.json", '[\n  {"headline": "H"}\n]\n', "line 1", "one JSON object per line"),
    ("p.jsonl", ROW + "[1, 2]\n", "line 2", "expected a JSON object, found list"),
    ("p.jsonl", ROW + '{"headline": "H", "body": "B"}\n', "line 2", "missing key 'stance'"),
    ("p.jsonl", ROW + ROW.replace('"B"', "null"), "line 2", "'body' must be a string"),
    ("p.jsonl", ROW + ROW.replace('"agree"', "1"), "line 2", "found int"),
    ("p.jsonl", ROW + ROW.replace("}", ', "body_id": []}'), "line 2", "'body_id' must be"),
    ("p.jsonl", ROW + ROW.replace("agree", "agreed"), "line 2", "unknown stance 'agreed'"),
    ("p.csv", "headline,body\nH,B\n", "line 1", "missing column 'stance'"),
    ("p.csv", "headline,body,stance\nH,B,agree\nH,B,maybe\n", "line 3", "unknown stance"),
    ("p.csv", "headline,body,stance\nH,B\n", "line 2", "expected 3 fields, found 2"),
    ("p.csv", "headline,body,stance\n", None, "no pairs"),
    ("p.csv", ROW, "line 1", "missing column 'headline'"),
]


@pytest.mark.parametrize(
    ("name", "content", "line", "fragment"),
    LABELLED_BAD,
    ids=[f"{case[0]}-{case[3][:30]}" for case in LABELLED_BAD],
)
def test_labelled_bad_files(tmp_path, name, content, line, fragment):
    path = tmp_path / name
    if content is not None:
        write(tmp_path, name, content)
    with pytest.raises(DataError) as caught:
        load_labelled(path)
    assert_one_line_error(caught.value, path, line, fragment)


def test_error_message_truncates_huge_values(tmp_path):
    path = write(tmp_path, "p.csv", "headline,body,stance\nH,B," + "x" * 10_000 + "\n")
    with pytest.raises(DataError) as caught:
        load_labelled(path)
    assert len(str(caught.value)) < 200


# --- splits and fingerprints --------------------------------------------------------------------


def test_split_ids_and_split_by_body(tmp_path):
    ids = load_split_ids(write(tmp_path, "ids.txt", "2\n 5 \n\n2"))
    assert ids == {"2", "5"}
    pairs = [Pair("a", "b", "agree", "5"), Pair("c", "d", None, "1"), Pair("e", "f", None, "2")]
    assert split_by_body(pairs, ids) == ([pairs[0], pairs[2]], [pairs[1]])


def test_split_ids_bad_line(tmp_path):
    path = write(tmp_path, "ids.txt", "1\n2 3\n")
    with pytest.raises(DataError) as caught:
        load_split_ids(path)
    assert_one_line_error(caught.value, path, "line 2", "one Body ID per line")


def test_split_needs_body_ids():
    with pytest.raises(ValueError, match="pair 0 has no body_id"):
        split_by_body([Pair("h", "b", "agree")], {"1"})


def test_fingerprint(tmp_path):
    a = write(tmp_path, "a.csv", "one")
    b = write(tmp_path, "b.csv", "two")
    fingerprint = data_fingerprint([a, b])
    assert len(fingerprint) == 64 and int(fingerprint, 16) >= 0
    assert data_fingerprint([str(a), str(b)]) == fingerprint
    assert data_fingerprint([b, a]) != fingerprint
    assert data_fingerprint(a) == data_fingerprint([a]) != data_fingerprint([b])
    write(tmp_path, "a.csv", "one!")
    assert data_fingerprint([a, b]) != fingerprint
    with pytest.raises(DataError, match="file not found"):
        data_fingerprint([a, tmp_path / "missing.csv"])
    with pytest.raises(DataError, match="is a directory"):
        data_fingerprint([tmp_path])


# --- the real FNC-1 data ------------------------------------------------------------------------


@pytest.mark.shared
def test_real_fnc1_training_data(shared_dir):
    fnc = shared_dir / "data" / "fnc-1"
    result = read_fnc(fnc / "train_stances.csv", fnc / "train_bodies.csv")
    pairs = result.pairs
    assert result.skipped == 0
    assert len(pairs) == 49_972
    assert len({p.body_id for p in pairs}) == 1_683
    counts = {stance: sum(p.stance == stance for p in pairs) for stance in STANCES}
    assert counts == {"agree": 3_678, "disagree": 840, "discuss": 8_909, "unrelated": 36_545}

    training = load_split_ids(fnc / "splits" / "training_ids.txt")
    hold_out = load_split_ids(fnc / "splits" / "hold_out_ids.txt")
    assert not training & hold_out
    assert training | hold_out == {p.body_id for p in pairs}
    inside, outside = split_by_body(pairs, hold_out)
    assert len(inside) + len(outside) == len(pairs)
    assert {p.body_id for p in inside} == hold_out
