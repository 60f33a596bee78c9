"""An editor corrects an answer in the console (headless Chromium) and the next newcomer gets it."""

from __future__ import annotations

import uuid

import httpx
import pytest
from playwright.sync_api import expect

from tests.processes import ADMIN_EMAIL, ADMIN_PASSWORD

pytestmark = pytest.mark.slow


def test_an_editor_corrects_an_answer_and_the_bot_gives_the_corrected_text(alku, page):
    page.goto(f"{alku.console_url}/login")
    page.get_by_label("E-mail").fill(ADMIN_EMAIL)
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{alku.console_url}/editor/answers")
    page.get_by_role("link", name="Driving licence fi: up to date").click()
    corrected = f"Korjattu ohje ajokortin vaihtamisesta ({uuid.uuid4().hex[:6]}). Varaa aika Ajovarmasta."
    page.locator("textarea[name=text]").fill(corrected)
    page.get_by_label("Status").select_option("published")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Saved.")
    expect(page.locator(".history li").first).to_contain_text(ADMIN_EMAIL)

    reply = httpx.post(
        alku.rest_url,
        json={"sender": f"fi-{uuid.uuid4().hex[:8]}", "message": "Miten vaihdan ulkomaisen ajokortin suomalaiseen?"},
        timeout=30,
    ).json()
    assert any(corrected in message.get("text", "") for message in reply), reply
