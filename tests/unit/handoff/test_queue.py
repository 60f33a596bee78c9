import threading

import pytest

from handoff.models import OPEN, RESOLVED, WAITING
from handoff.passwords import hash_password, verify_password
from handoff.queue import TicketUnavailable, add_message, claim, open_ticket, position, resolve
from handoff.routing import inbox
from knowledge.db import make_engine, session_factory


def new_ticket(db, conversation, language="fi"):
    opened = open_ticket(
        db, conversation_id=conversation, channel="rest", language=language, topic="tax", municipality_code="564"
    )
    db.commit()
    return opened


def test_a_conversation_has_one_unresolved_ticket(db):
    first = new_ticket(db, "same")
    assert new_ticket(db, "same").id == first.id
    first.status = RESOLVED
    db.commit()
    assert new_ticket(db, "same").id != first.id


def test_queue_position_counts_earlier_waiting_tickets_in_the_language(db, make_advisor):
    one, two, other_language, three = (
        new_ticket(db, "1"),
        new_ticket(db, "2"),
        new_ticket(db, "3", "ar"),
        new_ticket(db, "4"),
    )
    assert [position(db, t) for t in (one, two, other_language, three)] == [1, 2, 1, 3]
    claim(db, one.id, make_advisor("a@alku.fi"))
    db.commit()
    assert position(db, one) == 0 and position(db, three) == 2


def test_claim_opens_the_ticket_for_that_advisor_only(db, make_advisor):
    first, second = make_advisor("a@alku.fi"), make_advisor("b@alku.fi")
    waiting = new_ticket(db, "c")
    claimed = claim(db, waiting.id, first)
    db.commit()
    assert (claimed.status, claimed.advisor_id) == (OPEN, first.id)
    with pytest.raises(TicketUnavailable):
        claim(db, waiting.id, second)


def test_an_advisor_cannot_claim_outside_their_languages(db, make_advisor):
    swedish_only = make_advisor("s@alku.fi", languages="sv")
    with pytest.raises(TicketUnavailable):
        claim(db, new_ticket(db, "d").id, swedish_only)


def test_two_advisors_claiming_at_once_exactly_one_wins(handoff_url, db, make_advisor):
    advisors = [make_advisor(f"{n}@alku.fi") for n in range(2)]
    tickets = [new_ticket(db, f"race-{n}").id for n in range(20)]
    factory = session_factory(make_engine(handoff_url))
    outcomes: dict[int, list[int]] = {ticket_id: [] for ticket_id in tickets}
    barrier = threading.Barrier(2)

    def work(advisor_id: int) -> None:
        with factory() as session:
            advisor = session.get(type(advisors[0]), advisor_id)
            barrier.wait()
            for ticket_id in tickets:
                try:
                    claim(session, ticket_id, advisor)
                    session.commit()
                    outcomes[ticket_id].append(advisor_id)
                except TicketUnavailable:
                    session.rollback()

    threads = [threading.Thread(target=work, args=(advisor.id,)) for advisor in advisors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(len(winners) == 1 for winners in outcomes.values()), outcomes


def test_only_the_claiming_advisor_resolves(db, make_advisor):
    owner, other = make_advisor("o@alku.fi"), make_advisor("x@alku.fi")
    ticket = claim(db, new_ticket(db, "e").id, owner)
    add_message(db, ticket, "advisor", "Hei! Autan mielelläni.", owner)
    with pytest.raises(TicketUnavailable):
        resolve(db, ticket, other)
    assert resolve(db, ticket, owner).status == RESOLVED
    assert [m.text for m in ticket.messages] == ["Hei! Autan mielelläni."]


def test_waiting_ticket_cannot_be_resolved(db, make_advisor):
    with pytest.raises(TicketUnavailable):
        resolve(db, new_ticket(db, "f"), make_advisor("z@alku.fi"))
    assert new_ticket(db, "f").status == WAITING


def test_passwords_are_hashed_and_verified():
    stored = hash_password("correct horse")
    assert "correct horse" not in stored
    assert verify_password("correct horse", stored)
    assert not verify_password("wrong", stored)
    assert not verify_password("x", "not-a-hash")


def test_return_to_queue_makes_the_ticket_waiting_for_others(db, make_advisor):
    from handoff.queue import release

    ticket, anna, ben = new_ticket(db, "back"), make_advisor("anna@alku.fi"), make_advisor("ben@alku.fi")
    claim(db, ticket.id, anna)
    with pytest.raises(TicketUnavailable):
        release(db, ticket, ben)
    release(db, ticket, anna)
    db.commit()
    assert (ticket.status, ticket.advisor_id) == (WAITING, None)
    assert claim(db, ticket.id, ben).advisor_id == ben.id


def test_a_peer_advisor_escalates_and_then_only_professionals_may_take_it(db, make_advisor):
    from handoff.models import PEER_ADVISOR
    from handoff.queue import escalate
    from handoff.routing import inbox

    peer = make_advisor("peer@alku.fi", role=PEER_ADVISOR)
    other_peer = make_advisor("peer2@alku.fi", role=PEER_ADVISOR)
    professional = make_advisor("pro@alku.fi")
    ticket = new_ticket(db, "hard case")
    claim(db, ticket.id, peer)
    with pytest.raises(TicketUnavailable):
        escalate(db, ticket, professional)  # only the advisor who has it, and only a peer, escalates
    escalate(db, ticket, peer)
    db.commit()
    assert ticket.status == WAITING and ticket.needs_professional
    assert ticket not in inbox(db, other_peer) and ticket in inbox(db, professional)
    with pytest.raises(TicketUnavailable):
        claim(db, ticket.id, other_peer)
    assert claim(db, ticket.id, professional).status == OPEN


def test_notes_are_kept_apart_from_replies(db, make_advisor):
    from handoff.queue import add_note

    ticket, anna = new_ticket(db, "noted"), make_advisor("anna@alku.fi")
    note = add_note(db, ticket, anna, "Asked for an interpreter last week too.")
    db.commit()
    assert note.is_note and note.author == "note" and ticket.messages == [note]


def test_a_rating_goes_to_the_latest_resolved_unrated_ticket_once(db, make_advisor):
    from handoff.queue import record_rating

    anna = make_advisor("anna@alku.fi")
    ticket = new_ticket(db, "rated")
    assert record_rating(db, "rated", 4) is None  # nothing resolved yet
    claim(db, ticket.id, anna)
    resolve(db, ticket, anna)
    db.commit()
    assert record_rating(db, "rated", 0) is None and record_rating(db, "rated", 6) is None
    assert record_rating(db, "rated", 5) is ticket and ticket.rating == 5
    assert record_rating(db, "rated", 1) is None and ticket.rating == 5


# Urgent tickets (crisis wording, emergency, domestic violence, discrimination) go first.


def test_an_urgent_ticket_is_first_in_the_inbox_and_counts_only_urgent_tickets_ahead(db, make_advisor):
    advisor = make_advisor("anna@alku.fi", languages="ar")
    routine = [
        open_ticket(db, conversation_id=f"r{n}", channel="webchat", language="ar", topic="tax") for n in range(3)
    ]
    urgent = open_ticket(
        db,
        conversation_id="u1",
        channel="webchat",
        language="ar",
        topic="domestic_violence",
        urgent=True,
        preview="زوجي يضربني وأنا خائفة",
    )
    second_urgent = open_ticket(db, conversation_id="u2", channel="telegram", language="ar", urgent=True)
    db.commit()
    assert [ticket.id for ticket in inbox(db, advisor)] == [urgent.id, second_urgent.id] + [t.id for t in routine]
    assert position(db, urgent) == 1, "nobody urgent is ahead"
    assert position(db, second_urgent) == 2
    assert position(db, routine[0]) == 3, "both urgent tickets go before the oldest routine one"
    assert urgent.preview == "زوجي يضربني وأنا خائفة"


def test_a_waiting_ticket_becomes_urgent_when_crisis_wording_follows(db):
    ticket = open_ticket(db, conversation_id="c", channel="telegram", language="fi", topic="housing", preview="vuokra")
    again = open_ticket(
        db, conversation_id="c", channel="telegram", language="fi", urgent=True, preview="en jaksa elää"
    )
    assert again.id == ticket.id and again.urgent and again.preview == "en jaksa elää"


def test_a_long_message_is_shortened_for_the_preview(db):
    ticket = open_ticket(db, conversation_id="c", channel="webchat", language="en", urgent=True, preview="help " * 200)
    assert len(ticket.preview) == 300
