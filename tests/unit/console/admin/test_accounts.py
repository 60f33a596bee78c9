"""An admin brings a person on board and off again from the console's pages."""

from __future__ import annotations

import re
import time
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from ops.run import free_port
from tests.unit.console.conftest import PASSWORD, Browser

NEW_PASSWORD = "kissa-istuu-ikkunalla-aamulla"
LINK = re.compile(r'value="(http://[^"]+/account/password/[\w-]+)"')


class Inbox:
    """A real SMTP server on loopback that keeps what it receives."""

    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"


@pytest.fixture
def mailbox(monkeypatch):
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("ALKU_SMTP_URL", f"smtp://127.0.0.1:{port}")
    yield inbox
    controller.stop()


def invite(admin: Browser, **fields) -> str:
    """Invite through the form; the address of the account page the admin lands on."""
    data = {
        "email": "aino.virtanen@oulu.fi",
        "name": "Aino Virtanen",
        "role": "advisor",
        "languages": ["fi", "ar"],
        "municipalities": "Oulu",
        "ui_language": "sv",
        **fields,
    }
    reply = admin.post_form("/admin/accounts", "/admin/accounts", data)
    assert reply.status_code == 303, reply.text
    return reply.headers["location"]


@pytest.fixture
def admin(browser) -> Browser:
    browser.sign_in("admin@alku.fi")
    return browser


def test_an_invited_person_gets_the_link_by_e_mail_chooses_a_password_and_works_in_swedish(admin, mailbox):
    account_page = admin.get(invite(admin)).text
    link = LINK.search(account_page).group(1)
    assert "aino.virtanen@oulu.fi" in account_page and "Invited, no password yet" in account_page

    for _ in range(50):
        if mailbox.messages:
            break
        time.sleep(0.1)
    ((recipients, message),) = mailbox.messages
    assert recipients == ["aino.virtanen@oulu.fi"]
    assert message["Subject"] == "Du är inbjuden till Alku-konsolen"  # the language the admin chose for her
    assert link in message.get_payload(decode=True).decode()

    aino = Browser()
    weak = aino.choose_password(link, "password1234")
    assert weak.status_code == 422 and "för lätt att gissa" in weak.text
    different = aino.choose_password(link, NEW_PASSWORD, NEW_PASSWORD + "x")
    assert different.status_code == 422
    chosen = aino.choose_password(link, NEW_PASSWORD)
    assert chosen.status_code == 303 and chosen.headers["location"] == "/inbox"
    inbox = aino.get("/inbox")
    assert inbox.status_code == 200 and '<html lang="sv">' in inbox.text and "Ditt lösenord är sparat" in inbox.text

    assert Browser().choose_password(link, NEW_PASSWORD + "-again").status_code == 410  # once only
    again = Browser()
    assert again.sign_in("aino.virtanen@oulu.fi", NEW_PASSWORD).headers["location"] == "/inbox"


def test_without_a_mail_server_the_admin_is_told_to_pass_the_link_on(admin):
    account_page = admin.get(invite(admin)).text
    assert LINK.search(account_page)
    assert "It was not e-mailed" in account_page


def test_a_refused_invitation_keeps_what_the_admin_typed(admin):
    reply = admin.post_form(
        "/admin/accounts",
        "/admin/accounts",
        {"email": "oulu@alku.fi", "name": "Toinen Oulu", "role": "advisor", "municipalities": "Oulu"},
    )
    assert reply.status_code == 422
    assert "Someone already has an account" in reply.text and 'value="Toinen Oulu"' in reply.text
    unknown = admin.post_form(
        "/admin/accounts",
        "/admin/accounts",
        {"email": "new@alku.fi", "name": "Uusi", "role": "advisor", "municipalities": "Atlantis"},
    )
    assert unknown.status_code == 422 and "was not recognised" in unknown.text


def test_deactivation_ends_the_persons_session_and_api_token_at_once(admin, console_db):
    oulu = Browser()
    oulu.sign_in("oulu@alku.fi")
    token = oulu.client.post("/api/auth/token", data={"username": "oulu@alku.fi", "password": PASSWORD}).json()
    bearer = {"Authorization": f"Bearer {token['access_token']}"}
    assert oulu.get("/inbox").status_code == 200
    assert oulu.client.get("/api/tickets", headers=bearer).status_code == 200

    account_id = next(
        int(found) for found in re.findall(r'href="/admin/accounts/(\d+)">oulu<', admin.get("/admin/accounts").text)
    )
    reply = admin.post_form(f"/admin/accounts/{account_id}", f"/admin/accounts/{account_id}/deactivate")
    assert reply.status_code == 303
    assert "Deactivated" in admin.get(f"/admin/accounts/{account_id}").text

    assert oulu.get("/inbox", follow_redirects=False).headers["location"].startswith("/login")
    assert oulu.client.get("/api/tickets", headers=bearer).status_code == 401
    assert Browser().sign_in("oulu@alku.fi").status_code == 401

    admin.post_form(f"/admin/accounts/{account_id}", f"/admin/accounts/{account_id}/reactivate")
    assert Browser().sign_in("oulu@alku.fi").status_code == 303
    # The old session stays ended: reactivation does not bring a stolen cookie back.
    assert oulu.get("/inbox", follow_redirects=False).status_code == 303


def test_an_admin_cannot_lock_themselves_out(admin):
    own_id = re.search(r'href="/admin/accounts/(\d+)">admin<', admin.get("/admin/accounts").text).group(1)
    reply = admin.post_form(f"/admin/accounts/{own_id}", f"/admin/accounts/{own_id}/deactivate")
    assert reply.status_code == 303
    page = admin.get(f"/admin/accounts/{own_id}").text
    assert 'class="flash problem"' in page and "cannot deactivate your own account" in page


def test_a_password_reset_link_ends_the_old_sessions(admin):
    oulu = Browser()
    oulu.sign_in("oulu@alku.fi")
    account_id = re.search(r'href="/admin/accounts/(\d+)">oulu<', admin.get("/admin/accounts").text).group(1)
    admin.post_form(f"/admin/accounts/{account_id}", f"/admin/accounts/{account_id}/link")
    page = admin.get(f"/admin/accounts/{account_id}").text
    assert "Password link (works once, for one day)" in page
    link = LINK.search(page).group(1)
    assert oulu.get("/inbox").status_code == 200  # the link alone changes nothing yet
    assert Browser().choose_password(link, NEW_PASSWORD).status_code == 303
    assert oulu.get("/inbox", follow_redirects=False).status_code == 303
    assert Browser().sign_in("oulu@alku.fi", PASSWORD).status_code == 401
    assert Browser().sign_in("oulu@alku.fi", NEW_PASSWORD).status_code == 303


def test_people_are_found_by_words_role_and_state(admin):
    found = admin.get("/admin/accounts?q=oulu").text
    assert "oulu@alku.fi" in found and "editor@alku.fi" not in found
    editors = admin.get("/admin/accounts?role=editor").text
    assert "editor@alku.fi" in editors and "oulu@alku.fi" not in editors
    assert "No one matches" in admin.get("/admin/accounts?q=%25_nobody").text


def test_changing_a_person_keeps_the_rules(admin, console_db):
    account_id = re.search(r'href="/admin/accounts/(\d+)">peer<', admin.get("/admin/accounts").text).group(1)
    reply = admin.post_form(
        f"/admin/accounts/{account_id}",
        f"/admin/accounts/{account_id}",
        {
            "email": "peer@alku.fi",
            "name": "Vertais Neuvoja",
            "display_name": "Samira",
            "role": "advisor",
            "languages": ["ar", "fi", "so"],
            "municipalities": "905, Oulu",
            "ui_language": "fi",
        },
    )
    assert reply.status_code == 303
    page = admin.get(f"/admin/accounts/{account_id}").text
    assert 'value="Samira"' in page and 'value="564, 905"' in page
    assert '<option value="advisor" selected>' in page
