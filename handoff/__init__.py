"""The advisor queue: tickets, advisors, routing by language × municipality × topic, assignment.
Knows nothing of Rasa."""
