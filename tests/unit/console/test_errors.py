"""A refusal is shown the same way wherever it happens: the API answers with a status and a detail, a
page goes back to where the form was with the reason in the person's language."""

from __future__ import annotations

from sqlalchemy import select

from handoff.models import Advisor
from knowledge.db import open_session
from tests.unit.console.conftest import PASSWORD, Browser, ticket_id


def _token(browser: Browser, email: str) -> dict[str, str]:
    reply = browser.client.post("/api/auth/token", data={"username": email, "password": PASSWORD})
    return {"Authorization": f"Bearer {reply.json()['access_token']}"}


def test_a_step_on_someone_elses_ticket_is_refused_with_its_reason(console_db):
    oulu, admin = Browser(), Browser()
    oulu.sign_in("oulu@alku.fi")
    admin.sign_in("admin@alku.fi")
    ticket = ticket_id(console_db, "c-fi")
    oulu.post_form("/inbox", f"/tickets/{ticket}/claim")

    # The admin opens the ticket and tries to resolve it without having it: back on its page, told why.
    refused = admin.post_form(f"/tickets/{ticket}", f"/tickets/{ticket}/resolve")
    assert refused.status_code == 303 and refused.headers["location"] == f"/tickets/{ticket}"
    assert "Only the advisor who has this ticket open can do that." in admin.get(f"/tickets/{ticket}").text

    # The same refusal over the API: 409 and the reason in words.
    answer = admin.client.post(f"/api/tickets/{ticket}/resolve", headers=_token(admin, "admin@alku.fi"))
    assert answer.status_code == 409 and answer.json()["detail"].startswith("Only the advisor who has the ticket open")


def test_a_refused_account_change_returns_to_the_persons_page_in_finnish(console_db):
    admin = Browser()
    admin.client.get("/login?lang=fi")
    admin.sign_in("admin@alku.fi")
    with open_session(console_db) as session:
        oulu = session.scalars(select(Advisor).where(Advisor.email == "oulu@alku.fi")).one()
        oulu_id, oulu_name = oulu.id, oulu.name
    page = f"/admin/accounts/{oulu_id}"
    refused = admin.post_form(
        page, page, {"email": "editor@alku.fi", "name": oulu_name, "role": "advisor", "ui_language": "fi"}
    )
    assert refused.status_code == 303 and refused.headers["location"] == page
    assert '<p class="flash problem" role="alert">Tällä sähköpostiosoitteella on jo tili.</p>' in admin.get(page).text
    with open_session(console_db) as session:
        assert session.get(Advisor, oulu_id).email == "oulu@alku.fi", "nothing was changed"


def test_ids_and_words_no_database_takes_are_refused_not_a_server_error(console_db):
    """What a fuzzer found: ids beyond the database's integers and control characters in searches."""
    client = Browser().client
    headers = _token(Browser(), "admin@alku.fi")
    huge = 2**64 + 1
    for path in (f"/api/tickets/{huge}", f"/api/services/{huge}/history", f"/api/answers/{huge}/history"):
        assert client.get(path, headers=headers).status_code == 422, path
    for params in ({"q": "kela\x00"}, {"municipality": "\x00"}, {"q": "%ED%A0%80"}, {"topic": "\x7f\x1b"}):
        assert client.get("/", params=params).status_code == 200, params
        assert client.get("/api/services", params=params).status_code in (200, 422), params
