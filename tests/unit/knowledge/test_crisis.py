import pytest
import yaml

from knowledge.crisis import WORDING, is_crisis
from settings import SUPPORTED_LANGUAGES


@pytest.mark.parametrize(
    "text",
    [
        "I want to kill myself",
        "sometimes i think about SUICIDE",
        "mä haluun kuolla",
        "Haluan kuolla, en jaksa enää",
        "ajattelen itsemurhaa",
        "Я хочу покончить с собой",
        "Я вб’ю себе",  # the apostrophe phones type
        "أريد أن انتحر",
        "ben intihar etmek istiyorum",
    ],
)
def test_crisis_wording_is_recognised_in_many_languages_and_spellings(text):
    assert is_crisis(text)


@pytest.mark.parametrize(
    "text",
    [
        "How do I see a doctor?",
        "Where is the mental health service in Oulu?",
        "Mistä saan kuolinilmoituksen?",
        "Jag vill donera blod",
        "Как записаться к психологу?",
        "Abdi mötte mig i Vasa",
    ],
)
def test_ordinary_health_questions_are_not_a_crisis(text):
    assert not is_crisis(text)


def test_every_language_has_crisis_wording():
    wording = yaml.safe_load(WORDING.read_text(encoding="utf-8"))
    assert all(len(wording.get(language, [])) >= 10 for language in SUPPORTED_LANGUAGES)
