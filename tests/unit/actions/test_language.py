from actions.language import ActionConfirmLanguage
from tests.unit.actions.conftest import make_tracker


def test_available_language_is_confirmed(knowledge, run_action):
    messages, _ = run_action(ActionConfirmLanguage(), make_tracker("på svenska tack", "choose_language", language="sv"))
    assert [m["response"] for m in messages] == ["utter_language_changed"]


def test_unavailable_language_is_named_in_the_users_language(knowledge, run_action):
    tracker = make_tracker("voitko puhua kiinaa", "choose_language", language="fi")
    messages, _ = run_action(ActionConfirmLanguage(), tracker)
    assert messages[0]["response"] == "utter_language_not_available"
    assert messages[0]["language_name"] == "kiina"


def test_unavailable_language_name_falls_back_to_english(knowledge, run_action):
    tracker = make_tracker("по-французски пожалуйста", "choose_language", language="ru")
    messages, _ = run_action(ActionConfirmLanguage(), tracker)
    assert messages[0]["language_name"] == "French"


def test_no_language_named_asks_which(knowledge, run_action):
    messages, _ = run_action(ActionConfirmLanguage(), make_tracker("vaihda kieltä", "choose_language", language="fi"))
    assert [m["response"] for m in messages] == ["utter_which_language"]
