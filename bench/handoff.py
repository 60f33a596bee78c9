"""Advisor reply latency: from the advisor's POST /api/tickets/{id}/messages until the user's channel
(Rasa's callback channel, here a local receiver) has the message. Target: p95 ≤ 1 s."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

ADMIN_EMAIL = "bench-admin@alku.test"
ADMIN_PASSWORD = "bench-admin-password"


class Receiver:
    """The user's channel: notes when each text arrives."""

    def __init__(self) -> None:
        self.arrived: dict[str, float] = {}
        self.event = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the standard library's name
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                with receiver.event:
                    key = f"{body.get('recipient_id', '')}\n{body.get('text', '')}"
                    receiver.arrived.setdefault(key, time.perf_counter())
                    receiver.event.notify_all()
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/callback"

    def wait(self, recipient: str, fragment: str, timeout: float = 30) -> float:
        """When a message to `recipient` containing `fragment` arrived (perf_counter time)."""
        deadline = time.monotonic() + timeout
        with self.event:
            while True:
                found = [at for key, at in self.arrived.items() if key.startswith(recipient + "\n") and fragment in key]
                if found:
                    return found[0]
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(fragment)
                self.event.wait(left)


def bench_advisor_replies(
    rasa_url: str,
    console_url: str,
    receiver: Receiver,
    conversations: int,
    replies_each: int,
    concurrency: int,
    summary: Callable[[list[float], int], dict[str, Any]],
) -> dict[str, Any]:
    token = httpx.post(
        f"{console_url}/api/auth/token", data={"username": ADMIN_EMAIL, "password": ADMIN_PASSWORD}, timeout=10
    ).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    senders = [f"bench-{uuid.uuid4().hex[:10]}" for _ in range(conversations)]
    for sender in senders:
        httpx.post(
            f"{rasa_url}/webhooks/callback/webhook",
            json={"sender": sender, "message": "I want to talk to a human advisor"},
            timeout=60,
        )
        receiver.wait(sender, "in the queue")
    tickets = {
        ticket["conversation_id"]: ticket["id"]
        for ticket in httpx.get(f"{console_url}/api/tickets", headers=headers, timeout=30).json()
    }
    for sender in senders:
        httpx.post(f"{console_url}/api/tickets/{tickets[sender]}/claim", headers=headers, timeout=10)

    errors = 0

    def one(job: tuple[str, int]) -> float:
        nonlocal errors
        sender, number = job
        text = f"Reply {number} to {sender}"
        began = time.perf_counter()
        sent = httpx.post(
            f"{console_url}/api/tickets/{tickets[sender]}/messages", json={"text": text}, headers=headers, timeout=30
        )
        if sent.status_code != 201 or not sent.json()["delivered"]:
            errors += 1
        return receiver.wait(sender, text) - began

    jobs = [(sender, number) for number in range(replies_each) for sender in senders]
    sequential = [one((sender, 1000 + number)) for number, sender in enumerate(senders)]
    with ThreadPoolExecutor(concurrency) as pool:
        concurrent = list(pool.map(one, jobs))
    return {
        "sequential": summary(sequential, 0),
        f"{concurrency}_advisors_at_once": summary(concurrent, errors),
    }
