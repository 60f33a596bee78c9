"""The advisor's pages over HTTP: sign-in, CSRF, roles, the inbox, a conversation."""

from __future__ import annotations

from html import escape

import yaml
from sqlalchemy import select

from handoff.canned import CONTENT as CANNED
from handoff.models import OPEN, WAITING, Ticket, TicketMessage
from knowledge.db import open_session
from tests.unit.console.conftest import Browser, ticket_id


def test_pages_need_a_sign_in(browser):
    reply = browser.get("/inbox", follow_redirects=False)
    assert reply.status_code == 303 and reply.headers["location"] == "/login?next=/inbox"


def test_wrong_password_is_refused_with_a_message(browser):
    reply = browser.sign_in("oulu@alku.fi", "wrong-password")
    assert reply.status_code == 401 and "Wrong e-mail or password." in reply.text
    assert browser.get("/inbox", follow_redirects=False).status_code == 303


def test_a_login_form_without_its_csrf_token_is_refused(browser):
    reply = browser.client.post("/login", data={"email": "oulu@alku.fi", "password": "a-long-enough-password"})
    assert reply.status_code == 403


def test_sign_in_then_the_inbox_shows_only_what_the_advisor_may_take(browser, console_db):
    assert browser.sign_in("oulu@alku.fi").headers["location"] == "/inbox"
    page = browser.get("/inbox").text
    assert f'data-ticket="{ticket_id(console_db, "c-fi")}"' in page
    assert f'data-ticket="{ticket_id(console_db, "c-ar")}"' not in page
    peer = Browser()
    peer.sign_in("peer@alku.fi")
    page = peer.get("/inbox/queue").text
    assert f'data-ticket="{ticket_id(console_db, "c-ar")}"' in page
    assert f'data-ticket="{ticket_id(console_db, "c-appeal")}"' not in page, "Kela appeals are for professionals"


def test_sign_in_redirects_only_within_the_console(browser):
    token = browser.client.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
    reply = browser.client.post(
        "/login",
        data={
            "email": "oulu@alku.fi",
            "password": "a-long-enough-password",
            "csrf_token": token,
            "next": "//evil.example/",
        },
        follow_redirects=False,
    )
    assert reply.headers["location"] == "/inbox"


def test_an_editor_has_no_inbox_and_an_advisor_no_admin_pages(browser):
    browser.sign_in("editor@alku.fi")
    assert browser.get("/inbox").status_code == 403
    advisor = Browser()
    advisor.sign_in("oulu@alku.fi")
    assert advisor.get("/admin/office-hours").status_code == 403
    assert advisor.get("/admin/canned-replies").status_code == 403


def test_claim_reply_note_and_return_to_queue(browser, console_db):
    browser.sign_in("oulu@alku.fi")
    ticket = ticket_id(console_db, "c-fi")
    claimed = browser.post_form("/inbox", f"/tickets/{ticket}/claim")
    assert claimed.headers["location"] == f"/tickets/{ticket}"
    page = browser.get(f"/tickets/{ticket}").text
    canned = yaml.safe_load(CANNED.read_text(encoding="utf-8"))
    assert escape(canned["fi"][0]["text"]) in page and escape(canned["ar"][0]["text"]) not in page
    assert "Rasa does not answer" in page

    assert browser.client.post(f"/tickets/{ticket}/reply", data={"text": "no token"}).status_code == 403
    browser.post_form(f"/tickets/{ticket}", f"/tickets/{ticket}/reply", {"text": "Hei! Katsotaan asuntoasiaa."})
    browser.post_form(f"/tickets/{ticket}", f"/tickets/{ticket}/note", {"text": "<script>alert('x')</script>"})
    page = browser.get(f"/tickets/{ticket}/lines").text
    assert "Hei! Katsotaan asuntoasiaa." in page and "not delivered yet, trying again" in page
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    with open_session(console_db) as session:
        authors = [m.author for m in session.scalars(select(TicketMessage).where(TicketMessage.ticket_id == ticket))]
        assert authors == ["advisor", "note"]

    other = Browser()
    other.sign_in("admin@alku.fi")
    assert other.post_form("/inbox", f"/tickets/{ticket}/claim").headers["location"] == "/inbox"
    assert "Another advisor took this ticket already." in other.get("/inbox").text

    browser.post_form(f"/tickets/{ticket}", f"/tickets/{ticket}/release")
    with open_session(console_db) as session:
        assert session.get(Ticket, ticket).status == WAITING


def test_an_advisor_cannot_open_someone_elses_ticket(browser, console_db):
    admin = Browser()
    admin.sign_in("admin@alku.fi")
    ticket = ticket_id(console_db, "c-fi")
    admin.post_form("/inbox", f"/tickets/{ticket}/claim")
    with open_session(console_db) as session:
        assert session.get(Ticket, ticket).status == OPEN
    browser.sign_in("oulu@alku.fi")
    assert browser.get(f"/tickets/{ticket}").status_code == 404
    assert browser.post_form("/inbox", f"/tickets/{ticket}/resolve").status_code == 404


def test_a_peer_advisor_escalates_to_a_professional(console_db):
    peer = Browser()
    peer.sign_in("peer@alku.fi")
    ticket = ticket_id(console_db, "c-ar")
    peer.post_form("/inbox", f"/tickets/{ticket}/claim")
    assert "Pass to a professional advisor" in peer.get(f"/tickets/{ticket}").text
    peer.post_form(f"/tickets/{ticket}", f"/tickets/{ticket}/escalate")
    with open_session(console_db) as session:
        escalated = session.get(Ticket, ticket)
        assert escalated.status == WAITING and escalated.needs_professional
    assert f'data-ticket="{ticket}"' not in peer.get("/inbox/queue").text


def test_sign_out_ends_the_session(browser):
    browser.sign_in("oulu@alku.fi")
    browser.post_form("/inbox", "/logout")
    assert browser.get("/inbox", follow_redirects=False).status_code == 303


def test_the_console_speaks_finnish_when_asked(browser):
    browser.sign_in("oulu@alku.fi")
    assert "Odottavat neuvojaa" in browser.get("/inbox?lang=fi").text


def test_too_many_failed_sign_ins_make_the_person_wait_with_a_clear_message(browser):
    for _ in range(5):
        assert browser.sign_in("oulu@alku.fi", "not-the-password").status_code == 401
    refused = browser.sign_in("oulu@alku.fi")
    assert refused.status_code == 429 and "Too many failed sign-ins. Try again in 15 min." in refused.text
    assert Browser().sign_in("editor@alku.fi").status_code == 303  # other people can still sign in


def test_a_signed_out_cookie_opens_nothing_even_if_kept(browser):
    browser.sign_in("oulu@alku.fi")
    kept = dict(browser.client.cookies)
    assert browser.get("/inbox").status_code == 200
    browser.post_form("/inbox", "/logout")
    thief = Browser()
    thief.client.cookies.update(kept)
    assert thief.get("/inbox", follow_redirects=False).headers["location"].startswith("/login")


def test_the_console_speaks_the_language_chosen_in_the_switcher_and_remembers_it(browser):
    browser.sign_in("oulu@alku.fi")
    browser.post_form("/inbox", "/account/language", {"language": "sv", "next": "/inbox"})
    assert '<html lang="sv">' in browser.get("/inbox").text
    later = Browser()
    later.sign_in("oulu@alku.fi")
    assert '<html lang="sv">' in later.get("/inbox").text


def test_an_admin_takes_over_a_ticket_left_with_another_advisor(console_db):
    ticket = ticket_id(console_db, "c-fi")
    oulu = Browser()
    oulu.sign_in("oulu@alku.fi")
    oulu.post_form("/inbox", f"/tickets/{ticket}/claim")
    admin = Browser()
    admin.sign_in("admin@alku.fi")
    inbox = admin.get("/inbox").text
    assert "Open with other advisors" in inbox and f"#{ticket}</td>" in inbox
    page = admin.get(f"/tickets/{ticket}").text
    assert "oulu has this conversation open" in page and "Take over" in page
    assert admin.post_form(f"/tickets/{ticket}", f"/tickets/{ticket}/take-over").status_code == 303
    with open_session(console_db) as session:
        taken = session.get(Ticket, ticket)
        assert (taken.status, taken.advisor.email) == (OPEN, "admin@alku.fi")
    # The admin may answer now; the advisor it was taken from may not.
    assert 'id="reply-form"' in admin.get(f"/tickets/{ticket}").text
    assert oulu.get(f"/tickets/{ticket}").status_code == 404


def test_an_advisor_cannot_take_over_or_reassign(console_db):
    ticket = ticket_id(console_db, "c-fi")
    oulu = Browser()
    oulu.sign_in("oulu@alku.fi")
    oulu.post_form("/inbox", f"/tickets/{ticket}/claim")
    assert oulu.post_form("/inbox", f"/tickets/{ticket}/take-over").status_code == 403
    assert oulu.post_form("/inbox", f"/tickets/{ticket}/reassign", {"advisor_id": "1"}).status_code == 403


def test_signing_out_with_open_tickets_asks_what_becomes_of_them(console_db):
    ticket = ticket_id(console_db, "c-fi")
    oulu = Browser()
    oulu.sign_in("oulu@alku.fi")
    oulu.post_form("/inbox", f"/tickets/{ticket}/claim")
    asked = oulu.post_form("/inbox", "/logout")
    assert asked.status_code == 200 and "You still have open conversations" in asked.text
    assert oulu.get("/inbox").status_code == 200, "not signed out yet"
    done = oulu.post_form("/inbox", "/logout", {"tickets": "return"})
    assert done.headers["location"] == "/login"
    with open_session(console_db) as session:
        returned = session.get(Ticket, ticket)
        assert (returned.status, returned.advisor_id) == (WAITING, None)
    assert oulu.get("/inbox", follow_redirects=False).status_code == 303


def test_signing_out_may_keep_the_tickets(console_db):
    ticket = ticket_id(console_db, "c-fi")
    oulu = Browser()
    oulu.sign_in("oulu@alku.fi")
    oulu.post_form("/inbox", f"/tickets/{ticket}/claim")
    assert oulu.post_form("/inbox", "/logout", {"tickets": "keep"}).headers["location"] == "/login"
    with open_session(console_db) as session:
        assert session.get(Ticket, ticket).status == OPEN


def test_past_conversations_are_found_and_open_their_transcript(console_db):
    ticket = ticket_id(console_db, "c-fi")
    oulu = Browser()
    oulu.sign_in("oulu@alku.fi")
    oulu.post_form("/inbox", f"/tickets/{ticket}/claim")
    oulu.post_form(f"/tickets/{ticket}", f"/tickets/{ticket}/note", {"text": "Takuuvuokra-asia, ohjattu Kelaan"})
    oulu.post_form(f"/tickets/{ticket}", f"/tickets/{ticket}/resolve")
    found = oulu.get("/history?words=takuuvuokra").text
    assert f'href="/tickets/{ticket}">#{ticket}</a>' in found and "Resolved" in found
    assert oulu.get(f"/tickets/{ticket}").status_code == 200
    assert "No conversations match" in oulu.get("/history?words=takuuvuokra&language=ar").text
    # Another advisor does not find it; the admin does, by advisor.
    peer = Browser()
    peer.sign_in("peer@alku.fi")
    assert "No conversations match" in peer.get("/history?words=takuuvuokra").text
    admin = Browser()
    admin.sign_in("admin@alku.fi")
    assert f"#{ticket}</a>" in admin.get("/history?municipality=Oulu&topic=housing").text


def test_past_conversations_over_the_api(console_db):
    from tests.unit.console.api.test_accounts import bearer

    browser = Browser()
    admin = bearer(browser.client, "admin@alku.fi")
    waiting = browser.client.get("/api/tickets/search?status=waiting&language=ar", headers=admin).json()
    assert sorted(ticket["conversation_id"] for ticket in waiting) == ["c-appeal", "c-ar"]
    assert browser.client.get("/api/tickets/search?rating=9", headers=admin).status_code == 422
