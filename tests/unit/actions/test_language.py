from actions.language import ActionConfirmLanguage
from tests.unit.actions.conftest import make_tracker


def test_available_language_is_confirmed(knowledge, run_action):
    messages, _ = run_action(ActionConfirmLanguage(), make_tracker("på svenska tack", "choose_language", language="sv"))
    assert [m["response"] for m in messages] == ["utter_language_changed"]


def test_unavailable_language_is_named_in_the_users_language(knowledge, run_action):
    messages, _ = run_action(
        ActionConfirmLanguage(), make_tracker("voitko puhua arabiaa", "choose_language", language="fi")
    )
    assert messages[0]["response"] == "utter_language_not_available"
    assert messages[0]["language_name"] == "arabia"


def test_no_language_named_asks_which(knowledge, run_action):
    messages, _ = run_action(ActionConfirmLanguage(), make_tracker("vaihda kieltä", "choose_language", language="fi"))
    assert [m["response"] for m in messages] == ["utter_which_language"]
