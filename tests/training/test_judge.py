import pytest

from training.judge import unjudgeable_reason

ENGLISH = (
    "The council said on Monday that the bridge would stay closed for two weeks while engineers "
    "repair the cables that were damaged in the storm, and that ferries would run extra trips."
)


@pytest.mark.parametrize(
    ("headline", "body", "reason"),
    [
        ("", ENGLISH, "empty"),
        ("Bridge closed for two weeks", "   \n\t", "empty"),
        ("Bridge closed for two weeks", "12345 67890 !!! ??? 2024", "no_letters"),
        ("🙂🙂🙂", ENGLISH, "no_letters"),
        ("Bridge closed", ENGLISH, "too_short"),
        ("Bridge closed for two weeks", "Photo gallery: the storm in pictures.", "too_short"),
        ("Bridge closed for two weeks", "橋は嵐の後二週間閉鎖される。" * 20, "not_english"),
        (
            "Puente cerrado durante dos semanas",
            "El ayuntamiento dijo el lunes que el puente permanecerá cerrado durante dos semanas "
            "mientras los ingenieros reparan los cables dañados por la tormenta y que los barcos "
            "harán viajes adicionales para los vecinos de la ciudad durante las obras del puente.",
            "not_english",
        ),
        ("Bridge closed for two weeks", ENGLISH, None),
    ],
)
def test_unjudgeable_reason(headline, body, reason):
    assert unjudgeable_reason(headline, body) == reason
