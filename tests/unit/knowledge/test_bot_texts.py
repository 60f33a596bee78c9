import pytest

from knowledge.bot_texts import fill, published, render, save_bot_text, shipped
from knowledge.db import open_session
from knowledge.editing import ContentError, Editor

EDITOR = Editor(1, "editor@alku.fi")


def test_shipped_texts_fill_placeholders_and_fall_back_to_english():
    rendered = render("utter_handed_over", "fi", {"position": 3}, {})
    assert "3" in rendered["text"] and "{position}" not in rendered["text"]
    assert render("utter_greet", "xx", {}, {})["text"] == shipped()["en"]["utter_greet"]
    assert render("utter_no_such_text", "fi", {}, {}) is None


def test_buttons_come_with_their_titles_in_the_language():
    rendered = render("utter_default", "sv", {}, {})
    assert rendered["buttons"] == [{"title": "Prata med en människa", "payload": "/human_advisor"}]


def test_unknown_placeholders_stay_and_missing_values_do_not_crash():
    assert fill("{a} and {b}", {"a": 1, "b": None}) == "1 and {b}"


def test_only_plain_names_are_filled_whatever_a_stored_text_says():
    """A text already in the database (from before the check) cannot run attribute access or a format
    specification when the bot fills it."""
    assert fill("{position.__class__} {position:>9} {position}", {"position": 3}) == (
        "{position.__class__} {position:>9} 3"
    )


def test_an_editors_published_text_wins_over_the_shipped_one(fresh_db_url):
    with open_session(fresh_db_url) as session:
        save_bot_text(session, "utter_greet", "fi", "Tervetuloa Alkuun!", "draft", EDITOR)
        assert ("utter_greet", "fi") not in published(session)
        save_bot_text(session, "utter_greet", "fi", "Tervetuloa Alkuun!", "published", EDITOR)
        assert render("utter_greet", "fi", {}, published(session))["text"] == "Tervetuloa Alkuun!"


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("utter_handed_over", "Olet jonossa."),  # dropped {position}
        ("utter_greet", "Hei {name}!"),  # invented a placeholder
        ("utter_no_such_text", "Hei"),
        ("utter_greet", "   "),
        # Format fields that would reach into Python objects, or ask for a billion spaces.
        ("utter_handed_over", "Olet jonossa {position} {position.__class__.__init__.__globals__}"),
        ("utter_handed_over", "Olet jonossa {position:>999999999}"),
        ("utter_handed_over", "Olet jonossa {position} {0}"),
    ],
)
def test_a_text_that_would_break_the_bot_is_refused(fresh_db_url, key, text):
    with open_session(fresh_db_url) as session, pytest.raises(ContentError):
        save_bot_text(session, key, "fi", text, "published", EDITOR)
