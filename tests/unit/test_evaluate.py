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
