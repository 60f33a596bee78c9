from sqlalchemy import func, select

from handoff.models import TicketMessage
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
