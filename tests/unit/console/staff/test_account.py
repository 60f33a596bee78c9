"""Two-factor sign-in in the console: set up with an authenticator app, asked at every sign-in, required
for admins where settings say so, and asked by the API too."""

from __future__ import annotations

import re
import time

import pyotp
import pytest

from knowledge.db import open_session
from tests.unit.console.conftest import PASSWORD, Browser, csrf_of


def enrol(browser: Browser) -> str:
    """Set up two-factor sign-in on the signed-in browser; returns the key the page showed."""
    page = browser.get("/account/two-factor").text
    key = re.search(r'<code class="key"[^>]*>([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    reply = browser.post_form("/account/two-factor", "/account/two-factor", {"code": pyotp.TOTP(key).now()})
    assert reply.status_code == 303
    return key


def next_code(key: str) -> str:
    """The app's next code: the one shown now was spent when it was set up (a code works once)."""
    return pyotp.TOTP(key).at(time.time() + 30)


def second_step(browser: Browser, code: str):
    form = browser.get("/login/code")
    return browser.client.post(
        "/login/code",
        data={"code": code, "csrf_token": csrf_of(form.text)},
        headers={"Accept": "text/html"},
        follow_redirects=False,
    )


def test_after_setting_it_up_a_sign_in_asks_for_the_code(console_db):
    oulu = Browser()
    oulu.sign_in("oulu@alku.fi")
    key = enrol(oulu)
    assert "Two-factor sign-in is on" in oulu.get("/account/two-factor").text

    later = Browser()
    asked = later.sign_in("oulu@alku.fi")
    assert asked.headers["location"] == "/login/code"
    assert later.get("/inbox", follow_redirects=False).status_code == 303, "not signed in before the code"
    assert second_step(later, "000000").status_code == 401
    assert second_step(later, pyotp.TOTP(key).now()).status_code == 401, "the code used to set it up is spent"
    done = second_step(later, next_code(key))
    assert done.status_code == 303 and done.headers["location"] == "/inbox"
    assert later.get("/inbox").status_code == 200


def test_wrong_codes_are_throttled_like_passwords(console_db):
    oulu = Browser()
    oulu.sign_in("oulu@alku.fi")
    enrol(oulu)
    guesser = Browser()
    guesser.sign_in("oulu@alku.fi")
    for _ in range(5):
        assert second_step(guesser, "123456").status_code == 401
    assert second_step(guesser, "123456").status_code == 429


def test_where_required_an_admin_sets_it_up_before_anything_else(console_db, monkeypatch):
    monkeypatch.setenv("ALKU_ADMIN_TWO_FACTOR", "required")
    admin = Browser()
    admin.sign_in("admin@alku.fi")
    assert admin.get("/admin/accounts", follow_redirects=False).headers["location"] == "/account/two-factor"
    assert "Administrators sign in with two factors" in admin.get("/account/two-factor").text
    refused = admin.client.post("/api/auth/token", data={"username": "admin@alku.fi", "password": PASSWORD})
    assert refused.status_code == 403
    key = enrol(admin)
    assert admin.get("/admin/accounts").status_code == 200
    # The API asks for the code as well.
    without = admin.client.post("/api/auth/token", data={"username": "admin@alku.fi", "password": PASSWORD})
    assert without.status_code == 401
    with_code = admin.client.post(
        "/api/auth/token", data={"username": "admin@alku.fi", "password": PASSWORD, "otp": next_code(key)}
    )
    assert with_code.status_code == 200
    # An admin cannot turn it off where it is required.
    off = admin.post_form("/account/two-factor", "/account/two-factor/off", {"code": next_code(key)})
    assert "cannot turn off" in admin.get(off.headers["location"]).text


def test_an_admin_resets_a_lost_phone(console_db):
    from handoff.models import Advisor

    oulu = Browser()
    oulu.sign_in("oulu@alku.fi")
    enrol(oulu)
    admin = Browser()
    admin.sign_in("admin@alku.fi")
    with open_session(console_db) as session:
        oulu_id = session.query(Advisor).filter_by(email="oulu@alku.fi").one().id
    admin.post_form(f"/admin/accounts/{oulu_id}", f"/admin/accounts/{oulu_id}/two-factor/off")
    assert oulu.get("/inbox", follow_redirects=False).status_code == 303, "their sessions ended"
    assert Browser().sign_in("oulu@alku.fi").headers["location"] == "/inbox", "password alone again"


@pytest.mark.parametrize("environment", ["production"])
def test_production_refuses_optional_two_factor_for_admins(environment):
    from settings import Settings, SettingsError

    with pytest.raises(SettingsError, match="ALKU_ADMIN_TWO_FACTOR"):
        Settings.from_env({"ALKU_ENV": environment, "ALKU_ADMIN_TWO_FACTOR": "optional"})


def test_a_person_changes_their_own_password_and_other_browsers_are_signed_out(console_db):
    here, elsewhere = Browser(), Browser()
    here.sign_in("oulu@alku.fi")
    elsewhere.sign_in("oulu@alku.fi")
    page = "/account/two-factor"
    wrong = here.post_form(page, "/account/password", {"current_password": "nope", "password": "x", "repeated": "x"})
    assert "The current password is wrong" in here.get(wrong.headers["location"]).text
    weak = here.post_form(
        page,
        "/account/password",
        {"current_password": PASSWORD, "password": "password1234", "repeated": "password1234"},
    )
    assert "too easy to guess" in here.get(weak.headers["location"]).text
    new = "sade-ropisee-peltikattoon"
    here.post_form(page, "/account/password", {"current_password": PASSWORD, "password": new, "repeated": new})
    assert "Your password is changed" in here.get("/inbox").text, "this browser stays signed in"
    assert elsewhere.get("/inbox", follow_redirects=False).status_code == 303
    assert Browser().sign_in("oulu@alku.fi", new).status_code == 303
    assert Browser().sign_in("oulu@alku.fi", PASSWORD).status_code == 401
