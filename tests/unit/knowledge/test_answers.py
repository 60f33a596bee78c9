import datetime as dt

from sqlalchemy import select, update

from knowledge.answers import find_answer, language_chain
from knowledge.db import open_session
from knowledge.models import DRAFT, Answer, AnswerTranslation


def test_language_chain_is_user_then_english_then_finnish():
    assert language_chain("sv") == ["sv", "en", "fi"]
    assert language_chain("en") == ["en", "fi"]
    assert language_chain("fi") == ["fi", "en"]


def test_answer_in_the_users_language_with_source_and_dates(session):
    answer = find_answer(session, "kela_appeal", "sv")
    assert answer is not None
    assert answer.language == "sv" and not answer.is_fallback
    assert answer.source_url.startswith("https://")
    assert answer.reviewed_on == dt.date(2026, 11, 23)
    assert answer.review_by > answer.reviewed_on


def test_language_without_content_falls_back_to_english(session):
    answer = find_answer(session, "tax", "zh")
    assert answer is not None and answer.language == "en" and answer.is_fallback


def test_unknown_topic_has_no_answer(session):
    assert find_answer(session, "astrology", "fi") is None


def test_a_municipalitys_own_answer_comes_before_the_national_one(fresh_db_url):
    with open_session(fresh_db_url) as session, session.begin():
        local = Answer(topic_key="housing", municipality_code="905")
        local.translations.append(
            AnswerTranslation(
                language="fi",
                text="Vaasan vuokra-asunnot: katso kaupungin sivu.",
                source_url="https://www.vaasa.fi",
                reviewed_on=dt.date(2026, 11, 1),
                review_by=dt.date(2027, 5, 1),
            )
        )
        session.add(local)
    with open_session(fresh_db_url) as session:
        assert find_answer(session, "housing", "fi", "905").municipality_code == "905"
        assert find_answer(session, "housing", "fi", "564").municipality_code is None
        # No Swedish local text: the Swedish national answer beats a Finnish local one.
        assert find_answer(session, "housing", "sv", "905").language == "sv"


def test_draft_translations_never_reach_users(fresh_db_url):
    with open_session(fresh_db_url) as session, session.begin():
        answer_id = session.scalar(
            select(Answer.id).where(Answer.topic_key == "banking", Answer.municipality_code.is_(None))
        )
        session.execute(
            update(AnswerTranslation)
            .where(AnswerTranslation.answer_id == answer_id, AnswerTranslation.language == "fi")
            .values(status=DRAFT)
        )
    with open_session(fresh_db_url) as session:
        assert find_answer(session, "banking", "fi").language == "en"
