"""The editor's answer pages: statuses per language, saving (never losing what was typed), history, revert."""

from __future__ import annotations

from sqlalchemy import select

from handoff.models import EDITOR, Advisor
from handoff.passwords import hash_password
from knowledge.db import open_session
from knowledge.models import Answer, AnswerTranslation, Municipality
from tests.unit.console.conftest import PASSWORD, Browser


def make_editor(db_url: str, email: str, places: tuple[str, ...]) -> None:
    with open_session(db_url) as session, session.begin():
        person = Advisor(email=email, name="Eeva", password_hash=hash_password(PASSWORD), role=EDITOR, languages="fi")
        person.municipalities = [session.get(Municipality, code) for code in places]
        session.add(person)


def national_tax(db_url: str) -> int:
    with open_session(db_url) as session:
        return session.scalars(
            select(Answer.id).where(Answer.topic_key == "tax", Answer.municipality_code.is_(None))
        ).one()


def text_of(db_url: str, answer_id: int, lang: str) -> str:
    with open_session(db_url) as session:
        return session.scalars(
            select(AnswerTranslation.text).where(
                AnswerTranslation.answer_id == answer_id, AnswerTranslation.language == lang
            )
        ).one()


def test_an_editor_signs_in_to_the_answers_and_sees_each_languages_status(console_db):
    make_editor(console_db, "eeva@vaasa.fi", ())
    browser = Browser()
    assert browser.sign_in("eeva@vaasa.fi").headers["location"] == "/editor/answers"
    page = browser.get("/editor/answers").text
    assert f'data-answer="{national_tax(console_db)}"' in page and "up to date" in page


def test_saving_a_translation_then_reverting_it(console_db):
    make_editor(console_db, "eeva@alku.fi", ())
    browser = Browser()
    browser.sign_in("eeva@alku.fi")
    answer = national_tax(console_db)
    original = text_of(console_db, answer, "ar")
    form = f"/editor/answers/{answer}/ar"
    saved = browser.post_form(
        form,
        form,
        {"text": "نص مصحح", "source_url": "https://www.vero.fi/", "review_by": "2099-01-01", "status": "published"},
    )
    assert saved.status_code == 303 and text_of(console_db, answer, "ar") == "نص مصحح"
    page = browser.get(form).text
    assert "eeva@alku.fi" in page and "Revert" in page
    change = page.split('action="/editor/changes/')[1].split("/")[0]
    browser.post_form(form, f"/editor/changes/{change}/revert")
    assert text_of(console_db, answer, "ar") == original


def test_a_refused_save_shows_the_reason_and_keeps_what_was_typed(console_db):
    make_editor(console_db, "eeva@alku.fi", ())
    browser = Browser()
    browser.sign_in("eeva@alku.fi")
    answer = national_tax(console_db)
    form = f"/editor/answers/{answer}/fi"
    refused = browser.post_form(
        form, form, {"text": "Uusi <b>teksti</b>", "source_url": "vero", "review_by": "2099-01-01", "status": "draft"}
    )
    assert refused.status_code == 422
    assert "Official source (web address)" in refused.text and "Uusi &lt;b&gt;teksti&lt;/b&gt;" in refused.text
    assert text_of(console_db, answer, "fi") != "Uusi <b>teksti</b>"


def test_a_vaasa_editor_reads_but_cannot_change_national_answers(console_db):
    make_editor(console_db, "eeva@vaasa.fi", ("905",))
    browser = Browser()
    browser.sign_in("eeva@vaasa.fi")
    answer = national_tax(console_db)
    form = f"/editor/answers/{answer}/fi"
    assert 'name="text"' not in browser.get(form).text
    token = browser.get(form).text.split('name="csrf_token" value="')[1].split('"')[0]
    refused = browser.client.post(
        form,
        data={"text": "x", "source_url": "https://a.fi", "review_by": "2099-01-01", "csrf_token": token},
        headers={"Accept": "text/html"},
    )
    assert refused.status_code == 403
    created = browser.post_form("/editor/answers", "/editor/answers", {"topic": "housing", "municipality": "905"})
    assert created.status_code == 303 and "/editor/answers/" in created.headers["location"]


def test_advisors_have_no_editor_pages(browser):
    browser.sign_in("oulu@alku.fi")
    assert browser.get("/editor/answers").status_code == 403


def test_the_bot_texts_say_what_each_is_for_and_a_refused_text_keeps_what_was_typed(console_db):
    editor = Browser()
    editor.sign_in("editor@alku.fi")
    page = editor.get("/editor/texts?language=fi&lang=fi").text
    assert "Kun keskustelu palaa jonoon, koska neuvoja ei voi jatkaa" in page
    typed = "Välitin keskustelusi neuvojalle. Olet jonossa sijalla {paikka}."
    refused = editor.post_form(
        "/editor/texts?language=fi", "/editor/texts/utter_handed_over/fi", {"text": typed, "status": "published"}
    )
    assert refused.status_code == 422
    assert "Ei tallennettu:" in refused.text and "{position}" in refused.text
    assert f">{typed}</textarea>" in refused.text, "what the editor typed is still in the form"


def test_the_content_and_admin_pages_have_a_start(console_db):
    ngo = Browser()
    ngo.sign_in("ngo@alku.fi")
    start = ngo.get("/editor").text
    assert 'href="/editor/listings"' in start and 'href="/editor/answers"' not in start
    admin = Browser()
    admin.sign_in("admin@alku.fi")
    assert 'href="/admin/accounts"' in admin.get("/admin").text


def test_the_expired_page_says_when_nothing_has_expired(console_db):
    import datetime as dt

    from knowledge.models import AnswerTranslation

    with open_session(console_db) as session, session.begin():
        for translation in session.scalars(select(AnswerTranslation)):
            translation.review_by = dt.date.today() + dt.timedelta(days=365)
    editor = Browser()
    editor.sign_in("editor@alku.fi")
    assert "Nothing has expired" in editor.get("/editor/expired").text
