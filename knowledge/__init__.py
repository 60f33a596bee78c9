"""Alku's knowledge base: sourced answers, local services, municipalities. Knows nothing of Rasa."""
