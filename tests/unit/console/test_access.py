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
WRITERS = {"admin", "editor", "ngo_editor"}
PAGE_RULES = [  # (path prefix, roles that get in; None = everyone, also signed out)
    ("/inbox", TAKERS),
    ("/tickets", TAKERS),
    ("/history", TAKERS),
    ("/admin", {"admin"}),
    ("/editor/listings", WRITERS),
    ("/editor/transfer", WRITERS),
    ("/editor/import", WRITERS),
    ("/editor/export", WRITERS),
    ("/editor$", WRITERS),
    ("/editor", {"admin", "editor"}),
    ("/login", None),
    ("/join", None),
    ("/account/two-factor", {"admin", "advisor", "peer_advisor", "editor", "ngo_editor"}),
    ("/account", None),
    ("/demo", None),
    ("/widget.js", None),
    ("/health", None),
    ("/docs", None),
    ("/redoc", None),
    ("/openapi.json", None),
]
API_RULES = [
    ("/api/accounts", {"admin"}),
    ("/api/organisations", {"admin", "editor"}),
    ("/api/services/{service_id}/history", WRITERS),
    ("/api/services/changes", WRITERS),
    ("/api/services", None),
    ("/api/import", WRITERS),
    ("/api/export", WRITERS),
    ("/api/tickets", TAKERS),
    ("/api/answers", {"admin", "editor"}),
    ("/api/changes", {"admin", "editor"}),
    ("/api/auth", None),
]
SAMPLE = {
    "ticket_id": "1",
    "account_id": "1",
    "token": "never-issued",
    "answer_id": "1",
    "lang": "fi",
    "message_id": "1",
    "change_id": "1",
    "step": "release",
    "service_id": "1",
    "listing_id": "1",
    "job_id": "x",
    "kind": "listings",
    "file_format": "csv",
}
WRITE_API_RULES = [  # the same for POST, PUT, PATCH and DELETE; everything here needs a bearer token
    ("/api/accounts", {"admin"}),
    ("/api/conversations", {"admin"}),
    ("/api/organisations", {"admin", "editor"}),
    ("/api/services", WRITERS),
    ("/api/import", WRITERS),
    ("/api/tickets", TAKERS),
    ("/api/answers", {"admin", "editor"}),
    ("/api/changes", {"admin", "editor"}),
    ("/api/auth", None),
]


def get_routes(prefix_filter, methods=("GET",)):
    for route in app.routes:
        if isinstance(route, APIRoute) and set(methods) & route.methods and prefix_filter(route.path):
            yield route.path


def write_routes():
    for route in app.routes:
        if isinstance(route, APIRoute) and route.path.startswith("/api"):
            for method in sorted(route.methods & {"POST", "PUT", "PATCH", "DELETE"}):
                yield method, route.path


def concrete(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: SAMPLE.get(m.group(1), "x"), path)


def rule_for(path: str, rules):
    for prefix, roles in rules:
        if prefix.endswith("$"):
            if path == prefix[:-1]:
                return roles
            continue
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
            # A password link that was never issued is gone (410), for everyone alike.
            gone = path.startswith("/account/password/") and reply.status_code == 410
            # The code step of signing in is only for someone who has just given the right password.
            no_code_owed = path == "/login/code" and reply.headers.get("location") == "/login"
            assert reply.status_code == 200 or gone or no_code_owed, (email, path, reply.status_code)
        elif email is None:
            assert reply.status_code == 303 and reply.headers["location"].startswith("/login"), (
                path,
                reply.status_code,
            )
        elif ROLES[email] in allowed:
            # A role that gets in may still be refused one listing (another organisation's): not for its role.
            refused_item = reply.status_code == 403 and "role" not in reply.text.lower()
            assert reply.status_code in (200, 404) or refused_item, (email, path, reply.status_code)
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
            refused_item = reply.status_code == 403 and "role" not in reply.text.lower()
            assert reply.status_code in (200, 404) or refused_item, (email, path, reply.status_code)
        else:
            assert reply.status_code in (403, 404), (email, path, reply.status_code)


@pytest.mark.parametrize("email", [None, *ROLES])
def test_every_api_route_that_writes_refuses_the_roles_it_is_not_for(console_db, email):
    browser = Browser()
    headers = {}
    if email:
        token = browser.client.post("/api/auth/token", data={"username": email, "password": PASSWORD}).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
    for method, path in write_routes():
        allowed = rule_for(path, WRITE_API_RULES)
        if allowed is None:
            continue
        reply = browser.client.request(method, concrete(path), headers=headers, json={})
        if email is None:
            assert reply.status_code == 401, (method, path, reply.status_code)
        elif ROLES[email] in allowed:
            refused_for_role = reply.status_code == 403 and "role" in reply.text.lower()
            assert reply.status_code != 401 and not refused_for_role, (email, method, path, reply.text)
        else:
            assert reply.status_code == 403, (email, method, path, reply.status_code)
