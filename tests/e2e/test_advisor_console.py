"""An advisor's day in the console, in headless Chromium: sign in, take a ticket, read what the user
wrote (live), reply with an edited canned reply, resolve; the user gets it all in the same chat."""

from __future__ import annotations

import re
import uuid

import httpx
import pytest
from playwright.sync_api import expect

from tests.processes import ADMIN_EMAIL, ADMIN_PASSWORD, admin_headers, ticket_of

pytestmark = pytest.mark.slow


def say(alku, sender: str, text: str) -> None:
    reply = httpx.post(
        f"{alku.rasa_url}/webhooks/callback/webhook", json={"sender": sender, "message": text}, timeout=30
    )
    assert reply.status_code == 200, reply.text


def test_login_claim_reply_resolve(alku, callback_sink, page):
    sender = f"e2e-{uuid.uuid4().hex[:8]}"
    say(alku, sender, "I want to talk to a human advisor")
    callback_sink.wait_for(sender, "in the queue")

    page.goto(f"{alku.console_url}/inbox")
    expect(page).to_have_url(re.compile(r"/login\?next=/inbox$"))
    page.get_by_label("E-mail").fill(ADMIN_EMAIL)
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{alku.console_url}/inbox")

    ticket_id = ticket_of(alku, admin_headers(alku), sender)["id"]
    page.get_by_role("button", name=f"Take #{ticket_id}").click()
    expect(page).to_have_url(f"{alku.console_url}/tickets/{ticket_id}")
    lines = page.locator("#lines")
    expect(lines).to_contain_text("I want to talk to a human advisor")

    # A message from the user appears without reloading, as text: no script from a message runs.
    say(alku, sender, "<img src=x onerror=alert('owned')> Are you there?")
    expect(lines).to_contain_text("<img src=x onerror=alert('owned')> Are you there?", timeout=10_000)
    assert page.dialogs == []  # type: ignore[attr-defined]

    page.get_by_label("Insert a canned reply").select_option(label="Greeting")
    reply_box = page.get_by_label("Reply to the user")
    expect(reply_box).to_have_value(re.compile("^Hello, I am an advisor at Alku"))
    reply_box.fill(reply_box.input_value() + " My name is Anna.")
    page.get_by_role("button", name="Send", exact=True).click()
    callback_sink.wait_for(sender, "How can I help you? My name is Anna.")
    expect(page.locator("#lines .line.advisor").last).to_contain_text("delivered")

    page.get_by_label("Add a private note").fill("Asked about a Kela appeal.")
    page.get_by_role("button", name="Save note").click()
    expect(page.locator("#lines .line.note")).to_contain_text("Asked about a Kela appeal.")
    assert not any("Kela appeal" in text for text in callback_sink.texts(sender)), "notes stay private"

    page.get_by_role("button", name="Resolve and ask for a rating").click()
    expect(page).to_have_url(f"{alku.console_url}/inbox")
    expect(page.get_by_role("status")).to_contain_text("The ticket is resolved")
    callback_sink.wait_for(sender, "assistant is back")
    callback_sink.wait_for(sender, "Choose from 1")


def test_an_urgent_ticket_is_first_in_red_with_what_the_user_wrote(alku, callback_sink, page):
    routine = f"e2e-{uuid.uuid4().hex[:8]}"
    say(alku, routine, "I need to speak with an advisor")
    callback_sink.wait_for(routine, "in the queue")
    urgent = f"e2e-{uuid.uuid4().hex[:8]}"
    say(alku, urgent, "my husband hits me and I am scared to go home")
    callback_sink.wait_for(urgent, "in the queue")

    page.goto(f"{alku.console_url}/login?next=/inbox")
    page.get_by_label("E-mail").fill(ADMIN_EMAIL)
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    headers = admin_headers(alku)
    urgent_id, routine_id = ticket_of(alku, headers, urgent)["id"], ticket_of(alku, headers, routine)["id"]
    rows = page.locator("table.waiting tbody tr")
    urgent_row = rows.filter(has=page.get_by_role("button", name=f"Take #{urgent_id}"))
    expect(urgent_row).to_have_class(re.compile(r"\burgent\b"))
    expect(urgent_row).to_contain_text("Urgent")
    expect(urgent_row.locator("q.preview")).to_have_text("my husband hits me and I am scared to go home")
    order = [row.get_attribute("data-ticket") for row in rows.all()]
    assert order.index(str(urgent_id)) < order.index(str(routine_id))
    assert rows.filter(has=page.get_by_role("button", name=f"Take #{routine_id}")).get_attribute("class") != "urgent"
