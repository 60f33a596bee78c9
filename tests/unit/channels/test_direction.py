import pytest

from channels.direction import LTR, RTL, text_direction


@pytest.mark.parametrize(
    "text, direction",
    [
        ("كيف أحصل على بطاقة Kela؟", RTL),
        ("برای اقامت به Migri مراجعه کنید", RTL),
        ("Kela: كيلا", LTR),
        ("123 — هلسنكي", RTL),
        ("Hei!", LTR),
        ("Привет", LTR),
        ("", LTR),
    ],
)
def test_first_strong_character_decides(text, direction):
    assert text_direction(text) == direction
