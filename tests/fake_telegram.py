"""A fake Telegram Bot API server on loopback, speaking the real protocol well enough for
python-telegram-bot: POST /bot<token>/<method> with form or JSON parameters, answers
{"ok": true, "result": …}. It records every call, and serves queued updates to getUpdates."""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

BOT = {
    "id": 4242,
    "is_bot": True,
    "first_name": "Alku",
    "username": "alku_test_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


def _decode(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


class FakeTelegram:
    def __init__(self, token: str) -> None:
        self.token = token
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.updates: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        self.message_ids = itertools.count(1)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the standard library's name
                prefix = f"/bot{fake.token}/"
                if not self.path.startswith(prefix):
                    self._answer(404, {"ok": False, "error_code": 404, "description": "Not Found"})
                    return
                method = self.path[len(prefix) :]
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode("utf-8")
                if "json" in self.headers.get("Content-Type", ""):
                    params = json.loads(raw or "{}")
                else:
                    params = {key: _decode(values[0]) for key, values in parse_qs(raw).items()}
                self._answer(200, {"ok": True, "result": fake.result(method, params)})

            def _answer(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}/bot"

    def result(self, method: str, params: dict[str, Any]) -> Any:
        if method != "getUpdates":
            with self.lock:
                self.calls.append((method, params))
        if method == "getMe":
            return BOT
        if method == "sendMessage":
            return {
                "message_id": next(self.message_ids),
                "date": int(time.time()),
                "chat": {"id": int(params["chat_id"]), "type": "private"},
                "from": BOT,
                "text": params.get("text", ""),
            }
        if method == "getUpdates":
            with self.lock:
                offset = int(params.get("offset") or 0)
                ready = [update for update in self.updates if update["update_id"] >= offset]
            if not ready:
                time.sleep(0.2)
            return ready
        return True

    def calls_to(self, method: str) -> list[dict[str, Any]]:
        with self.lock:
            return [params for name, params in self.calls if name == method]

    def sent_to(self, chat_id: int) -> list[dict[str, Any]]:
        return [params for params in self.calls_to("sendMessage") if int(params["chat_id"]) == chat_id]

    def wait_for(
        self, chat_id: int, matches: Callable[[dict[str, Any]], bool], what: str, timeout: float = 20
    ) -> list[dict[str, Any]]:
        """Every sendMessage to the chat so far, once one of them matches."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            sent = self.sent_to(chat_id)
            if any(matches(params) for params in sent):
                return sent
            time.sleep(0.1)
        raise AssertionError(f"{what} never sent to {chat_id}: {[p.get('text') for p in self.sent_to(chat_id)]}")

    def wait_for_text(self, chat_id: int, fragment: str, timeout: float = 20) -> list[dict[str, Any]]:
        return self.wait_for(chat_id, lambda params: fragment in params.get("text", ""), repr(fragment), timeout)

    def stop(self) -> None:
        self.server.shutdown()
