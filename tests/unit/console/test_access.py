"""Every route of the console × every role: who gets in. A new route without a rule here fails the test,
so access is decided for each route, not assumed."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute

from console.app import app
from tests.unit.console.conftest import ACCOUNTS, PASSWORD, Browser

ROLES = {email: role for email, (role, _, _) in ACCOUNTS.items()}
TAKERS = {"admin", "advisor", "peer_advisor"}
PAGE_RULES = [  # (path prefix, roles that get in; None = everyone, also signed out)
    ("/inbox", TAKERS),
    ("/tickets", TAKERS),
    ("/admin", {"admin"}),
    ("/editor", {"admin", "editor"}),
    ("/login", None),
    ("/demo", None),
    ("/widget.js", None),
    ("/health", None),
    ("/docs", None),
    ("/redoc", None),
    ("/openapi.json", None),
]
API_RULES = [
    ("/api/services", None),
    ("/api/tickets", TAKERS),
    ("/api/answers", {"admin", "editor"}),
    ("/api/changes", {"admin", "editor"}),
    ("/api/auth", None),
]
SAMPLE = {"ticket_id": "1", "answer_id": "1", "lang": "fi", "message_id": "1", "change_id": "1", "step": "release"}


def get_routes(prefix_filter):
    for route in app.routes:
        if isinstance(route, APIRoute) and "GET" in route.methods and prefix_filter(route.path):
            yield route.path


def concrete(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: SAMPLE.get(m.group(1), "x"), path)


def rule_for(path: str, rules):
    for prefix, roles in rules:
        if path == prefix or path.startswith(prefix.rstrip("/") + "/") or path.startswith(prefix):
            return roles
    raise AssertionError(f"no access rule for {path}: decide who may open it and add it here")


@pytest.mark.parametrize("email", [None, *ROLES])
def test_every_page_route_lets_in_exactly_its_roles(console_db, email):
    browser = Browser()
    if email:
        browser.sign_in(email)
    for path in get_routes(lambda p: not p.startswith("/api") and p != "/"):
        allowed = rule_for(path, PAGE_RULES)
        reply = browser.get(concrete(path), follow_redirects=False)
        if allowed is None:
            assert reply.status_code == 200, (email, path, reply.status_code)
        elif email is None:
            assert reply.status_code == 303 and reply.headers["location"].startswith("/login"), (
                path,
                reply.status_code,
            )
        elif ROLES[email] in allowed:
            assert reply.status_code in (200, 404), (email, path, reply.status_code)
        else:
            assert reply.status_code == 403, (email, path, reply.status_code)


@pytest.mark.parametrize("email", [None, *ROLES])
def test_every_api_route_lets_in_exactly_its_roles(console_db, email):
    browser = Browser()
    headers = {}
    if email:
        token = browser.client.post("/api/auth/token", data={"username": email, "password": PASSWORD}).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
    for path in get_routes(lambda p: p.startswith("/api")):
        allowed = rule_for(path, API_RULES)
        reply = browser.client.get(concrete(path), headers=headers)
        if allowed is None:
            assert reply.status_code in (200, 404), (email, path, reply.status_code)
        elif email is None:
            assert reply.status_code == 401, (path, reply.status_code)
        elif ROLES[email] in allowed:
            assert reply.status_code in (200, 404), (email, path, reply.status_code)
        else:
            assert reply.status_code in (403, 404), (email, path, reply.status_code)
