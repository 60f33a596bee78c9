from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from console.app import app
from handoff.db import create_schema
from handoff.models import ADMIN, ADVISOR, EDITOR, NGO_EDITOR, PEER_ADVISOR, Advisor, ProfessionalTopic
from handoff.passwords import hash_password
from handoff.queue import open_ticket
from handoff.seed import seed_handoff
from knowledge.db import make_engine, open_session
from knowledge.models import Municipality, Organisation
from ops.run import free_port

PASSWORD = "a-long-enough-password"
ACCOUNTS = {
    "admin@alku.fi": (ADMIN, "fi,en,ar", ()),
    "oulu@alku.fi": (ADVISOR, "fi,en", ("564",)),
    "peer@alku.fi": (PEER_ADVISOR, "ar,fi", ()),
    "editor@alku.fi": (EDITOR, "fi", ()),
    "ngo@alku.fi": (NGO_EDITOR, "fi", ()),
}


@pytest.fixture
def console_db(monkeypatch, fresh_db_url, tmp_path):
    """Advisors of every role, canned replies, and waiting tickets; no Rasa (its port is closed) and an
    empty tracker store of its own."""
    monkeypatch.setenv("ALKU_DATABASE_URL", fresh_db_url)
    monkeypatch.setenv("ALKU_TRACKER_URL", f"sqlite:///{tmp_path / 'rasa.db'}")
    monkeypatch.setenv("ALKU_RASA_PORT", str(free_port()))
    create_schema(make_engine(fresh_db_url))
    with open_session(fresh_db_url) as session, session.begin():
        seed_handoff(session)
        for email, (role, languages, places) in ACCOUNTS.items():
            advisor = Advisor(
                email=email,
                name=email.split("@")[0],
                password_hash=hash_password(PASSWORD),
                role=role,
                languages=languages,
            )
            advisor.municipalities = [session.get(Municipality, code) for code in places]
            session.add(advisor)
        session.add(ProfessionalTopic(topic_key="kela_appeal"))
        for conversation, language, place, topic in (
            ("c-fi", "fi", "564", "housing"),
            ("c-ar", "ar", "905", "housing"),
            ("c-appeal", "ar", "905", "kela_appeal"),
        ):
            open_ticket(
                session,
                conversation_id=conversation,
                channel="callback",
                language=language,
                topic=topic,
                municipality_code=place,
            )
    return fresh_db_url


@pytest.fixture
def ngo_of_vaasa(console_db):
    """The NGO editor works for the organisation that runs the Vaasa language café."""
    with open_session(console_db) as session, session.begin():
        organisation = session.scalars(select(Organisation).where(Organisation.key == "vaasa_city")).one()
        session.scalars(select(Advisor).where(Advisor.email == "ngo@alku.fi")).one().organisation_id = organisation.id
    return console_db


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no CSRF token"
    return found.group(1)


class Browser:
    """A TestClient that signs in through the login form and posts forms with their CSRF token."""

    def __init__(self) -> None:
        self.client = TestClient(app)

    def sign_in(self, email: str, password: str = PASSWORD):
        token = csrf_of(self.client.get("/login").text)
        return self.client.post(
            "/login", data={"email": email, "password": password, "csrf_token": token}, follow_redirects=False
        )

    def get(self, path: str, **kwargs):
        return self.client.get(path, headers={"Accept": "text/html"}, **kwargs)

    def choose_password(self, link: str, password: str, repeated: str | None = None):
        """Open a password link (on the test client's own host: the link names the console's public
        address) and send its form."""
        path = urlsplit(link).path
        form = self.get(path)
        return self.client.post(
            path,
            data={
                "password": password,
                "repeated": password if repeated is None else repeated,
                "csrf_token": csrf_of(form.text),
            },
            headers={"Accept": "text/html"},
            follow_redirects=False,
        )

    def post_form(self, page: str, action: str, data: dict | None = None):
        token = csrf_of(self.get(page).text)
        return self.client.post(
            action, data={**(data or {}), "csrf_token": token}, headers={"Accept": "text/html"}, follow_redirects=False
        )


@pytest.fixture
def browser(console_db) -> Browser:
    return Browser()


def ticket_id(db_url: str, conversation: str) -> int:
    from sqlalchemy import select

    from handoff.models import Ticket

    with open_session(db_url) as session:
        return session.scalars(select(Ticket.id).where(Ticket.conversation_id == conversation)).one()
