"""Rasa input channels through which newcomers reach Alku."""
