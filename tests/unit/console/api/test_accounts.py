"""The accounts and organisations API: an admin invites, changes, deactivates; editors add NGOs."""

from __future__ import annotations

from tests.unit.console.conftest import PASSWORD


def bearer(client, email: str) -> dict[str, str]:
    token = client.post("/api/auth/token", data={"username": email, "password": PASSWORD}).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def test_an_admin_invites_over_the_api_and_the_invite_url_lets_the_person_in(browser):
    client = browser.client
    admin = bearer(client, "admin@alku.fi")
    reply = client.post(
        "/api/accounts",
        headers=admin,
        json={"email": "Samira@Ngo.fi", "name": "Samira Ali", "role": "peer_advisor", "languages": ["ar", "fi"]},
    )
    assert reply.status_code == 201, reply.text
    account = reply.json()
    assert (account["email"], account["role"], account["has_password"], account["invitation_pending"]) == (
        "samira@ngo.fi",
        "peer_advisor",
        False,
        True,
    )
    assert account["invite_mailed"] is False
    chosen = browser.choose_password(account["invite_url"], "kamelit-kulkevat-autiomaassa")
    assert chosen.status_code == 303
    shown = client.get(f"/api/accounts/{account['id']}", headers=admin).json()
    assert shown["has_password"] is True and shown["invitation_pending"] is False
    assert (
        client.post("/api/accounts", headers=admin, json={"email": "samira@ngo.fi", "name": "Again"}).status_code == 409
    )


def test_bad_fields_are_refused_with_a_reason(browser):
    client = browser.client
    admin = bearer(client, "admin@alku.fi")
    for body in (
        {"email": "not-an-address", "name": "X"},
        {"email": "x@alku.fi", "name": "X", "role": "superuser"},
        {"email": "x@alku.fi", "name": "X", "languages": ["xx"]},
        {"email": "x@alku.fi", "name": "X", "municipalities": ["Atlantis"]},
        {"email": "x@alku.fi", "name": "X", "organisation": "no_such_org"},
    ):
        reply = client.post("/api/accounts", headers=admin, json=body)
        assert reply.status_code == 422, (body, reply.text)
    assert client.get("/api/accounts?q=x%40alku", headers=admin).json() == []


def test_deactivation_over_the_api_ends_the_persons_token(browser):
    client = browser.client
    admin, oulu = bearer(client, "admin@alku.fi"), bearer(client, "oulu@alku.fi")
    account_id = client.get("/api/accounts?q=oulu", headers=admin).json()[0]["id"]
    assert client.get("/api/tickets", headers=oulu).status_code == 200
    assert client.post(f"/api/accounts/{account_id}/deactivate", headers=admin).json()["active"] is False
    assert client.get("/api/tickets", headers=oulu).status_code == 401
    assert client.post(f"/api/accounts/{account_id}/password-link", headers=admin).status_code == 409
    assert client.post(f"/api/accounts/{account_id}/reactivate", headers=admin).json()["active"] is True
    assert client.get("/api/tickets", headers=oulu).status_code == 401  # the old token stays void
    link = client.post(f"/api/accounts/{account_id}/password-link", headers=admin).json()
    assert link["purpose"] == "reset" and "/account/password/" in link["url"]


def test_a_change_keeps_what_is_not_named(browser):
    client = browser.client
    admin = bearer(client, "admin@alku.fi")
    account_id = client.get("/api/accounts?q=peer", headers=admin).json()[0]["id"]
    changed = client.patch(f"/api/accounts/{account_id}", headers=admin, json={"display_name": "Samira"}).json()
    assert (changed["display_name"], changed["role"], changed["languages"]) == ("Samira", "peer_advisor", ["ar", "fi"])
    swedish = client.patch(f"/api/accounts/{account_id}", headers=admin, json={"ui_language": "sv"}).json()
    assert (swedish["ui_language"], swedish["display_name"]) == ("sv", "Samira")
    browser_language = client.patch(f"/api/accounts/{account_id}", headers=admin, json={"ui_language": ""}).json()
    assert browser_language["ui_language"] is None, "back to the browser's language"


def test_editors_add_organisations_and_ngos_start_untrusted(browser):
    client = browser.client
    editor = bearer(client, "editor@alku.fi")
    reply = client.post(
        "/api/organisations",
        headers=editor,
        json={
            "key": "oulun_monikulttuuriset",
            "kind": "ngo",
            "name_fi": "Oulun Monikulttuuriset ry",
            "url": "https://example.org",
        },
    )
    assert reply.status_code == 201, reply.text
    assert (reply.json()["trusted"], reply.json()["name_en"]) == (False, "Oulun Monikulttuuriset ry")
    assert client.post("/api/organisations", headers=editor, json={**reply.json()}).status_code == 409
    keys = [organisation["key"] for organisation in client.get("/api/organisations", headers=editor).json()]
    assert "oulun_monikulttuuriset" in keys
    bad = client.post("/api/organisations", headers=editor, json={"key": "Bad Key!", "kind": "ngo", "name_fi": "X"})
    assert bad.status_code == 422
    trusted = client.patch("/api/organisations/oulun_monikulttuuriset", headers=editor, json={"trusted": True})
    assert trusted.status_code == 200 and trusted.json()["trusted"] is True
    assert client.patch("/api/organisations/nobody", headers=editor, json={"trusted": True}).status_code == 404


def test_the_api_is_documented(browser):
    spec = browser.client.get("/openapi.json").json()
    assert {"/api/accounts", "/api/accounts/{account_id}", "/api/organisations"} <= set(spec["paths"])
    answer = spec["paths"]["/api/accounts"]["post"]["responses"]["201"]["content"]["application/json"]["schema"]
    assert "invite_url" in spec["components"]["schemas"][answer["$ref"].split("/")[-1]]["properties"]


def test_an_admin_moves_a_stranded_ticket_over_the_api(browser, console_db):
    from tests.unit.console.conftest import ticket_id

    client = browser.client
    admin, oulu = bearer(client, "admin@alku.fi"), bearer(client, "oulu@alku.fi")
    ticket = ticket_id(console_db, "c-fi")
    assert client.post(f"/api/tickets/{ticket}/claim", headers=oulu).status_code == 200
    admin_id = next(a["id"] for a in client.get("/api/accounts?q=admin", headers=admin).json())
    oulu_id = next(a["id"] for a in client.get("/api/accounts?q=oulu", headers=admin).json())
    # An advisor cannot give their ticket away; an admin can, to anyone who may take it.
    assert (
        client.post(f"/api/tickets/{ticket}/reassign", headers=oulu, json={"advisor_id": admin_id}).status_code == 403
    )
    moved = client.post(f"/api/tickets/{ticket}/reassign", headers=admin, json={"advisor_id": admin_id})
    assert moved.status_code == 200 and moved.json()["advisor_id"] == admin_id
    assert moved.json()["delivery_error"], "no Rasa here: the user could not be told, and the API says so"
    back = client.post(f"/api/tickets/{ticket}/release", headers=admin)
    assert back.status_code == 200 and back.json()["status"] == "waiting"
    assert client.post(f"/api/tickets/{ticket}/release", headers=oulu).status_code == 409
    assert (
        client.post(f"/api/tickets/{ticket}/reassign", headers=admin, json={"advisor_id": oulu_id}).status_code == 409
    )
