from accounts.signin import sign_in
from handoff.advisors import ensure_admin
from handoff.models import ADMIN
from settings import Settings


def test_first_admin_comes_from_the_environment_once(db):
    admin = ensure_admin(db, "Admin@Kunta.fi", "first-password-long", ("fi", "sv"))
    db.commit()
    assert (admin.email, admin.role, admin.language_codes) == ("admin@kunta.fi", ADMIN, ["fi", "sv"])
    again = ensure_admin(db, "admin@kunta.fi", "changed-in-environment", ("fi",))
    assert again.id == admin.id
    assert sign_in(db, Settings(), "admin@kunta.fi", "first-password-long", "127.0.0.1").advisor is not None
    assert sign_in(db, Settings(), "admin@kunta.fi", "changed-in-environment", "127.0.0.1").advisor is None


def test_no_password_no_admin(db):
    assert ensure_admin(db, "admin@kunta.fi", "", ("fi",)) is None


def test_inactive_advisor_cannot_sign_in(db, make_advisor):
    advisor = make_advisor("gone@alku.fi")
    advisor.active = False
    db.commit()
    assert sign_in(db, Settings(), "gone@alku.fi", "pw", "127.0.0.1").advisor is None
    assert sign_in(db, Settings(), "nobody@alku.fi", "pw", "127.0.0.1").advisor is None
