"""Custom Rasa NLU components."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from knowledge.places import PlaceFinder, default_place_finder

PLACE_TOKEN = "__place__"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class PlaceMasker(GraphComponent):
    """Replace the tokens of a municipality name with one placeholder token.

    What a message asks does not depend on which of 308 municipalities it names, in which case.
    Without this the classifier learns town names as topic evidence ("Tampere" → driving
    licence) and cannot tell that a message that is only a place answers "which municipality?".
    Put it after the tokenizer and before the featurizers.
    """

    def __init__(self, places: PlaceFinder) -> None:
        self._places = places

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> PlaceMasker:
        return cls(default_place_finder())

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            tokens = message.get(TOKENS_NAMES[TEXT])
            if not text or not tokens:
                continue
            for place in self._places.find(text):
                place_end = place.start + len(place.text)
                for token in tokens:
                    if token.start < place_end and place.start < token.end:
                        token.text = token.lemma = PLACE_TOKEN
        return messages


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class WordlessFallback(GraphComponent):
    """A message with no letters or digits (empty, only emoji or punctuation) says nothing the
    classifier can read: mark it as not understood instead of trusting the classifier's guess.
    Put it after FallbackClassifier."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> WordlessFallback:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if any(character.isalnum() for character in text):
                continue
            fallback = {INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME, PREDICTED_CONFIDENCE_KEY: 1.0}
            message.set(INTENT, fallback, add_to_output=True)
            ranking = [
                item
                for item in message.get(INTENT_RANKING_KEY) or []
                if item.get(INTENT_NAME_KEY) != fallback[INTENT_NAME_KEY]
            ]
            message.set(INTENT_RANKING_KEY, [fallback, *ranking], add_to_output=True)
        return messages
