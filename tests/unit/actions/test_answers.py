import datetime as dt

from sqlalchemy import delete, select

from actions import resources
from actions.answers import ActionAnswerTopic
from knowledge.db import open_session
from knowledge.models import Answer, AnswerTranslation
from tests.unit.actions.conftest import make_tracker

OULU, VAASA, PUDASJARVI = "564", "905", "615"


def responses(messages):
    return [message["response"] for message in messages]


def test_topic_question_gets_sourced_answer_and_local_service(knowledge, run_action):
    tracker = make_tracker("Miten haen oleskelulupaa Oulussa?", "residence_permit", language="fi", municipality=OULU)
    messages, events = run_action(ActionAnswerTopic(), tracker)
    assert responses(messages) == [
        "utter_topic_answer",
        "utter_local_services",
        "utter_directory_link",
        "utter_follow_up_choices",
    ]
    answer, local, directory, _ = messages
    assert answer["answer"].startswith("Oleskelulupaa haetaan Maahanmuuttovirastolta")
    assert answer["source"].startswith("https://migri.fi")
    assert answer["reviewed"] == "7.12.2026"
    assert local["municipality_name"] == "Oulu"
    assert "International House Oulu" in local["services"]
    assert directory["directory_url"].endswith("/?lang=fi&municipality=564&topic=residence_permit")
    assert {"event": "slot", "name": "topic", "value": "residence_permit", "timestamp": None} in events


def test_swedish_speaker_gets_swedish_text_and_place_names(knowledge, run_action):
    tracker = make_tracker("Var lär jag mig finska i Vasa?", "language_courses", language="sv", municipality=VAASA)
    messages, _ = run_action(ActionAnswerTopic(), tracker)
    assert responses(messages) == ["utter_topic_answer", "utter_local_services", "utter_directory_link"]
    assert messages[0]["reviewed"] == "23.11.2026"
    assert messages[1]["municipality_name"] == "Vasa"
    assert "Welcome Office" in messages[1]["services"]


def test_local_topic_without_municipality_asks_for_it(knowledge, run_action):
    tracker = make_tracker("where can I learn finnish", "language_courses", language="en")
    messages, _ = run_action(ActionAnswerTopic(), tracker)
    assert responses(messages) == ["utter_topic_answer", "utter_ask_municipality"]
    assert messages[0]["reviewed"] == "23 November 2026"


def test_national_topic_without_municipality_does_not_ask(knowledge, run_action):
    messages, _ = run_action(
        ActionAnswerTopic(), make_tracker("How do I get a Kela card?", "kela_benefits", language="en")
    )
    assert responses(messages) == ["utter_topic_answer", "utter_follow_up_choices"]
    assert "kela.fi" in messages[0]["source"]


def test_municipality_after_the_question_adds_local_services_only(knowledge, run_action):
    tracker = make_tracker(
        "Pudasjärvellä", "inform_municipality", language="fi", municipality=PUDASJARVI, topic="early_education"
    )
    messages, events = run_action(ActionAnswerTopic(), tracker)
    assert responses(messages) == ["utter_local_services", "utter_directory_link"]
    assert messages[0]["municipality_name"] == "Pudasjärvi"
    assert "varhaiskasvatus" in messages[0]["services"].lower()


def test_municipality_without_a_topic_is_acknowledged(knowledge, run_action):
    messages, events = run_action(
        ActionAnswerTopic(), make_tracker("asun Oulussa", "inform_municipality", language="fi", municipality=OULU)
    )
    assert responses(messages) == ["utter_municipality_noted"]
    assert messages[0]["municipality_name"] == "Oulu"
    assert events == []


def test_unrecognised_municipality_is_said(knowledge, run_action):
    tracker = make_tracker("Atlantis", "inform_municipality", language="en", municipality=OULU, topic="housing")
    messages, _ = run_action(ActionAnswerTopic(), tracker)
    assert responses(messages) == ["utter_municipality_not_recognised"]


def test_a_named_town_is_never_ignored_on_a_national_topic(knowledge, run_action):
    """The message names Pudasjärvi: the reply says Alku has no local service there on this topic,
    with the municipality's own website, which Alku knows from its listings."""
    tracker = make_tracker("driving licence in Pudasjärvi", "driving_licence", language="en", municipality=PUDASJARVI)
    messages, _ = run_action(ActionAnswerTopic(), tracker)
    assert responses(messages) == ["utter_topic_answer", "utter_no_local_services_website"]
    assert messages[1]["municipality_name"] == "Pudasjärvi"
    assert messages[1]["website"] == "https://www.pudasjarvi.fi"


def test_a_remembered_town_is_not_repeated_on_every_national_answer(knowledge, run_action):
    tracker = make_tracker("how do I exchange my driving licence", "driving_licence", language="en", municipality=OULU)
    messages, _ = run_action(ActionAnswerTopic(), tracker)
    assert responses(messages) == ["utter_topic_answer"]


def test_missing_local_service_is_said_not_invented(knowledge, run_action):
    tracker = make_tracker("daycare", "early_education", language="en", municipality="273")
    messages, _ = run_action(ActionAnswerTopic(), tracker)
    assert responses(messages) == ["utter_topic_answer", "utter_no_local_services"]
    assert messages[1]["municipality_name"] == "Kolari"


def test_missing_translation_falls_back_to_english_and_says_so(monkeypatch, fresh_db_url, run_action):
    monkeypatch.setenv("ALKU_DATABASE_URL", fresh_db_url)
    resources.settings.cache_clear()
    with open_session(fresh_db_url) as session, session.begin():
        answer_id = session.scalar(select(Answer.id).where(Answer.topic_key == "tax"))
        session.execute(
            delete(AnswerTranslation).where(
                AnswerTranslation.answer_id == answer_id, AnswerTranslation.language == "sv"
            )
        )
    messages, _ = run_action(ActionAnswerTopic(), make_tracker("skattekort hur", "tax", language="sv"))
    resources.settings.cache_clear()
    assert responses(messages) == ["utter_content_in_other_language", "utter_topic_answer"]
    assert messages[0]["language_name"] == "engelska"
    assert messages[1]["reviewed"] == "23.11.2026"  # the frame around the text stays Swedish


def test_an_answer_past_its_review_date_says_it_may_be_out_of_date_and_offers_a_person(own_knowledge, run_action):
    with open_session(own_knowledge) as session, session.begin():
        for translation in session.scalars(select(AnswerTranslation).join(Answer).where(Answer.topic_key == "tax")):
            translation.review_by = dt.date(2026, 1, 1)
    messages, _ = run_action(ActionAnswerTopic(), make_tracker("Miten saan verokortin?", "tax", language="fi"))
    assert responses(messages) == ["utter_topic_answer", "utter_answer_may_be_outdated"]
    assert messages[1]["review_by"] == "1.1.2026"


def test_crisis_wording_hands_over_after_the_answer(own_knowledge, run_action):
    tracker = make_tracker("en jaksa enää, haluan kuolla", "mental_health", channel="callback", language="fi")
    messages, events = run_action(ActionAnswerTopic(), tracker)
    assert responses(messages)[0] == "utter_topic_answer" and "112" in messages[0]["answer"]
    assert responses(messages)[-1].startswith("utter_handed_over")
    assert events[-1]["event"] == "pause"


def test_no_answer_at_all_hands_over(own_knowledge, run_action):
    with open_session(own_knowledge) as session, session.begin():
        session.execute(
            delete(AnswerTranslation)
            .where(AnswerTranslation.answer_id.in_(select(Answer.id).where(Answer.topic_key == "banking")))
            .execution_options(synchronize_session=False)
        )
    tracker = make_tracker("pankkitili", "banking", channel="callback", language="fi")
    messages, events = run_action(ActionAnswerTopic(), tracker)
    assert responses(messages)[0] == "utter_answer_missing"
    assert responses(messages)[1].startswith("utter_handed_over")
    assert events[-1]["event"] == "pause"


def test_no_answer_over_rest_says_so_without_a_ticket(own_knowledge, run_action):
    """REST cannot carry an advisor's later reply: no ticket, no pause, and no "not understood"."""
    with open_session(own_knowledge) as session, session.begin():
        session.execute(
            delete(AnswerTranslation)
            .where(AnswerTranslation.answer_id.in_(select(Answer.id).where(Answer.topic_key == "banking")))
            .execution_options(synchronize_session=False)
        )
    messages, events = run_action(ActionAnswerTopic(), make_tracker("pankkitili", "banking", language="fi"))
    assert responses(messages) == ["utter_answer_missing"]
    assert events == [{"event": "slot", "name": "topic", "value": "banking", "timestamp": None}]


def _listing(session, key, groups, languages, names):
    from knowledge.editing import Editor
    from knowledge.listings import save_listing

    return save_listing(
        session,
        {
            "key": key,
            "organisation": "oulu_city",
            "url": "https://www.ouka.fi/",
            "municipalities": ["564"],
            "topics": ["ngo_activities", "human_advisor"],
            "target_groups": groups,
            "languages": languages,
            "status": "published",
            "translations": {"en": {"name": names, "description": ""}},
        },
        Editor(None, "test"),
        ("en",),
    ).listing


def test_the_bot_narrows_listings_to_who_the_message_asks_for(own_knowledge, run_action):
    with open_session(own_knowledge) as session, session.begin():
        _listing(session, "oulu-women-club", ["women"], [], "Women's Finnish club")
        _listing(session, "oulu-youth-club", ["youth"], [], "Youth club")
    tracker = make_tracker(
        "finnish language clubs for women in Oulu", "ngo_activities", language="en", municipality=OULU
    )
    messages, _ = run_action(ActionAnswerTopic(), tracker)
    local = next(m for m in messages if m["response"] == "utter_local_services")
    assert "Women's Finnish club" in local["services"] and "Youth club" not in local["services"]


def test_the_bot_narrows_listings_to_the_language_asked_for(own_knowledge, run_action):
    with open_session(own_knowledge) as session, session.begin():
        _listing(session, "oulu-arabic-help", [], ["ar"], "Arabic-speaking advice")
        _listing(session, "oulu-somali-help", [], ["so"], "Somali-speaking advice")
    tracker = make_tracker("арабоязычная помощь в Оулу", "human_advisor", language="ru", municipality=OULU)
    messages, _ = run_action(ActionAnswerTopic(), tracker)
    local = next(m for m in messages if m["response"] == "utter_local_services")
    assert "Arabic-speaking advice" in local["services"] and "Somali-speaking advice" not in local["services"]


def test_a_topic_answer_offers_its_follow_ups_as_buttons_every_channel_accepts(knowledge, run_action):
    from channels.payloads import is_button_payload

    tracker = make_tracker("How do I renew my residence permit?", "residence_permit", language="en")
    messages, _ = run_action(ActionAnswerTopic(), tracker)
    choices = next(message for message in messages if message["response"] == "utter_follow_up_choices")
    titles = [button["title"] for button in choices["buttons"]]
    assert {"Permit for work", "Permit for studies", "Joining family", "Extending your permit"} <= set(titles)
    assert len(titles) == 5
    assert all(is_button_payload(button["payload"]) for button in choices["buttons"])


def test_a_chosen_follow_up_is_answered_with_its_own_source_and_keeps_the_topic(knowledge, run_action):
    from actions.answers import ActionAnswerFollowUp

    payload = {"entity": "subtopic", "value": "residence_permit.work"}
    tracker = make_tracker(
        '/choose_follow_up{"subtopic": "residence_permit.work"}', "choose_follow_up", language="fi", entities=[payload]
    )
    messages, events = run_action(ActionAnswerFollowUp(), tracker)
    assert messages[0]["response"] == "utter_topic_answer"
    assert messages[0]["source"].startswith("https://")
    with open_session(knowledge) as session:
        work = session.scalars(
            select(AnswerTranslation.text)
            .join(Answer)
            .where(Answer.topic_key == "residence_permit.work", AnswerTranslation.language == "fi")
        ).one()
    assert messages[0]["answer"] == work
    assert not any(message["response"] == "utter_follow_up_choices" for message in messages), "no deeper level"
    assert {"event": "slot", "name": "topic", "value": "residence_permit", "timestamp": None} in events


def test_an_unknown_follow_up_is_not_answered(knowledge, run_action):
    from actions.answers import ActionAnswerFollowUp

    made_up = {"entity": "subtopic", "value": "residence_permit.bribes"}
    tracker = make_tracker("/choose_follow_up", "choose_follow_up", language="en", entities=[made_up])
    messages, events = run_action(ActionAnswerFollowUp(), tracker)
    assert [message["response"] for message in messages] == ["utter_how_can_i_help"] and events == []
