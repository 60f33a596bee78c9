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
