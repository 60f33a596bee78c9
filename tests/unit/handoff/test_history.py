"""Finding past conversations: by words and facts, and only those the person may see."""

import datetime as dt

import pytest

from handoff.history import Criteria, find_tickets
from handoff.models import ADMIN, RESOLVED, TicketMessage
from handoff.queue import open_ticket


@pytest.fixture
def past(db, make_advisor):
    """Anna answered an Arabic housing question in Oulu (rated 2); Mika a Somali Kela question in Vaasa."""
    anna, mika = make_advisor("anna@alku.fi", "fi,ar"), make_advisor("mika@alku.fi", "fi,so")
    rows = [
        ("c1", "ar", "housing", "564", anna, 2, "Vuokranantaja ei palauta takuuvuokraa", dt.datetime(2026, 11, 2, 9)),
        ("c2", "so", "kela_benefits", "905", mika, 5, "Sain Kelan päätöksen", dt.datetime(2026, 12, 1, 22, 30)),
    ]
    for conversation, language, topic, place, advisor, rating, preview, at in rows:
        ticket = open_ticket(
            db,
            conversation_id=conversation,
            channel="telegram",
            language=language,
            topic=topic,
            municipality_code=place,
            preview=preview,
        )
        ticket.advisor_id, ticket.status, ticket.rating, ticket.created_at = advisor.id, RESOLVED, rating, at
        db.add(
            TicketMessage(
                ticket=ticket, author="advisor", advisor_id=advisor.id, text="Ota yhteys Kelaan ja liitä päätös."
            )
        )
    db.commit()
    return {"anna": anna, "mika": mika, "admin": make_advisor("admin@alku.fi", role=ADMIN)}


def conversations(db, person, **criteria):
    return [ticket.conversation_id for ticket in find_tickets(db, person, Criteria(**criteria), "Europe/Helsinki")]


def test_an_admin_finds_by_words_in_the_preview_and_the_replies(db, past):
    assert conversations(db, past["admin"], words="takuuvuokraa") == ["c1"]
    assert conversations(db, past["admin"], words="liitä päätös") == ["c2", "c1"]
    assert conversations(db, past["admin"], words="100%_") == []


def test_an_admin_finds_by_facts(db, past):
    admin = past["admin"]
    assert conversations(db, admin, language="so") == ["c2"]
    assert conversations(db, admin, topic="housing", municipality="564") == ["c1"]
    assert conversations(db, admin, advisor_id=past["mika"].id) == ["c2"]
    assert conversations(db, admin, rating=2) == ["c1"]


def test_dates_are_days_in_finland(db, past):
    # 22:30 UTC on 1 December is already 2 December in Helsinki.
    assert conversations(db, past["admin"], since=dt.date(2026, 12, 2)) == ["c2"]
    assert conversations(db, past["admin"], until=dt.date(2026, 12, 1)) == ["c1"]


def test_an_advisor_finds_only_their_own(db, past):
    assert conversations(db, past["anna"]) == ["c1"]
    assert conversations(db, past["anna"], advisor_id=past["mika"].id) == ["c1"], "the filter cannot widen it"
