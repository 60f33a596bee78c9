"""An editor's published change reaches the next newcomer at once: no retraining, no restart."""

from __future__ import annotations

import time
import uuid

import httpx
import pytest

from tests.processes import admin_headers

pytestmark = pytest.mark.slow


def test_an_arabic_answer_for_vaasa_corrected_by_an_editor_reaches_the_next_newcomer(alku):
    headers = admin_headers(alku)
    answer = httpx.post(
        f"{alku.console_url}/api/answers", json={"topic": "tax", "municipality": "905"}, headers=headers, timeout=10
    ).json()
    corrected = "مكتب الضرائب في فاسا يساعدك في بطاقة الضرائب. احجز موعداً أولاً."
    saved = httpx.put(
        f"{alku.console_url}/api/answers/{answer['id']}/translations/ar",
        json={
            "text": corrected,
            "source_url": "https://www.vero.fi/",
            "review_by": "2099-01-01",
            "status": "published",
        },
        headers=headers,
        timeout=10,
    )
    assert saved.status_code == 200, saved.text
    published_at = time.monotonic()
    reply = httpx.post(
        alku.rest_url,
        json={"sender": f"ar-{uuid.uuid4().hex[:8]}", "message": "كيف أحصل على بطاقة الضرائب في فاسا؟"},
        timeout=30,
    ).json()
    assert time.monotonic() - published_at < 5
    assert any(corrected in message.get("text", "") for message in reply), reply


def test_a_published_bot_text_reaches_the_bot_within_five_seconds(alku):
    from handoff.models import Advisor  # noqa: F401 - the schema is shared
    from knowledge.bot_texts import save_bot_text
    from knowledge.db import make_engine, session_factory
    from knowledge.editing import Editor

    with session_factory(make_engine(alku.settings.database_url))() as session, session.begin():
        save_bot_text(
            session, "utter_goodbye", "sv", "Hej då och lycka till i Finland!", "published", Editor(1, "e@a.fi")
        )
    published_at = time.monotonic()
    sender = f"sv-{uuid.uuid4().hex[:8]}"
    httpx.post(alku.rest_url, json={"sender": sender, "message": "Var kan jag lära mig finska?"}, timeout=30)
    while True:
        reply = httpx.post(alku.rest_url, json={"sender": sender, "message": "hej då"}, timeout=30).json()
        if any("lycka till i Finland" in message.get("text", "") for message in reply):
            break
        assert time.monotonic() - published_at < 5, reply
        time.sleep(0.5)
