"""The editors' answers API over HTTP, with its role checks, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from console.app import app
from handoff.db import create_schema
from handoff.models import ADMIN, ADVISOR, EDITOR, NGO_EDITOR, Advisor
from handoff.passwords import hash_password
from knowledge.db import make_engine, open_session
from knowledge.models import Municipality

PASSWORD = "a-long-enough-password"
PEOPLE = {
    "admin@alku.fi": (ADMIN, ()),
    "vaasa@alku.fi": (EDITOR, ("905",)),
    "national@alku.fi": (EDITOR, ()),
    "ngo@alku.fi": (NGO_EDITOR, ()),
    "advisor@alku.fi": (ADVISOR, ()),
}
GOOD = {
    "text": "Vaasan oma ohje",
    "source_url": "https://www.vaasa.fi/",
    "review_by": "2099-01-01",
    "status": "published",
}


@pytest.fixture
def api(monkeypatch, fresh_db_url):
    monkeypatch.setenv("ALKU_DATABASE_URL", fresh_db_url)
    create_schema(make_engine(fresh_db_url))
    with open_session(fresh_db_url) as session, session.begin():
        for email, (role, places) in PEOPLE.items():
            person = Advisor(email=email, name=email, password_hash=hash_password(PASSWORD), role=role, languages="fi")
            person.municipalities = [session.get(Municipality, code) for code in places]
            session.add(person)
    return TestClient(app)


def auth(api, email):
    token = api.post("/api/auth/token", data={"username": email, "password": PASSWORD}).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def tax_answer(api, headers):
    return next(a for a in api.get("/api/answers?topic=tax", headers=headers).json() if a["municipality"] is None)


def test_answers_list_shows_every_languages_status(api):
    answer = tax_answer(api, auth(api, "admin@alku.fi"))
    assert set(answer["states"]) == {"fi", "sv", "en", "ru", "uk", "et", "ar", "fa", "so", "tr"}
    assert set(answer["states"].values()) == {"up_to_date"}


@pytest.mark.parametrize(
    ("email", "national", "vaasa", "oulu"),
    [
        ("admin@alku.fi", 200, 201, 201),
        ("national@alku.fi", 200, 403, 403),
        ("vaasa@alku.fi", 403, 201, 403),
        ("ngo@alku.fi", 403, 403, 403),
        ("advisor@alku.fi", 403, 403, 403),
    ],
)
def test_who_may_edit_which_answers(api, email, national, vaasa, oulu):
    headers = auth(api, email)
    admin = auth(api, "admin@alku.fi")
    answer = tax_answer(api, admin)
    assert api.put(f"/api/answers/{answer['id']}/translations/fi", json=GOOD, headers=headers).status_code == national
    for code, expected in (("905", vaasa), ("564", oulu)):
        created = api.post("/api/answers", json={"topic": "housing", "municipality": code}, headers=headers)
        assert created.status_code == expected, (email, code)


def test_bad_content_is_refused_with_its_field_and_nothing_changes(api):
    headers = auth(api, "admin@alku.fi")
    answer = tax_answer(api, headers)
    before = answer["translations"]["fi"]["text"]
    refused = api.put(
        f"/api/answers/{answer['id']}/translations/fi", json={**GOOD, "source_url": "not a link"}, headers=headers
    )
    assert refused.status_code == 422 and refused.json()["detail"]["field"] == "source_url"
    assert tax_answer(api, headers)["translations"]["fi"]["text"] == before


def test_an_edit_can_be_seen_in_history_and_reverted(api):
    headers = auth(api, "admin@alku.fi")
    answer = tax_answer(api, headers)
    before = answer["translations"]["fi"]["text"]
    api.put(f"/api/answers/{answer['id']}/translations/fi", json=GOOD, headers=headers)
    changes = api.get(f"/api/answers/{answer['id']}/history", headers=headers).json()
    assert changes[0]["editor"] == "admin@alku.fi" and changes[0]["after"]["text"] == GOOD["text"]
    assert changes[0]["before"]["text"] == before
    assert api.post(f"/api/changes/{changes[0]['id']}/revert", headers=headers).status_code == 200
    assert tax_answer(api, headers)["translations"]["fi"]["text"] == before
    assert api.post(f"/api/changes/{changes[0]['id']}/revert", headers=auth(api, "vaasa@alku.fi")).status_code == 403
