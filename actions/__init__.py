"""Alku's custom actions, one module per capability. rasa-sdk registers every Action subclass
found in this package's modules."""
