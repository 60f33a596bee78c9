from handoff.advisors import authenticate, ensure_admin
from handoff.models import ADMIN


def test_first_admin_comes_from_the_environment_once(db):
    admin = ensure_admin(db, "Admin@Kunta.fi", "first-password-long", ("fi", "sv"))
    db.commit()
    assert (admin.email, admin.role, admin.language_codes) == ("admin@kunta.fi", ADMIN, ["fi", "sv"])
    again = ensure_admin(db, "admin@kunta.fi", "changed-in-environment", ("fi",))
    assert again.id == admin.id
    assert authenticate(db, "admin@kunta.fi", "first-password-long") is not None
    assert authenticate(db, "admin@kunta.fi", "changed-in-environment") is None


def test_no_password_no_admin(db):
    assert ensure_admin(db, "admin@kunta.fi", "", ("fi",)) is None


def test_inactive_advisor_cannot_sign_in(db, make_advisor):
    advisor = make_advisor("gone@alku.fi")
    advisor.active = False
    db.commit()
    assert authenticate(db, "gone@alku.fi", "pw") is None
    assert authenticate(db, "nobody@alku.fi", "pw") is None
