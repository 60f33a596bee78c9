"""Alku's dialogue: the Rasa domain (domain/), rules (dialogue/) and NLU components."""
