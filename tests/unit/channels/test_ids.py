from channels.ids import channel_of, conversation_of, sender_of


def test_the_same_id_on_two_channels_is_two_conversations():
    assert conversation_of("telegram", "123456789") != conversation_of("rest", "123456789")
    assert conversation_of("telegram", "123456789") == "tg:123456789"


def test_the_channel_gets_back_the_id_it_knows_the_person_by():
    for channel in ("telegram", "webchat", "rest", "callback"):
        conversation = conversation_of(channel, "crm:7")
        assert sender_of(conversation) == "crm:7" and channel_of(conversation) == channel
    assert sender_of("123456789") == "123456789" and channel_of("123456789") == "", "an id from before"
