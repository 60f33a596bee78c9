"""Listings and activities over the API: the public search, and who may write which listing."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from console.app import app
from handoff.db import create_schema
from handoff.models import ADMIN, EDITOR, NGO_EDITOR, Advisor
from handoff.passwords import hash_password
from knowledge.db import make_engine, open_session
from knowledge.models import ContentChange, Municipality, Organisation

PASSWORD = "a-long-enough-password"


@pytest.fixture
def api(monkeypatch, fresh_db_url):
    monkeypatch.setenv("ALKU_DATABASE_URL", fresh_db_url)
    create_schema(make_engine(fresh_db_url))
    with open_session(fresh_db_url) as session, session.begin():
        ngo = Organisation(
            key="vaasa_language_cafe",
            kind="ngo",
            url="https://example.org",
            name_fi="Kielikahvila ry",
            name_sv="Språkcafé rf",
            name_en="Language Café",
            trusted=True,  # an NGO whose listings editors have reviewed before
        )
        session.add(ngo)
        session.flush()
        for email, role, places, organisation in (
            ("admin@alku.fi", ADMIN, (), None),
            ("vaasa@alku.fi", EDITOR, ("905",), None),
            ("ngo@alku.fi", NGO_EDITOR, (), ngo.id),
        ):
            person = Advisor(
                email=email,
                name=email,
                password_hash=hash_password(PASSWORD),
                role=role,
                languages="fi",
                organisation_id=organisation,
            )
            person.municipalities = [session.get(Municipality, code) for code in places]
            session.add(person)
    return TestClient(app)


def auth(api, email):
    token = api.post("/api/auth/token", data={"username": email, "password": PASSWORD}).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def cafe(**changes):
    return {
        "key": "vaasa-thursday-cafe",
        "organisation": "vaasa_language_cafe",
        "url": "https://example.org/cafe",
        "address": "Kirjastonkatu 13, Vaasa",
        "municipalities": ["905"],
        "topics": ["language_courses", "ngo_activities"],
        "target_groups": ["women", "everyone"],
        "languages": ["fi", "ar"],
        "opening_hours": [{"weekday": 3, "opens": "17:00", "closes": "19:00"}],
        "appointment_needed": False,
        "accessibility": "Step-free entrance",
        "valid_from": "2026-01-01",
        "status": "published",
        "translations": {
            "fi": {"name": "Torstain kielikahvila", "description": "Puhutaan suomea yhdessä."},
            "ar": {"name": "مقهى اللغة يوم الخميس", "description": "نتحدث الفنلندية معاً."},
        },
        **changes,
    }


def test_an_ngo_not_yet_trusted_asks_and_its_listing_waits_for_review(api, fresh_db_url):
    with open_session(fresh_db_url) as session, session.begin():
        session.scalars(select(Organisation).where(Organisation.key == "vaasa_language_cafe")).one().trusted = False
    created = api.post("/api/services", json=cafe(), headers=auth(api, "ngo@alku.fi"))
    assert created.status_code == 201 and created.json()["status"] == "in_review"
    assert api.get("/api/services", params={"municipality": "905", "q": "kielikahvila"}).json() == []


def test_an_ngo_publishes_its_thursday_language_cafe_and_newcomers_find_it(api):
    created = api.post("/api/services", json=cafe(), headers=auth(api, "ngo@alku.fi"))
    assert created.status_code == 201, created.text
    found = api.get(
        "/api/services", params={"municipality": "905", "target_group": "women", "q": "kielikahvila"}
    ).json()
    assert [item["key"] for item in found] == ["vaasa-thursday-cafe"]
    assert found[0]["opening_hours"] == [{"weekday": 3, "opens": "17:00", "closes": "19:00"}]
    assert (
        api.get("/api/services", params={"municipality": "905", "target_group": "seniors", "q": "kielikahvila"}).json()
        == []
    )


def test_an_ngo_editor_writes_only_their_own_organisations_listings(api):
    refused = api.post(
        "/api/services", json=cafe(organisation="oulu_city", key="x-oulu"), headers=auth(api, "ngo@alku.fi")
    )
    assert refused.status_code == 403


def test_a_municipal_editor_writes_listings_of_their_municipality_only(api):
    vaasa = auth(api, "vaasa@alku.fi")
    assert api.post("/api/services", json=cafe(), headers=vaasa).status_code == 201
    assert (
        api.post("/api/services", json=cafe(key="oulu-cafe", municipalities=["564"]), headers=vaasa).status_code == 403
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"url": "example.org"}, "url"),
        ({"municipalities": []}, "municipalities"),
        ({"target_groups": ["aliens"]}, "target_groups"),
        ({"opening_hours": [{"weekday": 3, "opens": "19:00", "closes": "17:00"}]}, "opening_hours[0]"),
        ({"valid_from": "2026-05-01", "valid_to": "2026-04-01"}, "valid_to"),
        ({"translations": {}}, "translations"),
        ({"key": "Bad Key!"}, "key"),
    ],
)
def test_a_bad_listing_is_refused_with_its_field_and_nothing_is_written(api, changes, field):
    reply = api.post("/api/services", json=cafe(**changes), headers=auth(api, "admin@alku.fi"))
    assert reply.status_code == 422 and reply.json()["detail"]["field"] == field
    assert "vaasa-thursday-cafe" not in {
        item["key"] for item in api.get("/api/services", params={"q": "torstain"}).json()
    }


def test_an_activity_that_has_ended_is_no_longer_shown_and_changes_are_recorded(api, fresh_db_url):
    admin = auth(api, "admin@alku.fi")
    created = api.post("/api/services", json=cafe(), headers=admin).json()
    ended = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    assert (
        api.put(
            f"/api/services/{created['id']}", json=cafe(valid_to=ended, valid_from="2025-01-01"), headers=admin
        ).status_code
        == 200
    )
    found = api.get("/api/services", params={"q": "torstain kielikahvila", "municipality": "905"}).json()
    assert created["key"] not in {item["key"] for item in found}
    with open_session(fresh_db_url) as session:
        changes = session.scalars(select(ContentChange).where(ContentChange.entity == "service_listing")).all()
        assert [c.before is None for c in changes] == [True, False]


def test_a_revert_cannot_write_a_listing_back_into_an_organisation_the_editor_does_not_keep(api):
    """The Vaasa editor moves the city's listing to the NGO; the NGO's editor may now change it, but not
    revert that move: the listing as it was is the city's."""
    city = cafe(key="vaasa-city-cafe", organisation="vaasa_city")
    created = api.post("/api/services", json=city, headers=auth(api, "vaasa@alku.fi"))
    assert created.status_code == 201, created.text
    service = created.json()["id"]
    moved = api.put(
        f"/api/services/{service}",
        json={**city, "organisation": "vaasa_language_cafe"},
        headers=auth(api, "vaasa@alku.fi"),
    )
    assert moved.status_code == 200, moved.text
    ngo = auth(api, "ngo@alku.fi")
    move = api.get(f"/api/services/{service}/history", headers=ngo).json()[0]
    refused = api.post(f"/api/services/changes/{move['id']}/revert", headers=ngo)
    assert refused.status_code == 403
    assert api.get(f"/api/services/{service}/history", headers=ngo).json()[0]["id"] == move["id"], "nothing reverted"
    assert api.post(f"/api/services/changes/{move['id']}/revert", headers=auth(api, "vaasa@alku.fi")).status_code == 200
