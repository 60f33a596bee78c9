"""An NGO joins from the public form; an editor accepts it; its first listings wait for review until
an editor trusts it."""

from __future__ import annotations

import re

from sqlalchemy import select

from knowledge.db import open_session
from knowledge.models import IN_REVIEW, PUBLISHED, JoinRequest, ServiceListing
from tests.unit.console.conftest import Browser

REQUEST = {
    "organisation_name": "Oulun Monikulttuuriset ry",
    "website": "https://example.org/omk",
    "municipalities": "Oulu",
    "contact_name": "Leila Haddad",
    "contact_email": "leila@example.org",
    "message": "Kielikahvila ja läksykerho torstaisin.",
}
CAFE = {
    "key": "omk-kielikahvila",
    "organisation": "oulun_monikulttuuriset_ry",
    "url": "https://example.org/omk/kahvila",
    "municipalities": ["564"],
    "topics": ["language_courses"],
    "languages": "fi ar",
    "name_fi": "Kielikahvila Oulussa",
    "description_fi": "Puhu suomea rennosti torstaisin.",
    "opening_hours": "thu 17:00-19:00",
    "status": "published",
}


def ask(browser: Browser, **changes):
    return browser.post_form("/join", "/join", {**REQUEST, **changes})


def test_an_ngo_joins_its_first_listing_is_reviewed_and_once_trusted_it_publishes_itself(console_db):
    public = Browser()
    assert "Thank you" in ask(public).text
    editor = Browser()
    editor.sign_in("editor@alku.fi")
    requests = editor.get("/editor/organisations").text
    assert "Oulun Monikulttuuriset ry" in requests and "leila@example.org" in requests
    request_id = re.search(r"/editor/organisations/requests/(\d+)/accept", requests).group(1)
    editor.post_form("/editor/organisations", f"/editor/organisations/requests/{request_id}/accept")
    accepted = editor.get("/editor/organisations").text
    link = re.search(r'value="(http[^"]+/account/password/[\w-]+)"', accepted).group(1)

    leila = Browser()
    chosen = leila.choose_password(link, "kamelit-kulkevat-autiomaassa")
    assert chosen.headers["location"] == "/editor/listings"
    assert "shown after an editor has reviewed them" in leila.get("/editor/listings/new").text
    saved = leila.post_form("/editor/listings/new", "/editor/listings/new", CAFE)
    assert saved.status_code == 303, saved.text
    with open_session(console_db) as session:
        listing = session.scalars(select(ServiceListing).where(ServiceListing.key == "omk-kielikahvila")).one()
        assert listing.status == IN_REVIEW
    assert "Kielikahvila Oulussa" not in Browser().get("/?municipality=564&q=kielikahvila").text

    queue = editor.get("/editor/review").text
    assert "Kielikahvila Oulussa" in queue
    editor.post_form("/editor/review", f"/editor/review/{listing.id}", {"decision": "publish"})
    assert "Kielikahvila Oulussa" in Browser().get("/?municipality=564&q=kielikahvila").text

    editor.post_form(
        "/editor/organisations", "/editor/organisations/oulun_monikulttuuriset_ry/trust", {"trusted": "yes"}
    )
    leila.post_form(
        "/editor/listings/new", "/editor/listings/new", {**CAFE, "key": "omk-laksykerho", "name_fi": "Läksykerho"}
    )
    with open_session(console_db) as session:
        assert (
            session.scalars(select(ServiceListing.status).where(ServiceListing.key == "omk-laksykerho")).one()
            == PUBLISHED
        )


def test_a_declined_request_makes_nothing(console_db):
    ask(Browser())
    editor = Browser()
    editor.sign_in("editor@alku.fi")
    request_id = re.search(r"requests/(\d+)/decline", editor.get("/editor/organisations").text).group(1)
    editor.post_form("/editor/organisations", f"/editor/organisations/requests/{request_id}/decline")
    assert "No organisation is waiting" in editor.get("/editor/organisations").text
    again = editor.post_form("/editor/organisations", f"/editor/organisations/requests/{request_id}/accept")
    assert "already answered" in editor.get(again.headers["location"]).text


def test_the_join_form_refuses_bad_fields_robots_and_floods(console_db):
    public = Browser()
    bad = ask(public, contact_email="not-an-address")
    assert bad.status_code == 422 and 'value="Oulun Monikulttuuriset ry"' in bad.text
    assert "Thank you" in ask(public, homepage="http://spam.example").text, "a robot is thanked"
    with open_session(console_db) as session:
        assert session.query(JoinRequest).count() == 0, "and dropped"
    ask(public)
    ask(public)
    flood = ask(public)
    assert flood.status_code == 429 and "Try again later" in flood.text


def test_an_editor_adds_an_organisation_and_invites_an_editor_of_its_listings_only(console_db):
    from handoff.models import NGO_EDITOR, Advisor
    from knowledge.models import Organisation

    editor = Browser()
    editor.sign_in("editor@alku.fi")
    page = "/editor/organisations"
    editor.post_form(
        page, page, {"name": "Rovaniemen Ystävyysseura ry", "kind": "ngo", "website": "https://example.org/ys"}
    )
    editor.post_form(page, page, {"name": "Rovaniemen kaupunki", "kind": "municipality"})
    with open_session(console_db) as session:
        made = {
            o.key: o.trusted for o in session.scalars(select(Organisation).where(Organisation.key.like("rovaniemen%")))
        }
    assert made == {"rovaniemen_ystavyysseura_ry": False, "rovaniemen_kaupunki": True}
    editor.post_form(
        page, f"{page}/rovaniemen_ystavyysseura_ry/editors", {"name": "Pekka Ranta", "email": "pekka@example.org"}
    )
    shown = editor.get(page).text
    assert "/account/password/" in shown
    with open_session(console_db) as session:
        pekka = session.scalars(select(Advisor).where(Advisor.email == "pekka@example.org")).one()
        assert pekka.role == NGO_EDITOR and pekka.organisation_id is not None
    refused = editor.post_form(page, page, {"name": "x", "kind": "ngo"})
    assert "Give the organisation" in editor.get(refused.headers["location"]).text
