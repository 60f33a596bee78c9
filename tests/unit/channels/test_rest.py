import json

import pytest

from channels.rest import MAX_SENDER_LENGTH, RequestProblem, clean_text, parse_body


def body(**fields):
    return json.dumps(fields).encode()


def test_a_good_request_passes_with_text_cleaned():
    payload = parse_body(body(sender="abc", message="hei\x00 maailma\x07\n"))
    assert payload["sender"] == "abc"
    assert payload["message"] == "hei maailma\n"


@pytest.mark.parametrize(
    "raw, complaint",
    [
        (b"\xff\xfe{not utf-8", "UTF-8"),
        (b"{broken json", "JSON object"),
        (b"[1, 2]", "JSON object"),
        (body(message="hi"), "'sender'"),
        (body(sender="", message="hi"), "'sender'"),
        (body(sender="x" * 5000, message="hi"), f"at most {MAX_SENDER_LENGTH}"),
        (body(sender="a\x00b", message="hi"), "control characters"),
        (body(sender="abc", message=42), "'message' must be a string"),
        (body(sender="abc", message="x" * 20_001), "at most 20000"),
        (body(sender="abc", message="hi", metadata=[1]), "'metadata'"),
        (body(sender="abc", message="hi", metadata={"notes": "x" * 5000}), "'metadata' must be at most"),
        (body(sender="abc", message="hi", padding="x" * 70_000), "at most 65536 bytes"),
    ],
)
def test_bad_requests_get_a_clear_reason(raw, complaint):
    with pytest.raises(RequestProblem, match=complaint):
        parse_body(raw)


def test_missing_message_is_empty_text():
    assert parse_body(body(sender="abc"))["message"] == ""


def test_clean_text_normalises_unicode():
    assert clean_text("a\u0308") == "ä"


def test_typed_slashes_do_not_reach_rasa_as_intents_but_alkus_buttons_do():
    """The same filter as Telegram's and the widget's: REST and callback users cannot restart a
    conversation waiting for an advisor, or send any intent they like."""
    assert parse_body(body(sender="abc", message="/restart"))["message"] == "restart"
    assert parse_body(body(sender="abc", message='/inform{"municipality": "x"}'))["message"].startswith("inform")
    assert parse_body(body(sender="abc", message="/human_advisor"))["message"] == "/human_advisor"
    assert parse_body(body(sender="abc", message='/rate{"rating": 5}'))["message"] == '/rate{"rating": 5}'
