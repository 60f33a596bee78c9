import datetime as dt

from accounts import sessions
from accounts.models import StaffSession


def test_a_session_ends_when_signed_out_and_its_cookie_opens_nothing_after(db, make_advisor):
    aino = make_advisor("aino@alku.fi")
    token = sessions.start(db, aino, dt.timedelta(hours=8))
    assert sessions.holder(db, token).id == aino.id
    sessions.end(db, token)
    assert sessions.holder(db, token) is None


def test_a_session_has_an_absolute_lifetime(db, make_advisor):
    aino = make_advisor("aino@alku.fi")
    token = sessions.start(db, aino, dt.timedelta(hours=8))
    db.query(StaffSession).one().expires_at = dt.datetime.utcnow() - dt.timedelta(seconds=1)
    db.commit()
    assert sessions.holder(db, token) is None


def test_ending_all_sessions_leaves_other_peoples_alone(db, make_advisor):
    aino, mika = make_advisor("aino@alku.fi"), make_advisor("mika@alku.fi")
    aino_browsers = [sessions.start(db, aino, dt.timedelta(hours=8)) for _ in range(2)]
    mika_browser = sessions.start(db, mika, dt.timedelta(hours=8))
    sessions.end_all(db, aino)
    assert [sessions.holder(db, token) for token in aino_browsers] == [None, None]
    assert sessions.holder(db, mika_browser).id == mika.id


def test_a_deactivated_persons_session_opens_nothing(db, make_advisor):
    aino = make_advisor("aino@alku.fi")
    token = sessions.start(db, aino, dt.timedelta(hours=8))
    aino.active = False
    assert sessions.holder(db, token) is None


def test_sessions_long_over_are_removed_when_someone_signs_in(db, make_advisor):
    aino = make_advisor("aino@alku.fi")
    old = sessions.start(db, aino, dt.timedelta(hours=8))
    db.query(StaffSession).one().expires_at = dt.datetime.utcnow() - dt.timedelta(days=31)
    db.commit()
    sessions.start(db, aino, dt.timedelta(hours=8))
    db.commit()
    assert db.query(StaffSession).count() == 1 and sessions.holder(db, old) is None
