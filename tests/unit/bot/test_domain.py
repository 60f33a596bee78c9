"""The domain keeps DESIGN.md's contracts: every topic is an intent with a rule and an answer,
and every bot text exists in every language with the same placeholders."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from ops.build_responses import RESPONSES as RESPONSES_FILE
from ops.build_responses import load_texts, render
from ops.validate import BUTTON_ONLY_INTENTS
from settings import SUPPORTED_LANGUAGES

ROOT = Path(__file__).resolve().parents[3]
TAXONOMY = [
    "residence_permit",
    "registration_identity",
    "kela_benefits",
    "kela_appeal",
    "employment_te_services",
    "integration_plan",
    "language_courses",
    "early_education",
    "school_education",
    "qualification_recognition",
    "health_care",
    "mental_health",
    "emergency",
    "interpreter",
    "housing",
    "tax",
    "banking",
    "family_reunification",
    "asylum_reception",
    "citizenship",
    "driving_licence",
    "ngo_activities",
    "discrimination",
    "domestic_violence",
    "asylum_decision",
    "social_assistance",
    "legal_aid",
    "disability_services",
    "labour_exploitation",
    "returnees",
    "temporary_protection",
    "human_advisor",
    "other",
]
CONVERSATION = ["greet", "goodbye", "thanks", "affirm", "deny", "bot_challenge", "choose_language"]


def load(path: str):
    return yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))


def test_every_topic_and_conversation_intent_is_in_the_domain():
    intents = load("bot/domain/intents.yml")["intents"]
    assert set(TAXONOMY + CONVERSATION) <= set(intents)


# action_hand_over answers from the knowledge base where no person can take the conversation.
ANSWERING = ("action_answer_topic", "action_hand_over")


def test_every_topic_is_answered_from_the_knowledge_base():
    rules = load("bot/dialogue/rules.yml")["rules"]
    answered = {
        rule["steps"][0]["intent"]
        for rule in rules
        if "intent" in rule["steps"][0] and rule["steps"][1]["action"] in ANSWERING
    }
    assert set(TAXONOMY) <= answered


def test_every_topic_has_a_seed_answer_in_every_language_linking_the_same_authority():
    """A translation links the English answer's page, that authority's page in its own language, or
    InfoFinland's page in its own language."""
    answers = {entry["topic"]: entry for entry in load("knowledge/content/answers.yml")["answers"]}
    assert set(TAXONOMY) == {topic for topic in answers if "." not in topic}
    assert all(topic.split(".")[0] in TAXONOMY for topic in answers), "a follow-up answer sits under a topic"
    for topic, entry in answers.items():
        translations = entry["translations"]
        assert set(SUPPORTED_LANGUAGES) <= set(translations), topic
        english = urlsplit(translations["en"]["source_url"])
        for language in ("ru", "uk", "et", "ar", "fa", "so", "tr"):
            link = urlsplit(translations[language]["source_url"])
            assert link.scheme == "https", (topic, language)
            host = link.hostname.removeprefix("www.")
            in_own_language = host == "infofinland.fi" and link.path.startswith(f"/{language}/")
            assert in_own_language or host == english.hostname.removeprefix("www."), (topic, language)


def test_every_intent_has_training_examples_in_every_language():
    intents = load("bot/domain/intents.yml")["intents"]
    for language in SUPPORTED_LANGUAGES:
        counts = {}
        for path in (ROOT / "nlu" / language).glob("*.yml"):
            for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
                count = block["examples"].count("\n- ") + block["examples"].startswith("- ")
                counts[block["intent"]] = counts.get(block["intent"], 0) + count
        for intent in intents:
            if intent not in BUTTON_ONLY_INTENTS:
                assert counts.get(intent, 0) >= 25, (language, intent)


RESPONSES = load("bot/domain/responses.yml")["responses"]


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_every_bot_text_exists_in_every_language_with_the_same_placeholders(name):
    variations = RESPONSES[name]
    by_language = {
        (variation.get("condition") or [{"value": "en"}])[0]["value"]: variation["text"] for variation in variations
    }
    assert set(by_language) == set(SUPPORTED_LANGUAGES)
    placeholders = {language: set(re.findall(r"{(\w+)}", text)) for language, text in by_language.items()}
    assert all(found == placeholders["en"] for found in placeholders.values()), placeholders


def test_responses_are_generated_from_the_per_language_texts():
    assert RESPONSES_FILE.read_text(encoding="utf-8") == render(load_texts()), "run: python -m ops.build_responses"


def test_not_understood_offers_a_person_in_every_language():
    variations = RESPONSES["utter_default"]
    assert len(variations) == len(SUPPORTED_LANGUAGES)
    titles = set()
    for variation in variations:
        assert [button["payload"] for button in variation["buttons"]] == ["/human_advisor"]
        titles.add(variation["buttons"][0]["title"])
    assert len(titles) == len(SUPPORTED_LANGUAGES), "each language has its own button title"
