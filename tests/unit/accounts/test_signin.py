"""Signing in: throttled per account and per address, and no hint of who has an account."""

import datetime as dt
import time

from accounts.models import SignInAttempt
from accounts.signin import sign_in
from accounts.throttle import ADDRESS_FACTOR
from settings import Settings

SETTINGS = Settings(sign_in_failures=5, sign_in_window_minutes=15)


def test_the_right_password_signs_in_and_the_e_mail_is_not_case_sensitive(db, make_advisor):
    make_advisor("aino@alku.fi")
    assert sign_in(db, SETTINGS, "Aino@Alku.fi ", "pw", "10.0.0.1").advisor.email == "aino@alku.fi"
    assert sign_in(db, SETTINGS, "aino@alku.fi", "wrong", "10.0.0.1").advisor is None


def test_five_failures_make_the_account_wait_even_with_the_right_password(db, make_advisor):
    make_advisor("aino@alku.fi")
    for _ in range(5):
        outcome = sign_in(db, SETTINGS, "aino@alku.fi", "guess", "10.0.0.9")
        assert outcome.advisor is None and outcome.wait_minutes is None
    refused = sign_in(db, SETTINGS, "aino@alku.fi", "pw", "10.0.0.1")
    assert refused.advisor is None and refused.wait_minutes == 15
    # Another account is not affected by this account's failures.
    make_advisor("mika@alku.fi")
    assert sign_in(db, SETTINGS, "mika@alku.fi", "pw", "10.0.0.1").advisor is not None


def test_the_wait_ends_when_the_failures_leave_the_window(db, make_advisor):
    make_advisor("aino@alku.fi")
    for _ in range(5):
        sign_in(db, SETTINGS, "aino@alku.fi", "guess", "10.0.0.9")
    for attempt in db.query(SignInAttempt):
        attempt.at -= dt.timedelta(minutes=14)
    db.commit()
    assert sign_in(db, SETTINGS, "aino@alku.fi", "pw", "10.0.0.1").wait_minutes == 1
    for attempt in db.query(SignInAttempt):
        attempt.at -= dt.timedelta(minutes=2)
    db.commit()
    assert sign_in(db, SETTINGS, "aino@alku.fi", "pw", "10.0.0.1").advisor is not None


def test_one_address_guessing_many_accounts_is_stopped(db, make_advisor):
    make_advisor("aino@alku.fi")
    for number in range(5 * ADDRESS_FACTOR):
        sign_in(db, SETTINGS, f"person{number}@alku.fi", "guess", "203.0.113.7")
    assert sign_in(db, SETTINGS, "aino@alku.fi", "pw", "203.0.113.7").wait_minutes is not None
    assert sign_in(db, SETTINGS, "aino@alku.fi", "pw", "198.51.100.2").advisor is not None


def test_an_unknown_address_takes_as_long_as_a_wrong_password(db, make_advisor):
    """The answer time must not tell whether an account exists (scrypt runs either way)."""
    make_advisor("aino@alku.fi")
    sign_in(db, SETTINGS, "nobody@alku.fi", "x", "10.0.0.2")  # the stand-in hash is made once

    def timed(email: str) -> float:
        started = time.perf_counter()
        for _ in range(3):
            sign_in(db, SETTINGS, email, "wrong", f"10.0.1.{len(email)}")
        return time.perf_counter() - started

    known, unknown = timed("aino@alku.fi"), timed("nobody@alku.fi")
    assert 0.5 < unknown / known < 2.0
