"""The public directory of services and activities on a phone: search, read, no WCAG 2.1 A/AA violation."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.slow
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.mark.parametrize("lang", ["fi", "ar"])
def test_search_on_a_phone(alku, chromium, lang):
    context = chromium.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{alku.console_url}/?lang={lang}")
    page.locator("select[name=municipality]").select_option("564")
    page.locator("input[name=q]").fill("International House")
    page.locator("form button[type=submit]").click()
    expect(page.locator("article h2").first).to_contain_text("International House Oulu")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "no sideways scrolling on a phone"
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert results.violations_count == 0, results.generate_report()
    context.close()
