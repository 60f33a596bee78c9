"""A newcomer is never left with an advisor who is gone: an admin can move any open ticket, and a
ticket whose advisor has been away too long goes back to the queue by itself, with a word to its user."""

import datetime as dt

import pytest

from handoff import desk
from handoff.desk import BACK_IN_QUEUE
from handoff.models import ADMIN, OPEN, WAITING, TicketMessage, utcnow
from handoff.queue import TicketUnavailable, claim, open_ticket, reassign, release
from handoff.stranded import return_stranded, stranded
from tests.unit.handoff.test_waiting import Chats

IDLE = dt.timedelta(minutes=30)


@pytest.fixture
def taken(db, make_advisor):
    """Anna took a Finnish ticket 40 minutes ago and was last seen then."""
    anna = make_advisor("anna@alku.fi")
    ticket = open_ticket(db, conversation_id="c1", channel="telegram", language="fi")
    db.commit()
    claim(db, ticket.id, anna)
    ticket.claimed_at = anna.last_seen_at = utcnow() - dt.timedelta(minutes=40)
    db.commit()
    return ticket


def test_a_ticket_whose_advisor_is_away_goes_back_to_the_queue_and_its_user_is_told(db, taken):
    chats = Chats()
    assert return_stranded(db, chats, IDLE) == 1
    assert (taken.status, taken.advisor_id) == (WAITING, None)
    assert chats.said == [("c1", BACK_IN_QUEUE)]
    assert return_stranded(db, chats, IDLE) == 0


def test_an_advisor_at_work_keeps_their_ticket(db, taken):
    taken.advisor.last_seen_at = utcnow() - dt.timedelta(minutes=2)
    db.commit()
    assert stranded(db, IDLE) == []


def test_a_recent_reply_counts_as_being_there(db, taken):
    db.add(TicketMessage(ticket=taken, author="advisor", text="Hei!", advisor_id=taken.advisor_id))
    db.commit()
    assert stranded(db, IDLE) == []


def test_a_ticket_just_taken_is_not_stranded(db, taken):
    taken.claimed_at = utcnow() - dt.timedelta(minutes=1)
    db.commit()
    assert stranded(db, IDLE) == []


def test_a_deactivated_advisors_tickets_go_back_at_once(db, taken):
    taken.advisor.active = False
    taken.advisor.last_seen_at = utcnow()
    db.commit()
    assert stranded(db, IDLE) == [taken.id]


def test_an_admin_returns_gives_or_takes_over_anyones_open_ticket(db, taken, make_advisor):
    admin = make_advisor("admin@alku.fi", role=ADMIN)
    mika = make_advisor("mika@alku.fi")
    reassign(db, taken, mika, admin)
    assert (taken.status, taken.advisor_id) == (OPEN, mika.id)
    reassign(db, taken, admin, admin)
    assert taken.advisor_id == admin.id
    release(db, taken, admin)
    assert taken.status == WAITING


def test_only_an_admin_moves_someone_elses_ticket(db, taken, make_advisor):
    mika = make_advisor("mika@alku.fi")
    with pytest.raises(TicketUnavailable):
        release(db, taken, mika)
    with pytest.raises(TicketUnavailable):
        reassign(db, taken, mika, mika)


def test_a_handover_tells_the_user_who_joined(db, taken, make_advisor):
    chats = Chats()
    admin = make_advisor("admin@alku.fi", role=ADMIN)
    mika = make_advisor("mika@alku.fi")
    assert desk.hand_over(db, chats, taken, mika, admin) is None
    assert chats.said == [("c1", desk.ADVISOR_JOINED)]
    chats.down = True
    assert desk.return_to_queue(db, chats, taken, mika) == "down"
    assert taken.status == WAITING, "the ticket is back in the queue even when the user's channel is down"
