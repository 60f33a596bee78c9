from handoff.models import EDITOR, PEER_ADVISOR, ProfessionalTopic
from handoff.queue import open_ticket
from handoff.routing import inbox, may_take

OULU, VAASA = "564", "905"


def ticket(db, language="fi", place=OULU, topic="housing", conversation="c1"):
    opened = open_ticket(
        db, conversation_id=conversation, channel="rest", language=language, topic=topic, municipality_code=place
    )
    db.commit()
    return opened


def test_language_and_municipality_decide(db, make_advisor):
    oulu_fi = make_advisor("a@oulu.fi", languages="fi,sv", places=(OULU,))
    national_ar = make_advisor("b@alku.fi", languages="ar,en")
    assert may_take(oulu_fi, ticket(db, "fi", OULU, conversation="1"), set())
    assert not may_take(oulu_fi, ticket(db, "fi", VAASA, conversation="2"), set())
    assert not may_take(oulu_fi, ticket(db, "ar", OULU, conversation="3"), set())
    assert may_take(national_ar, ticket(db, "ar", VAASA, conversation="4"), set())
    assert may_take(national_ar, ticket(db, "ar", None, conversation="5"), set())


def test_peer_advisor_cannot_take_professional_topics(db, make_advisor):
    db.add(ProfessionalTopic(topic_key="kela_appeal"))
    db.commit()
    peer = make_advisor("peer@alku.fi", role=PEER_ADVISOR)
    professional = make_advisor("pro@alku.fi")
    appeal = ticket(db, topic="kela_appeal", conversation="6")
    housing = ticket(db, topic="housing", conversation="7")
    assert inbox(db, peer) == [housing]
    assert inbox(db, professional) == [appeal, housing]


def test_editors_and_inactive_advisors_take_no_tickets(db, make_advisor):
    editor = make_advisor("e@alku.fi", role=EDITOR)
    resting = make_advisor("r@alku.fi")
    resting.active = False
    db.commit()
    waiting = ticket(db, conversation="8")
    assert not may_take(editor, waiting, set())
    assert inbox(db, resting) == []


def test_inbox_is_oldest_first_and_only_waiting(db, make_advisor):
    advisor = make_advisor("x@alku.fi")
    first, second, third = (ticket(db, conversation=str(n)) for n in (10, 11, 12))
    second.status = "resolved"
    db.commit()
    assert inbox(db, advisor) == [first, third]
