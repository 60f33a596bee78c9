"""Unsure → ask with the likeliest topics; nonsense → not understood, and a person after two."""

from actions.clarify import ActionClarify, ActionExplainLanguages
from tests.unit.actions.conftest import make_tracker

UNSURE = [("kela_appeal", 0.31), ("kela_benefits", 0.27), ("residence_permit", 0.12), ("greet", 0.05)]
NONSENSE = [{"entity": "triage", "value": "nonsense"}]


def test_unsure_asks_with_the_likeliest_topics_in_the_user_s_language(knowledge, run_action):
    tracker = make_tracker("milloin voin valittaa?", "nlu_fallback", ranking=UNSURE, language="fi")
    messages, events = run_action(ActionClarify(), tracker)
    assert [m["response"] for m in messages] == ["utter_clarify"]
    buttons = messages[0]["buttons"]
    assert [b["payload"] for b in buttons] == [
        "/kela_appeal",
        "/kela_benefits",
        "/residence_permit",
        "/deny",
        "/human_advisor",
    ]
    assert [b["title"] for b in buttons][0] == "Muutoksenhaku Kelan päätökseen"
    assert [b["title"] for b in buttons][-2:] == ["Jotain muuta", "Puhu ihmisen kanssa"]
    assert events == []


def test_nonsense_is_not_understood_however_the_classifier_ranked_it(knowledge, run_action):
    tracker = make_tracker("asdfgh", "nlu_fallback", ranking=UNSURE, entities=NONSENSE, language="en")
    messages, _ = run_action(ActionClarify(), tracker)
    assert [m["response"] for m in messages] == ["utter_default"]


def not_understood_before(text: str) -> list[dict]:
    return [
        {"event": "user", "text": text, "input_channel": "callback"},
        {"event": "bot", "text": "Sorry, I did not understand.", "metadata": {"utter_action": "utter_default"}},
        {"event": "action", "name": "action_listen"},
    ]


def test_two_misunderstandings_in_a_row_bring_a_person(own_knowledge, run_action):
    tracker = make_tracker(
        "ööö",
        "nlu_fallback",
        channel="callback",
        events=not_understood_before("🙈🙈"),
        entities=NONSENSE,
        language="en",
    )
    messages, events = run_action(ActionClarify(), tracker)
    assert messages[0]["response"].startswith("utter_handed_over")
    assert events[-1]["event"] == "pause"


def test_a_clarifying_question_in_between_does_not_count_as_a_misunderstanding(knowledge, run_action):
    before = [
        {"event": "user", "text": "help", "input_channel": "callback"},
        {"event": "bot", "text": "Is it about one of these?", "metadata": {"utter_action": "utter_clarify"}},
    ]
    tracker = make_tracker("ööö", "nlu_fallback", channel="callback", events=before, entities=NONSENSE)
    messages, events = run_action(ActionClarify(), tracker)
    assert [m["response"] for m in messages] == ["utter_default"] and events == []


def test_over_rest_a_second_misunderstanding_says_so_again(knowledge, run_action):
    tracker = make_tracker("ööö", "nlu_fallback", events=not_understood_before("🙈"), entities=NONSENSE)
    messages, events = run_action(ActionClarify(), tracker)
    assert [m["response"] for m in messages] == ["utter_default"] and events == []


def test_another_language_gets_its_own_sentence_and_alku_s_languages_as_buttons(knowledge, run_action):
    entities = [{"entity": "foreign_language", "value": "es"}]
    tracker = make_tracker("¿Cómo encuentro trabajo?", "unsupported_language", entities=entities)
    messages, events = run_action(ActionExplainLanguages(), tracker)
    assert messages[0]["text"].startswith("Lo siento")
    assert [b["title"] for b in messages[0]["buttons"]][:3] == ["Suomi", "Svenska", "English"]
    assert len(messages[0]["buttons"]) == 10 and events == []


def test_a_language_without_its_own_sentence_gets_the_english_one(knowledge, run_action):
    entities = [{"entity": "foreign_language", "value": "km"}]
    messages, _ = run_action(ActionExplainLanguages(), make_tracker("សួស្តី", "unsupported_language", entities=entities))
    assert messages[0]["text"].startswith("Sorry, I cannot answer in this language")
