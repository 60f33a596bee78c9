import pytest

from knowledge.audience import target_groups_in


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("finnish language clubs for women in Oulu", "women"),
        ("kielikahvila naisille Oulussa", "women"),
        ("кружки для женщин в Оулу", "women"),
        ("nuorille harrastuksia", "youth"),
        ("kadınlar için kurs", "women"),
        ("activities for families with children", "families"),
    ],
)
def test_who_a_message_asks_for(text, group):
    assert group in target_groups_in(text)


@pytest.mark.parametrize("text", ["How do I get a Kela card?", "mental health services", "menu of the day"])
def test_ordinary_questions_name_no_group(text):
    assert target_groups_in(text) == []
