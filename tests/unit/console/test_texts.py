"""The staff console speaks Finnish, Swedish and English on every page: no language lacks a word, and
no page shows a text key that has no text (the page would show it as ⟦key⟧)."""

from __future__ import annotations

import re

import pytest
import yaml

from console.templating import HERE
from tests.unit.console.conftest import Browser
from tests.unit.console.test_access import concrete, get_routes

LANGUAGES = ("fi", "sv", "en")
PLACEHOLDER = re.compile(r"\{\w+\}")


def test_every_language_has_every_word_with_the_same_placeholders():
    table = yaml.safe_load((HERE / "advisor_texts.yml").read_text(encoding="utf-8"))
    assert set(table) == set(LANGUAGES)
    for language in ("fi", "sv"):
        assert set(table[language]) == set(table["en"]), language
        for key, english in table["en"].items():
            if isinstance(english, str):
                assert sorted(PLACEHOLDER.findall(english)) == sorted(PLACEHOLDER.findall(table[language][key])), key


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("email", ["admin@alku.fi", "editor@alku.fi", "ngo@alku.fi", None])
def test_no_staff_page_shows_a_text_key(console_db, language, email):
    browser = Browser()
    browser.client.get(f"/login?lang={language}")
    if email:
        browser.sign_in(email)
    for path in get_routes(lambda p: not p.startswith(("/api", "/docs", "/redoc", "/openapi", "/widget", "/nlg"))):
        reply = browser.get(concrete(path))
        if "text/html" in reply.headers.get("content-type", ""):
            assert "⟦" not in reply.text, (language, email, path, re.findall(r"⟦\w+⟧", reply.text))
            # Whole pages (not the inbox's refreshed fragments); the public directory and the demo follow ?lang.
            if "<html" in reply.text and path not in ("/", "/demo"):
                assert f'<html lang="{language}"' in reply.text, (language, path)
