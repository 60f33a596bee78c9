from knowledge.clarify import MAX_OPTIONS, likely_topics

TOPICS = {
    "residence_permit",
    "family_reunification",
    "kela_benefits",
    "kela_appeal",
    "housing",
    "other",
    "human_advisor",
}


def test_offers_the_close_topics_best_first_and_leaves_out_conversation_intents():
    ranking = [("greet", 0.3), ("kela_appeal", 0.25), ("kela_benefits", 0.2), ("housing", 0.02)]
    assert likely_topics(ranking, TOPICS) == ["kela_appeal", "kela_benefits"]


def test_never_more_than_four_and_never_other_or_a_person():
    ranking = [(topic, 0.12) for topic in sorted(TOPICS)]
    offered = likely_topics(ranking, TOPICS)
    assert len(offered) == MAX_OPTIONS
    assert not {"other", "human_advisor"} & set(offered)


def test_one_clear_favourite_still_gets_a_second_choice():
    assert likely_topics([("residence_permit", 0.5), ("family_reunification", 0.06)], TOPICS) == [
        "residence_permit",
        "family_reunification",
    ]


def test_nothing_plausible_offers_nothing():
    assert likely_topics([("greet", 0.9), ("housing", 0.01)], TOPICS) == []
    assert likely_topics([], TOPICS) == []
