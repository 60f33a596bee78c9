"""The listings editor's pages: an NGO publishes its activity, mistakes come back with the typed values,
history and revert, and nobody edits another organisation's listings."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from knowledge.db import open_session
from knowledge.models import ServiceListing
from tests.unit.console.conftest import Browser, csrf_of

pytestmark = pytest.mark.usefixtures("ngo_of_vaasa")

CAFE = {
    "key": "vaasa-thursday-cafe",
    "organisation": "vaasa_city",
    "url": "https://example.org/cafe",
    "status": "published",
    "municipalities": ["905"],
    "topics": ["language_courses"],
    "target_groups": ["women"],
    "languages": "fi ar",
    "opening_hours": "thu 17:00-19:00",
    "appointment_needed": "no",
    "name_fi": "Torstain kielikahvila",
    "description_fi": "Puhutaan suomea kahvin äärellä.",
    "name_ar": "مقهى اللغة يوم الخميس",
}


@pytest.fixture
def ngo() -> Browser:
    browser = Browser()
    browser.sign_in("ngo@alku.fi")
    return browser


def listing_id(db_url, key):
    with open_session(db_url) as session:
        return session.scalars(select(ServiceListing.id).where(ServiceListing.key == key)).first()


def test_an_ngo_publishes_its_language_cafe_and_the_public_search_finds_it(ngo, ngo_of_vaasa):
    reply = ngo.post_form("/editor/listings/new", "/editor/listings/new", CAFE)
    assert reply.status_code == 303, reply.text
    listing = listing_id(ngo_of_vaasa, "vaasa-thursday-cafe")
    assert reply.headers["location"] == f"/editor/listings/{listing}"
    assert "vaasa-thursday-cafe" in ngo.get("/editor/listings").text
    public = ngo.client.get("/", params={"municipality": "905", "q": "kielikahvilaan", "lang": "ar"}).text
    assert "مقهى اللغة يوم الخميس" in public


def test_a_mistake_comes_back_with_what_was_typed_and_nothing_is_saved(ngo, ngo_of_vaasa):
    reply = ngo.post_form("/editor/listings/new", "/editor/listings/new", {**CAFE, "opening_hours": "torstaisin"})
    assert reply.status_code == 422
    assert "torstaisin" in reply.text and "Torstain kielikahvila" in reply.text
    assert 'role="alert"' in reply.text
    assert listing_id(ngo_of_vaasa, "vaasa-thursday-cafe") is None


def test_an_ngo_editor_sees_and_opens_only_its_own_listings(ngo, ngo_of_vaasa):
    page = ngo.get("/editor/listings").text
    keys = set(re.findall(r'data-listing="([^"]+)"', page))
    with open_session(ngo_of_vaasa) as session:
        shown = session.scalars(select(ServiceListing).where(ServiceListing.key.in_(keys))).all()
        assert keys and {listing.organisation.key for listing in shown} == {"vaasa_city"}
    others = listing_id(ngo_of_vaasa, "oulu_villa_victor")
    assert ngo.get(f"/editor/listings/{others}").status_code == 403
    reply = ngo.post_form("/editor/listings/new", "/editor/listings/new", {**CAFE, "organisation": "oulu_city"})
    assert reply.status_code == 422 and listing_id(ngo_of_vaasa, "vaasa-thursday-cafe") is None


def test_a_change_is_in_the_history_and_can_be_reverted(ngo, ngo_of_vaasa):
    ngo.post_form("/editor/listings/new", "/editor/listings/new", CAFE)
    listing = listing_id(ngo_of_vaasa, "vaasa-thursday-cafe")
    form_page = f"/editor/listings/{listing}"
    ngo.post_form(form_page, form_page, {**CAFE, "opening_hours": "fri 17:00-19:00"})
    page = ngo.get(form_page).text
    assert 'value="fri 17:00-19:00"' in page
    reverts = re.findall(r'action="(/editor/listings/changes/\d+/revert)"', page)
    assert len(reverts) == 2  # newest first: the Friday change, then the creation
    reply = ngo.client.post(reverts[0], data={"csrf_token": csrf_of(page)}, follow_redirects=False)
    assert reply.status_code == 303
    assert 'value="thu 17:00-19:00"' in ngo.get(form_page).text
