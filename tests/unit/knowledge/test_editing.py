import datetime as dt

import pytest
from sqlalchemy import select

from knowledge.answers import find_answer
from knowledge.db import open_session
from knowledge.editing import (
    MISSING,
    OUTDATED,
    UP_TO_DATE,
    ContentError,
    Editor,
    expired,
    find_or_create_answer,
    history,
    revert,
    save_translation,
    translation_states,
)
from knowledge.models import Answer

TODAY = dt.date(2026, 11, 23)
EDITOR = Editor(7, "editor@vaasa.fi")
LANGUAGES = ("fi", "en", "ar")


def national(session, topic="tax") -> Answer:
    return session.scalars(select(Answer).where(Answer.topic_key == topic, Answer.municipality_code.is_(None))).one()


def write(session, answer, language, text, status="published", review_by="2027-06-01"):
    return save_translation(
        session,
        answer,
        language,
        EDITOR,
        text=text,
        source_url="https://www.vero.fi/",
        review_by=review_by,
        status=status,
        today=TODAY,
    )


def test_changing_the_source_language_makes_the_others_outdated_until_they_are_rewritten(fresh_db_url):
    with open_session(fresh_db_url) as session:
        answer = national(session)
        assert translation_states(answer, LANGUAGES) == {"fi": UP_TO_DATE, "en": UP_TO_DATE, "ar": UP_TO_DATE}
        write(session, answer, answer.source_language, "New rules for tax cards from January.")
        states = translation_states(answer, LANGUAGES)
        assert states["en"] == UP_TO_DATE and states["fi"] == OUTDATED and states["ar"] == OUTDATED
        write(session, answer, "ar", "قواعد جديدة لبطاقات الضرائب.")
        assert translation_states(answer, LANGUAGES)["ar"] == UP_TO_DATE


def test_a_local_answer_starts_with_every_language_missing(fresh_db_url):
    with open_session(fresh_db_url) as session:
        answer = find_or_create_answer(session, "housing", "905")
        assert set(translation_states(answer, LANGUAGES).values()) == {MISSING}
        assert find_or_create_answer(session, "housing", "905").id == answer.id


@pytest.mark.parametrize(
    ("field", "changes"),
    [
        ("text", {"text": "  "}),
        ("source_url", {"source_url": "vero.fi"}),
        ("source_url", {"source_url": ""}),
        ("review_by", {"review_by": "someday"}),
        ("review_by", {"review_by": "2026-11-23"}),
        ("status", {"status": "live"}),
    ],
)
def test_a_source_and_a_future_review_date_are_required(fresh_db_url, field, changes):
    with open_session(fresh_db_url) as session:
        answer = national(session)
        values = {"text": "x", "source_url": "https://www.vero.fi/", "review_by": "2027-01-01", "status": "draft"}
        with pytest.raises(ContentError) as refused:
            save_translation(session, answer, "fi", EDITOR, today=TODAY, **{**values, **changes})
        assert refused.value.field == field


def test_only_published_text_reaches_newcomers(fresh_db_url):
    with open_session(fresh_db_url) as session:
        answer = national(session)
        write(session, answer, "ar", "مسودة لم تنشر بعد", status="draft")
        session.commit()
        assert find_answer(session, "tax", "ar").text != "مسودة لم تنشر بعد"
        assert find_answer(session, "tax", "ar").language == "en", "a draft is not shown; English stands in"
        write(session, answer, "ar", "نص منشور")
        session.commit()
        assert find_answer(session, "tax", "ar").text == "نص منشور"


def test_every_change_is_recorded_and_can_be_reverted(fresh_db_url):
    with open_session(fresh_db_url) as session:
        answer = national(session)
        original = next(t.text for t in answer.translations if t.language == "fi")
        write(session, answer, "fi", "Väärä teksti")
        change = history(session, answer)[0]
        assert change.editor_email == "editor@vaasa.fi" and change.entity_key == f"{answer.id}:fi"
        assert '"Väärä teksti"' in change.after and original in change.before
        undo = revert(session, change.id, Editor(1, "admin@alku.fi"))
        assert next(t.text for t in answer.translations if t.language == "fi") == original
        assert undo.reverts == change.id and history(session, answer)[0].id == undo.id


def test_reverting_a_new_translation_removes_it(fresh_db_url):
    with open_session(fresh_db_url) as session:
        answer = find_or_create_answer(session, "housing", "905")
        write(session, answer, "ar", "نص")
        revert(session, history(session, answer)[0].id, EDITOR)
        assert answer.translations == []


def test_expired_answers_are_listed(fresh_db_url):
    with open_session(fresh_db_url) as session:
        answer = national(session)
        write(session, answer, "fi", "Vanhenee pian", review_by="2026-12-01")
        assert answer.id not in {t.answer_id for t in expired(session, dt.date(2026, 11, 30)) if t.language == "fi"}
        assert (answer.id, "fi") in {(t.answer_id, t.language) for t in expired(session, dt.date(2026, 12, 2))}
