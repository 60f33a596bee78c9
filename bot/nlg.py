"""Rasa's natural language generation for Alku: ask the console's NLG endpoint (editors' texts), and
fall back to the domain's own responses when the console does not answer, so that the bot keeps talking
while the console restarts. Configured in endpoints.yml (`nlg: type: bot.nlg.EditableNLG`)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Optional

from rasa.core.nlg.callback import CallbackNaturalLanguageGenerator
from rasa.core.nlg.generator import NaturalLanguageGenerator
from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 2.0


class EditableNLG(NaturalLanguageGenerator):
    def __init__(self, endpoint_config: EndpointConfig, domain: Optional[Domain] = None) -> None:
        self.console = CallbackNaturalLanguageGenerator(endpoint_config)
        self.domain_texts = TemplatedNaturalLanguageGenerator((domain or Domain.empty()).responses)

    async def generate(
        self, utter_action: str, tracker: DialogueStateTracker, output_channel: str, **kwargs: Any
    ) -> Optional[dict[str, Any]]:
        try:
            response = await asyncio.wait_for(
                self.console.generate(utter_action, tracker, output_channel, **dict(kwargs)), TIMEOUT_SECONDS
            )
            if response and (response.get("text") or response.get("buttons")):
                return response
        except Exception as error:  # the console is down or slow: the shipped texts still work
            logger.warning("NLG endpoint failed for %s (%s); using the domain's text", utter_action, error)
        return await self.domain_texts.generate(utter_action, tracker, output_channel, **kwargs)
