"""Reading request fields: every problem of an object is reported at once."""

import pytest

from service.errors import InvalidRequest
from service.validation import Fields, check_fields


def test_all_field_errors_are_collected():
    with pytest.raises(InvalidRequest) as raised:
        check_fields({"title": 1, "sensitivity": "x"}, "normal")
    assert [e["field"] for e in raised.value.errors] == ["title", "body", "sensitivity"]
    assert raised.value.code == 422


def test_non_objects_are_refused_with_their_name():
    with pytest.raises(InvalidRequest) as raised:
        Fields([], name="item")
    assert raised.value.errors == [{"field": "item", "message": "must be a JSON object"}]


def test_defaults_and_optional_fields():
    assert check_fields({"title": "T", "body": "B", "url": None}, "high") == ("T", "B", "high")
    fields = Fields({"flag": True})
    assert fields.flag("flag") is True
    assert fields.flag("missing", default=False) is False
    assert fields.choice("missing", ("a",)) is None
    fields.choice("needed", ("a",), required=True)
    assert fields.errors == [{"field": "needed", "message": "is required"}]


@pytest.mark.parametrize("value", [0, 1, "true", None])
def test_flags_must_be_booleans(value):
    fields = Fields({"flag": value})
    fields.flag("flag")
    assert len(fields.errors) == 1
