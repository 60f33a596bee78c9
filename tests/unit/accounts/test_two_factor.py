import pyotp

from accounts import two_factor
from handoff.models import ADMIN, Advisor
from settings import Settings

SECRET = "JBSWY3DPEHPK3PXP"
NOON = 1_796_000_400.0  # a fixed moment, a multiple of 30 s


def person(**fields) -> Advisor:
    return Advisor(**{"email": "aino@alku.fi", "name": "Aino", "password_hash": "!", "totp_secret": SECRET, **fields})


def test_the_code_of_now_or_of_a_slightly_wrong_clock_is_accepted_once():
    aino = person()
    code = pyotp.TOTP(SECRET).at(NOON)
    assert two_factor.accept(aino, code, NOON + 10)
    assert not two_factor.accept(aino, code, NOON + 12), "a spent code is spent"
    late = pyotp.TOTP(SECRET).at(NOON + 60)
    assert two_factor.accept(aino, late[:3] + " " + late[3:], NOON + 85), "spaces are allowed; one step of drift too"


def test_wrong_old_or_malformed_codes_are_refused():
    aino = person()
    assert not two_factor.accept(aino, pyotp.TOTP(SECRET).at(NOON - 120), NOON)
    assert not two_factor.accept(aino, "12345", NOON)
    assert not two_factor.accept(aino, "abcdef", NOON)
    assert not two_factor.accept(person(totp_secret=None), pyotp.TOTP(SECRET).at(NOON), NOON)


def test_an_admin_without_a_second_factor_must_set_one_up_where_required():
    admin = Advisor(email="a@alku.fi", name="A", password_hash="!", role=ADMIN)
    assert two_factor.must_enrol(admin, Settings(admin_two_factor="required"))
    assert not two_factor.must_enrol(admin, Settings(admin_two_factor="optional"))
    assert not two_factor.must_enrol(person(role=ADMIN), Settings(admin_two_factor="required"))


def test_the_setup_link_names_alku_and_the_person():
    assert two_factor.setup_uri(SECRET, "aino@alku.fi").startswith("otpauth://totp/Alku:aino%40alku.fi?secret=JBSW")
    assert two_factor.grouped(SECRET) == "JBSW Y3DP EHPK 3PXP"
