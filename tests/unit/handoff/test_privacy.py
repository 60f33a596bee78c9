from sqlalchemy import func, select

from handoff.models import Ticket, TicketMessage
from handoff.privacy import erase_conversation
from handoff.queue import add_message, open_ticket


def test_erasing_a_conversation_removes_its_tickets_and_messages_only(db):
    mine = open_ticket(db, conversation_id="me", channel="telegram", language="fi")
    other = open_ticket(db, conversation_id="other", channel="telegram", language="fi")
    add_message(db, mine, "note", "private")
    add_message(db, other, "note", "keep")
    db.commit()
    assert erase_conversation(db, "me") == 1
    db.commit()
    assert [m.text for m in db.scalars(select(TicketMessage))] == ["keep"]
    assert db.scalar(select(func.count()).select_from(TicketMessage)) == 1


def test_erasing_a_conversation_removes_what_the_inbox_previewed(db):
    open_ticket(db, conversation_id="me", channel="webchat", language="en", urgent=True, preview="my husband hits me")
    db.commit()
    erase_conversation(db, "me")
    db.commit()
    assert db.scalar(select(func.count()).select_from(Ticket).where(Ticket.preview.is_not(None))) == 0
