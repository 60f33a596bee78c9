import pytest

from ops.evaluate import DataError, Example, read_examples, score, table


def test_reads_lines_and_ignores_extra_fields():
    lines = [
        '{"text": "hei", "lang": "fi", "topic": "greet", "source": "x"}',
        "",
        '{"text": "tax", "lang": "en", "topic": "tax"}',
    ]
    assert list(read_examples(lines)) == [Example("hei", "fi", "greet"), Example("tax", "en", "tax")]


def test_bad_line_is_reported_with_its_number():
    with pytest.raises(DataError, match="line 2"):
        list(read_examples(['{"text": "a", "lang": "fi", "topic": "t"}', '{"text": "b"}']))


def test_accuracy_per_language_and_overall():
    pairs = [
        (Example("a", "fi", "tax"), "tax"),
        (Example("b", "fi", "tax"), "banking"),
        (Example("c", "sv", "tax"), "tax"),
    ]
    scores = score(pairs)
    assert (scores["fi"].accuracy, scores["sv"].accuracy) == (0.5, 1.0)
    assert scores["all"].correct == 2 and scores["all"].total == 3
    assert "| all | 3 | 2 | 66.7% |" in table(scores)


from ops.evaluate import Outcome, judge  # noqa: E402

PERMIT = Example("how long is my permit processed", "en", "residence_permit")


@pytest.mark.parametrize(
    ("example", "outcome", "verdict"),
    [
        (PERMIT, Outcome("residence_permit"), "right"),
        (PERMIT, Outcome("family_reunification"), "wrong"),
        (PERMIT, Outcome("nlu_fallback", ("family_reunification", "residence_permit")), "clarified"),
        (PERMIT, Outcome("nlu_fallback", ("family_reunification", "citizenship")), "asked"),
        (PERMIT, Outcome("nlu_fallback", nonsense=True), "asked"),
        (Example("asdfgh", "en", "nlu_fallback"), Outcome("nlu_fallback", nonsense=True), "right"),
        (Example("asdfgh", "en", "nlu_fallback"), Outcome("greet"), "wrong"),
        (Example("¿trabajo?", "en", "unsupported_language"), Outcome("unsupported_language"), "right"),
        (Example("¿trabajo?", "en", "unsupported_language"), Outcome("employment_te_services"), "wrong"),
        (Example("best pizza?", "en", "other"), Outcome("other"), "right"),
        (Example("best pizza?", "en", "other"), Outcome("nlu_fallback"), "right"),
        (Example("best pizza?", "en", "other"), Outcome("housing"), "wrong"),
        (
            Example("when can I appeal", "en", "clarify", ("kela_appeal",)),
            Outcome("nlu_fallback", ("kela_appeal",)),
            "right",
        ),
        (Example("when can I appeal", "en", "clarify", ("kela_appeal",)), Outcome("kela_appeal"), "right"),
        (Example("when can I appeal", "en", "clarify", ("kela_appeal",)), Outcome("tax"), "wrong"),
    ],
)
def test_each_message_ends_right_clarified_asked_or_wrong(example, outcome, verdict):
    assert judge(example, outcome) == verdict


def test_vague_messages_carry_their_acceptable_topics():
    line = '{"text": "appeal?", "lang": "en", "topic": "clarify", "acceptable": ["kela_appeal", "citizenship"]}'
    assert next(read_examples([line])).acceptable == ("kela_appeal", "citizenship")


def test_wrong_answers_are_counted_apart_from_questions_back():
    pairs = [
        (PERMIT, Outcome("tax")),
        (PERMIT, Outcome("nlu_fallback", ("residence_permit",))),
        (PERMIT, "residence_permit"),
    ]
    scores = score(pairs)["all"]
    assert (scores.correct, scores.clarified, scores.wrong) == (1, 1, 1)
