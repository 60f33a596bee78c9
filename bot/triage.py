"""The NLU component that keeps topic answers from being guessed from messages that say nothing a
topic answer could follow: nonsense, and languages Alku does not speak."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.components import LearntComponent, code_fingerprint, force_intent
from knowledge.clarify import VAGUE_INTENT
from knowledge.languages import FOREIGN_LANGUAGE_ENTITY, UNSUPPORTED_LANGUAGE_INTENT, OtherLanguageDetector
from knowledge.nonsense import DEFAULT_THRESHOLD, NONSENSE, TRIAGE_ENTITY, CharacterModel
from knowledge.person_request import asks_for_person
from settings import SUPPORTED_LANGUAGES

SHORT_NUMBER = 3
PERSON_INTENT = "human_advisor"
# What a request for a person is taken for when the classifier gets it wrong ("not a bot, a real
# person" read as "are you a bot?"), or when it is unsure.
MISTAKEN_FOR_PERSON = frozenset({DEFAULT_NLU_FALLBACK_INTENT_NAME, "bot_challenge", VAGUE_INTENT})
# Rasa's training cache keys a component by its config; the code it learns with is added (see
# bot.components.code_fingerprint), its own, so that a change here does not retrain the classifier.
TRIAGE_CODE = ("bot/triage.py", "knowledge/nonsense.py")


def add_entity(message: Message, entity: str, value: str) -> None:
    text = message.get(TEXT) or ""
    found = {"entity": entity, "value": value, "start": 0, "end": len(text), "extractor": "MessageTriage"}
    message.set(ENTITIES, [*(message.get(ENTITIES) or []), found], add_to_output=True)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class MessageTriage(LearntComponent):
    """Messages no topic answer should be guessed from, whatever the classifier said:

    - no letters (emoji, punctuation, a row of digits) or keyboard mashing ("asdfgh", "йцукен") is not
      understood: Rasa's fallback intent, marked with the entity `triage` = `nonsense` so that the
      conversation's language does not change because of it;
    - a request for a person ("not a bot, a real person") that the classifier was unsure of or took
      for "are you a bot?" is `human_advisor` (knowledge/person_request.py);
    - a language Alku does not speak (Chinese, French, Kurdish …) is the intent
      `unsupported_language` with the entity `foreign_language`, answered with one fixed sentence
      in that language and Alku's languages as buttons.

    It learns the character model of the nonsense check from the training sentences. Put it after
    FallbackClassifier."""

    MODEL_FILE = "characters.json"

    def __init__(
        self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource, learnt: Any = None
    ) -> None:
        super().__init__(config, model_storage, resource, learnt)
        self._languages: Optional[OtherLanguageDetector] = None
        if learnt is not None:  # loaded to serve: lingua's models load now, not on the first user's message
            learnt.threshold = self._config["nonsense_threshold"]
            if self._config["detect_other_languages"]:
                self._other_languages()

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"nonsense_threshold": DEFAULT_THRESHOLD, "detect_other_languages": True}

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str:
        return code_fingerprint(TRIAGE_CODE)

    @staticmethod
    def read(path: Path) -> CharacterModel:
        return CharacterModel.from_dict(json.loads(path.read_text("utf-8")))

    @staticmethod
    def write(learnt: CharacterModel, path: Path) -> None:
        path.write_text(json.dumps(learnt.to_dict()), "utf-8")

    def train(self, training_data: TrainingData) -> Resource:
        # Out-of-scope examples include keyboard mashing ("asdfgh"): the model learns only real questions.
        texts = [example.get(TEXT) or "" for example in training_data.intent_examples if example.get(INTENT) != "other"]
        return self.keep(CharacterModel.learn(texts, self._config["nonsense_threshold"]))

    def _other_languages(self) -> OtherLanguageDetector:
        if self._languages is None:
            self._languages = OtherLanguageDetector(SUPPORTED_LANGUAGES)
        return self._languages

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            other = self._other_languages().detect(text) if self._config["detect_other_languages"] else None
            if other:
                force_intent(message, UNSUPPORTED_LANGUAGE_INTENT)
                add_entity(message, FOREIGN_LANGUAGE_ENTITY, other)
            elif says_nothing(text) or (self._learnt is not None and self._learnt.is_nonsense(text)):
                force_intent(message, DEFAULT_NLU_FALLBACK_INTENT_NAME)
                add_entity(message, TRIAGE_ENTITY, NONSENSE)
            elif (message.get(INTENT) or {}).get(INTENT_NAME_KEY) in MISTAKEN_FOR_PERSON and asks_for_person(text):
                force_intent(message, PERSON_INTENT)
        return messages


def says_nothing(text: str) -> bool:
    """No letters at all: emoji, punctuation, or a row of digits. A short number ("112") is left to the
    classifier."""
    if any(character.isalpha() for character in text):
        return False
    digits = sum(character.isdigit() for character in text)
    return not (0 < digits <= SHORT_NUMBER and len(text.strip()) <= SHORT_NUMBER + 1)
