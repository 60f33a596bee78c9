import pytest

from channels.payloads import is_button_payload


@pytest.mark.parametrize(
    "text",
    [
        "/residence_permit",
        "/kela_appeal",
        "/deny",
        "/human_advisor",
        '/rate{"rating": 4}',
        '/choose_language{"language": "ar"}',
    ],
)
def test_the_buttons_alku_shows_are_payloads(text):
    assert is_button_payload(text)


@pytest.mark.parametrize(
    "text", ["/restart", "/session_start", "/residence_permit{" + "x" * 80 + "}", "/greet extra", "residence_permit"]
)
def test_anything_else_is_not(text):
    assert not is_button_payload(text)
