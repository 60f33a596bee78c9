from actions.context import ActionReadContext
from tests.unit.actions.conftest import make_tracker


def slots(events):
    return {event["name"]: event["value"] for event in events if event["event"] == "slot"}


def test_first_question_sets_language_and_municipality(knowledge, run_action):
    _, events = run_action(ActionReadContext(), make_tracker("Miten haen oleskelulupaa Oulussa?", "residence_permit"))
    assert slots(events) == {"language": "fi", "municipality": "564"}


def test_swedish_preposition_form(knowledge, run_action):
    _, events = run_action(ActionReadContext(), make_tracker("Var lär jag mig finska i Vasa?", "language_courses"))
    assert slots(events) == {"language": "sv", "municipality": "905"}


def test_short_message_keeps_language_and_known_municipality(knowledge, run_action):
    tracker = make_tracker("kiitos Oulu", "thanks", language="en", municipality="564")
    _, events = run_action(ActionReadContext(), tracker)
    assert events == []


def test_explicit_choice_sets_and_locks_language(knowledge, run_action):
    _, events = run_action(
        ActionReadContext(), make_tracker("voitko vastata englanniksi", "choose_language", language="fi")
    )
    assert slots(events) == {"language": "en", "language_locked": True}


def test_locked_language_is_not_changed_by_detection(knowledge, run_action):
    tracker = make_tracker("Miten saan verokortin Espoossa?", "tax", language="en", language_locked=True)
    _, events = run_action(ActionReadContext(), tracker)
    assert slots(events) == {"municipality": "049"}


def test_every_language_can_be_chosen(knowledge, run_action):
    tracker = make_tracker("can you answer in Arabic", "choose_language", language="en")
    _, events = run_action(ActionReadContext(), tracker)
    assert slots(events) == {"language": "ar", "language_locked": True}


def test_language_without_content_is_not_chosen(knowledge, run_action):
    tracker = make_tracker("can you answer in Chinese", "choose_language", language="en")
    _, events = run_action(ActionReadContext(), tracker)
    assert slots(events) == {}
