"""Invitation and password links: one use, a time limit, and every older session ends."""

import datetime as dt

from accounts import links, sessions
from accounts.models import INVITE, RESET, AccountLink
from accounts.signin import sign_in
from settings import Settings


def test_a_link_works_once_and_sets_the_password(db, make_advisor):
    aino = make_advisor("aino@alku.fi")
    token, until = links.issue(db, aino, RESET)
    assert dt.timedelta(hours=23) < until - dt.datetime.utcnow() <= dt.timedelta(days=1)
    link = links.usable(db, token)
    links.use(db, link, "kissa-istuu-ikkunalla")
    db.commit()
    assert links.usable(db, token) is None
    assert sign_in(db, Settings(), "aino@alku.fi", "kissa-istuu-ikkunalla", "10.0.0.1").advisor is not None
    assert sign_in(db, Settings(), "aino@alku.fi", "pw", "10.0.0.1").advisor is None


def test_an_invitation_lasts_seven_days_and_not_longer(db, make_advisor):
    aino = make_advisor("aino@alku.fi")
    token, until = links.issue(db, aino, INVITE)
    assert until - dt.datetime.utcnow() > dt.timedelta(days=6, hours=23)
    db.query(AccountLink).one().expires_at = dt.datetime.utcnow() - dt.timedelta(seconds=1)
    db.commit()
    assert links.usable(db, token) is None


def test_a_new_link_replaces_the_older_one(db, make_advisor):
    aino = make_advisor("aino@alku.fi")
    first, _ = links.issue(db, aino, RESET)
    second, _ = links.issue(db, aino, RESET)
    assert links.usable(db, first) is None and links.usable(db, second) is not None


def test_a_deactivated_persons_link_does_not_work(db, make_advisor):
    aino = make_advisor("aino@alku.fi")
    token, _ = links.issue(db, aino, RESET)
    aino.active = False
    db.commit()
    assert links.usable(db, token) is None


def test_the_database_keeps_no_usable_token(db, make_advisor):
    aino = make_advisor("aino@alku.fi")
    token, _ = links.issue(db, aino, INVITE)
    assert token not in {link.token_hash for link in db.query(AccountLink)}
    assert links.usable(db, db.query(AccountLink).one().token_hash) is None


def test_choosing_a_password_ends_every_session_and_token(db, make_advisor):
    aino = make_advisor("aino@alku.fi")
    browser = sessions.start(db, aino, dt.timedelta(hours=8))
    epoch = aino.token_epoch
    token, _ = links.issue(db, aino, RESET)
    links.use(db, links.usable(db, token), "kissa-istuu-ikkunalla")
    db.commit()
    assert sessions.holder(db, browser) is None
    assert aino.token_epoch == epoch + 1
