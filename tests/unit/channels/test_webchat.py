from channels.webchat.channel import bot_message, history


def test_history_shows_typed_messages_and_answers_but_not_button_payloads():
    events = [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "Miten saan Kela-kortin?"},
        {"event": "bot", "text": "Kela-kortin saat…", "data": {"buttons": None}},
        {"event": "user", "text": '/choose_language{"language": "ar"}'},
        {"event": "bot", "text": "حسناً", "data": {"buttons": [{"title": "1", "payload": "/rate"}]}},
    ]
    assert history(events) == [
        {"type": "user", "text": "Miten saan Kela-kortin?", "direction": "ltr"},
        {"type": "bot", "text": "Kela-kortin saat…", "buttons": [], "direction": "ltr"},
        {"type": "bot", "text": "حسناً", "buttons": [{"title": "1", "payload": "/rate"}], "direction": "rtl"},
    ]


def test_a_bot_message_carries_its_direction():
    assert bot_message("مرحبا")["direction"] == "rtl" and bot_message(None)["text"] == ""


def test_history_names_the_advisor_on_their_messages_and_not_on_the_bots():
    events = [
        {"event": "user", "text": "Tarvitsen apua"},
        {"event": "slot", "name": "advisor_label", "value": "Aino (neuvoja)"},
        {
            "event": "bot",
            "text": "Aino (neuvoja) liittyi keskusteluun.",
            "metadata": {"utter_action": "utter_advisor_joined"},
        },
        {"event": "bot", "text": "Hei, miten voin auttaa?", "metadata": {"utter_action": "utter_advisor_reply"}},
        {"event": "bot", "text": "Neuvoja lopetti.", "metadata": {"utter_action": "utter_assistant_back"}},
    ]
    shown = history(events)
    assert [message.get("author") for message in shown] == [None, None, "Aino (neuvoja)", None]
