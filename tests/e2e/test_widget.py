"""The web widget on the demo page, in headless Chromium: pick a language, ask, get the answer, reload
and see the history, switch to Arabic (right to left), get an advisor's reply live; axe-core finds no
WCAG 2.1 A/AA violation; the widget is small."""

from __future__ import annotations

import gzip
import re

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.processes import admin_headers, ticket_of

pytestmark = pytest.mark.slow
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def no_violations(page) -> None:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert results.violations_count == 0, results.generate_report()


def open_widget(page, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name=re.compile("Alku")).first.click()
    expect(page.locator("#alku-panel")).to_be_visible()


def bot_messages(page):
    return page.locator(".alku-log .alku-bot")


def answers(page, fragment: str = "https://"):
    """The bot's sourced answers (follow-up buttons may come after an answer, so not always the last)."""
    return bot_messages(page).filter(has_text=fragment)


def test_ask_reload_and_switch_to_arabic(alku, page):
    open_widget(page, f"{alku.console_url}/demo")
    expect(page.locator(".alku-status")).to_be_empty(timeout=15_000)
    page.get_by_label("Kieli").select_option("fi")  # the demo page is Finnish, so the widget starts in Finnish
    expect(bot_messages(page).last).to_contain_text("suomeksi", timeout=15_000)
    page.get_by_label("Viestisi").fill("Miten saan Kela-kortin?")
    page.get_by_label("Viestisi").press("Enter")
    expect(answers(page)).to_have_count(1, timeout=15_000)
    answer = answers(page).last.inner_text()
    no_violations(page)

    page.reload()
    expect(page.locator("#alku-panel")).to_be_visible()  # it stays open across reloads
    expect(page.locator(".alku-log .alku-user").first).to_contain_text("Miten saan Kela-kortin?", timeout=15_000)
    expect(answers(page).last).to_have_text(answer)

    page.get_by_label("Kieli").select_option("ar")
    widget = page.locator("#alku-widget")
    expect(widget).to_have_attribute("dir", "rtl")
    expect(widget).to_have_attribute("lang", "ar")
    assert page.eval_on_selector("#alku-panel", "node => getComputedStyle(node).direction") == "rtl"
    # The language is confirmed, and the topic of the conversation is said again in Arabic.
    expect(page.locator(".alku-log .alku-bot", has_text="العربية")).not_to_have_count(0, timeout=15_000)
    expect(answers(page)).to_have_count(2, timeout=15_000)
    page.get_by_label("رسالتك").fill("كيف أحصل على بطاقة كيلا؟")
    page.get_by_role("button", name="إرسال").click()
    expect(answers(page)).to_have_count(3, timeout=15_000)
    no_violations(page)


def test_the_page_language_is_a_hint_not_a_lock(alku, page):
    """The demo page is Finnish, so the widget's labels are; an English first message is still
    answered in English."""
    open_widget(page, f"{alku.console_url}/demo")
    expect(page.locator(".alku-status")).to_be_empty(timeout=15_000)
    page.get_by_label("Viestisi").fill("How do I get a Kela card for my children?")
    page.get_by_label("Viestisi").press("Enter")
    expect(answers(page, "Source: https://")).to_have_count(1, timeout=15_000)
    expect(page.get_by_label("Viestisi")).to_be_visible()


def test_unsure_the_widget_asks_with_topics_as_buttons_and_a_tap_answers(alku, page):
    open_widget(page, f"{alku.console_url}/demo")
    page.get_by_label("Kieli").select_option("en")
    expect(bot_messages(page).last).to_contain_text("English", timeout=15_000)
    page.get_by_label("Your message").fill("How do I apply for support?")
    page.get_by_label("Your message").press("Enter")
    expect(bot_messages(page).last).to_contain_text("Is your question about one of these?", timeout=15_000)
    question = bot_messages(page).last
    expect(question.get_by_role("button", name="Talk to a person")).to_be_visible()
    expect(question.get_by_role("button", name="Social assistance")).to_be_visible()
    question.get_by_role("button", name="Social assistance").click()
    expect(answers(page)).to_have_count(1, timeout=15_000)
    expect(answers(page).last).to_contain_text("toimeentulotuki")
    no_violations(page)


def test_readable_on_a_360_px_phone(alku, chromium):
    context = chromium.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    open_widget(page, f"{alku.console_url}/demo")
    box = page.locator("#alku-panel").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360
    no_violations(page)
    context.close()


def test_an_advisor_reply_arrives_live_in_the_widget(alku, page):
    open_widget(page, f"{alku.console_url}/demo")
    page.get_by_label("Kieli").select_option("en")
    page.get_by_label("Your message").fill("I want to talk to a human advisor")
    page.get_by_label("Your message").press("Enter")
    expect(bot_messages(page).last).to_contain_text("The estimated wait is about", timeout=15_000)
    session = page.evaluate("localStorage.getItem('alku.session')")
    headers = admin_headers(alku)
    ticket = ticket_of(alku, headers, session)
    assert ticket["channel"] == "webchat"
    httpx.post(f"{alku.console_url}/api/tickets/{ticket['id']}/claim", headers=headers, timeout=10)
    expect(bot_messages(page).last).to_contain_text("Admin (advisor) has joined the conversation", timeout=10_000)
    sent = httpx.post(
        f"{alku.console_url}/api/tickets/{ticket['id']}/messages",
        json={"text": "Hi, this is Anna from the advice service."},
        headers=headers,
        timeout=30,
    ).json()
    assert sent["delivered"] is True
    expect(bot_messages(page).last).to_contain_text("this is Anna", timeout=10_000)
    label = bot_messages(page).last.locator(".alku-who")
    expect(label).to_have_text("Admin (advisor): ")
    assert label.bounding_box()["width"] > 40, "the person's name is shown, not only read out by screen readers"
    page.reload()
    expect(page.locator("#alku-panel")).to_be_visible()  # the widget reopens as it was left
    person = page.locator(".alku-person").filter(has_text="this is Anna")
    expect(person.locator(".alku-who")).to_have_text("Admin (advisor): ", timeout=10_000)
    httpx.post(f"{alku.console_url}/api/tickets/{ticket['id']}/resolve", headers=headers, timeout=30)
    rating = bot_messages(page).last
    expect(rating).to_contain_text("Choose from 1", timeout=10_000)
    rating.get_by_role("button", name="4").click()
    expect(bot_messages(page).last).to_contain_text("Thank you! Your rating", timeout=10_000)


def test_the_whole_widget_is_at_most_50_kb_gzipped(alku):
    script = httpx.get(f"{alku.console_url}/widget.js", timeout=10)
    assert script.status_code == 200 and script.headers["content-type"].startswith("application/javascript")
    assert len(gzip.compress(script.content)) <= 50 * 1024


def test_links_open_in_a_new_tab_long_messages_are_sent_whole_and_the_welcome_follows_the_language(alku, page):
    open_widget(page, f"{alku.console_url}/demo")
    intro = bot_messages(page).first
    expect(intro).to_contain_text("Kysy esimerkiksi oleskeluluvasta")
    page.get_by_label("Kieli").select_option("en")
    expect(intro).to_contain_text("Ask about residence permits")
    page.get_by_label("Your message").fill("How do I get a tax card?")
    page.get_by_label("Your message").press("Enter")
    source = bot_messages(page).locator("a[href^='https://']").first
    expect(source).to_have_attribute("target", "_blank", timeout=15_000)
    expect(source).to_have_attribute("rel", "noopener noreferrer")
    story = "I moved to Finland last year and I have many questions about my tax card. " * 35
    assert len(story.strip()) > 2000
    page.get_by_label("Your message").fill(story)
    page.get_by_label("Your message").press("Enter")
    expect(page.locator(".alku-user").last).to_have_text(f"You: {story.strip()}", timeout=10_000)
    page.get_by_label("Your message").fill("x" * 20_001)
    page.get_by_label("Your message").press("Enter")
    expect(page.locator(".alku-status")).to_contain_text("too long", timeout=5_000)
    assert len(page.get_by_label("Your message").input_value()) == 20_001, "nothing the user wrote is lost"


def test_a_person_erases_their_conversation_from_the_widget(alku, page):
    """Shared computers and second thoughts: after a confirmation the conversation is erased on the
    server, and this browser starts a new one that knows nothing of it."""
    open_widget(page, f"{alku.console_url}/demo")
    expect(page.locator(".alku-status")).to_be_empty(timeout=15_000)
    page.get_by_label("Kieli").select_option("en")
    page.get_by_label("Your message").fill("How do I get a Kela card?")
    page.get_by_label("Your message").press("Enter")
    expect(answers(page)).to_have_count(1, timeout=15_000)
    session = page.evaluate("window.localStorage.getItem('alku.session')")
    tracker = f"{alku.rasa_url}/conversations/web:{session}/tracker"
    assert any(event.get("event") == "user" for event in httpx.get(tracker, timeout=10).json()["events"])

    # The page fixture dismisses every dialog (and records it): the question is asked, and "no" erases nothing.
    page.get_by_role("button", name="Erase our conversation").click()
    assert page.dialogs == ["Do you want me to erase our whole conversation? This cannot be undone."]
    page.wait_for_timeout(500)
    expect(page.locator(".alku-log .alku-user")).to_have_count(1)
    assert any(event.get("event") == "user" for event in httpx.get(tracker, timeout=10).json()["events"])

    page.evaluate("window.confirm = () => true")  # the person says yes
    page.get_by_role("button", name="Erase our conversation").click()
    expect(bot_messages(page).last).to_contain_text("Your conversation is erased", timeout=15_000)
    expect(page.locator(".alku-log .alku-user")).to_have_count(0)
    assert page.evaluate("window.localStorage.getItem('alku.session')") != session
    assert not any(event.get("event") == "user" for event in httpx.get(tracker, timeout=10).json()["events"])
    page.reload()
    expect(page.locator("#alku-panel")).to_be_visible()
    expect(bot_messages(page).first).to_be_visible(timeout=15_000)
    expect(page.locator(".alku-log .alku-user")).to_have_count(0)
