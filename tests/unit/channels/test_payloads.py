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


def test_typed_text_never_reaches_rasa_as_an_intent_unless_it_is_one_of_alkus_buttons():
    from channels.payloads import as_typed

    assert as_typed("/restart{}") == "restart{}"
    assert as_typed("/restart") == "restart"
    assert as_typed("//session_start") == "session_start"
    assert as_typed("/human_advisor") == "/human_advisor"
    assert as_typed("Hei /restart") == "Hei /restart"
