from ops.validate import problems, responses_sent_by_actions

OUTPUT = """
UserWarning: The utterance 'utter_topic_answer' is not used in any story or rule.
UserWarning: The utterance 'utter_forgotten' is not used in any story or rule.
UserWarning: Issue found in 'nlu/fi/topics.yml': something else
"""


def test_responses_sent_by_actions_are_found_in_the_code():
    assert {"utter_topic_answer", "utter_ask_municipality", "utter_language_changed"} <= responses_sent_by_actions()


def test_only_responses_no_action_sends_are_problems():
    found = problems(OUTPUT, responses_sent_by_actions())
    assert found == [
        "The utterance 'utter_forgotten' is not used in any story or rule.",
        "Issue found in 'nlu/fi/topics.yml': something else",
    ]


def test_only_button_only_intents_may_lack_training_examples():
    output = (
        "UserWarning: The intent 'rate' is listed in the domain file, but is not found in the NLU training data.\n"
        "UserWarning: The intent 'housing' is listed in the domain file, but is not found in the NLU training data.\n"
    )
    assert problems(output, set()) == [
        "The intent 'housing' is listed in the domain file, but is not found in the NLU training data."
    ]
