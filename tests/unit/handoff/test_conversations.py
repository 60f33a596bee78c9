"""The conversation as the advisor reads it: a tapped button is shown by its title, not its payload."""

from handoff.conversations import Conversations


class Recorded(Conversations):
    def __init__(self, events):
        super().__init__("http://127.0.0.1:9")
        object.__setattr__(self, "_recorded", events)

    def events(self, conversation_id):
        return self._recorded


LANGUAGES = [
    {"title": "Suomi", "payload": '/choose_language{"language": "fi"}'},
    {"title": "العربية", "payload": '/choose_language{"language": "ar"}'},
]


def test_a_tapped_button_reads_as_its_title():
    chats = Recorded(
        [
            {"event": "bot", "text": "Which language?", "data": {"buttons": LANGUAGES}, "timestamp": 1},
            {"event": "user", "text": '/choose_language{"language": "ar"}', "timestamp": 2},
            {"event": "user", "text": "أحتاج مساعدة", "timestamp": 3},
        ]
    )
    lines = chats.transcript("c1")
    assert [(line["author"], line["text"], line["choice"]) for line in lines] == [
        ("bot", "Which language?", False),
        ("user", "العربية", True),
        ("user", "أحتاج مساعدة", False),
    ]


def test_a_payload_whose_button_is_gone_is_still_readable():
    chats = Recorded(
        [
            {"event": "user", "text": '/choose_language{"language": "so"}', "timestamp": 1},
            {"event": "user", "text": "/restart", "timestamp": 2},
        ]
    )
    assert [line["text"] for line in chats.transcript("c1")] == ["choose_language: so", "restart"]


def test_a_failure_kept_for_advisors_never_holds_rasas_token_or_an_address():
    """Delivery errors are stored and shown on the console and the API: Rasa's token travels in the
    address's query, so no failure text may repeat the address."""
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    import pytest

    from channels.outbound import callback_sender
    from handoff.conversations import DeliveryFailed

    class Broken(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(500)
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Broken)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_port}"
    try:
        with pytest.raises(DeliveryFailed) as failed:
            Conversations(address, "rasa-token-SECRET-0123456789").events("someone")
        assert "SECRET" not in str(failed.value) and "500" in str(failed.value)
        with pytest.raises(DeliveryFailed) as failed:
            callback_sender(f"{address}/hook?key=CALLBACK-SECRET")("someone", {"text": "Hei"})
        assert "SECRET" not in str(failed.value) and "127.0.0.1" not in str(failed.value)
    finally:
        server.shutdown()


def test_the_advisor_reads_the_tickets_session_not_the_persons_other_conversations():
    """Events before the session the ticket was opened in, and long after it was resolved, are not the
    ticket's: the advisor does not see them."""
    import datetime as dt

    opened, resolved = dt.datetime(2026, 12, 7, 10, 0), dt.datetime(2026, 12, 7, 10, 30)
    at = lambda moment: moment.replace(tzinfo=dt.timezone.utc).timestamp()  # noqa: E731
    events = [
        {"event": "session_started", "timestamp": at(dt.datetime(2026, 11, 1, 9, 0))},
        {
            "event": "user",
            "text": "An older question about my divorce",
            "timestamp": at(dt.datetime(2026, 11, 1, 9, 1)),
        },
        {"event": "session_started", "timestamp": at(dt.datetime(2026, 12, 7, 9, 55))},
        {"event": "user", "text": "I need a person", "timestamp": at(dt.datetime(2026, 12, 7, 9, 59))},
        {"event": "bot", "text": "Rate us", "timestamp": at(dt.datetime(2026, 12, 7, 10, 31))},
        {"event": "user", "text": "A new question next week", "timestamp": at(dt.datetime(2026, 12, 14, 8, 0))},
    ]
    shown = [line["text"] for line in Recorded(events).transcript("tg:1", opened, resolved)]
    assert shown == ["I need a person", "Rate us"]
    assert len(Recorded(events).transcript("tg:1")) == 4, "without the ticket's times: everything"
