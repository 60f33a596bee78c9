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


# Records what the page asks of the browser's sound and notifications, which headless Chromium cannot
# play or show; everything else about the page is real.
RECORD_ALERTS = """
window.__alerts = {beeps: [], notes: []};
window.AudioContext = class {
  constructor() { this.currentTime = 0; this.destination = {}; }
  createOscillator() {
    const rec = window.__alerts;
    return {frequency: {set value(v) { rec.beeps.push(v); }}, connect(x) { return x; }, start() {}, stop() {}};
  }
  createGain() { return {gain: {}, connect(x) { return x; }}; }
};
window.Notification = class {
  static get permission() { return "granted"; }
  static requestPermission() { return Promise.resolve("granted"); }
  constructor(title, options) { window.__alerts.notes.push({title, urgent: options.requireInteraction}); }
  close() {}
};
"""


def test_a_new_ticket_alerts_the_advisor_and_an_urgent_one_always_sounds(alku, callback_sink, page):
    page.add_init_script(RECORD_ALERTS)
    page.goto(f"{alku.console_url}/login?next=/inbox")
    page.get_by_label("E-mail").fill(ADMIN_EMAIL)
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{alku.console_url}/inbox")
    before = len(httpx.get(f"{alku.console_url}/api/tickets", headers=admin_headers(alku), timeout=10).json())
    assert page.title() == (f"({before}) " if before else "") + "Inbox – Alku console"

    sender = f"e2e-{uuid.uuid4().hex[:8]}"
    say(alku, sender, "I want to talk to a human advisor")
    callback_sink.wait_for(sender, "in the queue")
    expect(page).to_have_title(f"({before + 1}) Inbox – Alku console", timeout=15_000)
    alerts = page.evaluate("window.__alerts")
    assert alerts["beeps"] == [660]
    assert alerts["notes"] == [{"title": "New conversation waiting in Alku", "urgent": False}]

    # Sound off: a routine ticket is silent, an urgent one still sounds and stays on screen.
    page.get_by_label("Sound for new conversations").uncheck()
    quiet = f"e2e-{uuid.uuid4().hex[:8]}"
    say(alku, quiet, "Can I talk to a person, please?")
    callback_sink.wait_for(quiet, "in the queue")
    expect(page).to_have_title(f"({before + 2}) Inbox – Alku console", timeout=15_000)
    assert page.evaluate("window.__alerts.beeps.length") == 1
    urgent = f"e2e-{uuid.uuid4().hex[:8]}"
    say(alku, urgent, "my husband hits me and I am scared to go home")
    callback_sink.wait_for(urgent, "in the queue")
    expect(page.locator("body")).to_have_attribute("data-last-alert", "urgent", timeout=15_000)
    alerts = page.evaluate("window.__alerts")
    assert alerts["beeps"][1:] == [880, 660, 880]
    assert alerts["notes"][-1] == {"title": "URGENT conversation waiting in Alku", "urgent": True}
