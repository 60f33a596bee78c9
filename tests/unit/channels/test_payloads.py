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
    "text", ["/restart", "/session_start", "/residence_permit{" + "x" * 120 + "}", "/greet extra", "residence_permit"]
)
def test_anything_else_is_not(text):
    assert not is_button_payload(text)


def test_a_follow_up_button_is_a_payload_but_not_any_text_after_it():
    assert is_button_payload('/choose_follow_up{"subtopic": "employment_te_services.right_to_work"}')
    assert not is_button_payload('/choose_follow_up{"subtopic": "x"} and more')
    assert not is_button_payload("/residence_permit.work")
