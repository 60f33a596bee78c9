import pytest

from accounts.passwords import MAX_LENGTH, password_problem

PERSON = {"email": "aino.virtanen@oulu.fi", "name": "Aino Virtanen"}


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("lyhyt-sana", "password_too_short"),
        ("x" * (MAX_LENGTH + 1), "password_too_long"),
        ("password1234", "password_guessable"),
        ("qwertyuiop123", "password_guessable"),
        ("111111111111", "password_guessable"),
        ("Virtanen-is-my-family", "password_personal"),
        ("aino.virtanen2026", "password_personal"),
        ("kissa-istuu-ikkunalla-aamulla", None),
        ("correct horse battery staple", None),
    ],
)
def test_a_new_password_must_be_long_and_hard_to_guess(password, problem):
    assert password_problem(password, **PERSON) == problem
