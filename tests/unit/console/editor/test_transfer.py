"""Import and export over the API and the editor's pages: background jobs with progress, role scopes,
all-or-nothing results with line numbers."""

from __future__ import annotations

import json
import time

import pytest
from sqlalchemy import func, select

from knowledge.db import open_session
from knowledge.models import ServiceListing
from tests.unit.console.conftest import PASSWORD, Browser
from tests.unit.knowledge.test_transfer import cafe, csv_file

pytestmark = pytest.mark.usefixtures("console_db")


def token(client, email):
    reply = client.post("/api/auth/token", data={"username": email, "password": PASSWORD})
    return {"Authorization": f"Bearer {reply.json()['access_token']}"}


def finished(client, headers, job, timeout=30.0):
    deadline = time.monotonic() + timeout
    while job["state"] in ("queued", "running"):
        assert time.monotonic() < deadline, "the import did not finish"
        time.sleep(0.1)
        job = client.get(f"/api/import/{job['id']}", headers=headers).json()
    return job


def listings(db_url):
    with open_session(db_url) as session:
        return session.scalar(select(func.count()).select_from(ServiceListing))


def test_an_ngo_imports_its_activities_and_newcomers_find_them(ngo_of_vaasa):
    client = Browser().client
    headers = token(client, "ngo@alku.fi")
    payload = csv_file(cafe("vaasa-cafe-thu"), cafe("vaasa-cafe-sat", opening_hours="sat 12:00-14:00"))
    reply = client.post("/api/import/listings", content=payload, headers={**headers, "Content-Type": "text/csv"})
    assert reply.status_code == 202
    job = finished(client, headers, reply.json())
    assert job["state"] == "done"
    assert (job["done"], job["total"], job["result"]["created"]) == (2, 2, 2)
    found = client.get("/api/services", params={"municipality": "905", "q": "kielikahvilaan"}).json()
    assert {item["key"] for item in found} == {"vaasa-cafe-thu", "vaasa-cafe-sat"}


def test_a_failed_import_lists_every_bad_line_and_saves_nothing(ngo_of_vaasa):
    client = Browser().client
    headers = token(client, "ngo@alku.fi")
    before = listings(ngo_of_vaasa)
    payload = csv_file(cafe("ok-one"), cafe("not-ours", organisation="oulu_city", municipalities="564"), cafe("x!"))
    job = client.post("/api/import/listings", content=payload, headers={**headers, "Content-Type": "text/csv"})
    job = finished(client, headers, job.json())
    assert job["state"] == "failed"
    assert [(e["line"], e["field"]) for e in job["result"]["errors"]] == [(3, "organisation"), (4, "key")]
    assert listings(ngo_of_vaasa) == before


def test_an_unreadable_file_is_refused_at_once_with_its_line(ngo_of_vaasa):
    client = Browser().client
    headers = {**token(client, "ngo@alku.fi"), "Content-Type": "application/json"}
    reply = client.post("/api/import/listings", content=b'[\n{"key": "a"},\n{oops}\n]', headers=headers)
    assert reply.status_code == 422
    assert reply.json()["detail"]["line"] == 3
    reply = client.post("/api/import/listings", content=b"<xml/>", headers={**headers, "Content-Type": "text/xml"})
    assert reply.status_code == 415


def test_an_ngo_editor_neither_imports_nor_exports_answers(ngo_of_vaasa):
    client = Browser().client
    headers = token(client, "ngo@alku.fi")
    reply = client.post("/api/import/answers", content=b"topic\n", headers={**headers, "Content-Type": "text/csv"})
    assert reply.status_code == 403
    assert client.get("/api/export/answers.csv", headers=headers).status_code == 403


def test_an_export_holds_only_what_the_person_may_write(ngo_of_vaasa):
    client = Browser().client
    ngo = client.get("/api/export/listings.json", headers=token(client, "ngo@alku.fi"))
    admin = client.get("/api/export/listings.json", headers=token(client, "admin@alku.fi"))
    assert ngo.headers["content-disposition"].startswith("attachment")
    ours = {item["organisation"] for item in ngo.json()}
    assert ours == {"vaasa_city"}
    assert len(admin.json()) == listings(ngo_of_vaasa) > len(ngo.json())
    exported_csv = client.get("/api/export/listings.csv", headers=token(client, "ngo@alku.fi")).text
    assert exported_csv.splitlines()[0].startswith("key,organisation,url")


def test_another_persons_import_is_not_visible(ngo_of_vaasa):
    client = Browser().client
    headers = token(client, "ngo@alku.fi")
    job = client.post(
        "/api/import/listings", content=csv_file(cafe()), headers={**headers, "Content-Type": "text/csv"}
    ).json()
    finished(client, headers, job)
    assert client.get(f"/api/import/{job['id']}", headers=token(client, "editor@alku.fi")).status_code == 404
    assert client.get(f"/api/import/{job['id']}", headers=token(client, "admin@alku.fi")).status_code == 200


def test_the_import_page_shows_progress_and_the_result(ngo_of_vaasa):
    browser = Browser()
    browser.sign_in("ngo@alku.fi")
    page = browser.get("/editor/transfer")
    assert page.status_code == 200 and 'value="answers"' not in page.text
    from tests.unit.console.conftest import csrf_of

    reply = browser.client.post(
        "/editor/import",
        data={"kind": "listings", "csrf_token": csrf_of(page.text)},
        files={"upload": ("cafes.csv", csv_file(cafe(), cafe("bad", municipalities="999")), "text/csv")},
        follow_redirects=False,
    )
    assert reply.status_code == 303
    job_page = reply.headers["location"]
    deadline = time.monotonic() + 30
    while "data-done" not in (fragment := browser.get(f"{job_page}/progress").text):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert "<progress" in fragment and "2 / 2" in fragment
    assert "999" in fragment and ">3<" in fragment  # the bad row's line and reason
    shown = browser.get(job_page).text
    assert "cafes.csv" in shown and "import-errors" in shown


def test_the_import_page_explains_an_unreadable_file(ngo_of_vaasa):
    browser = Browser()
    browser.sign_in("ngo@alku.fi")
    from tests.unit.console.conftest import csrf_of

    token_value = csrf_of(browser.get("/editor/transfer").text)
    reply = browser.client.post(
        "/editor/import",
        data={"kind": "listings", "csrf_token": token_value},
        files={"upload": ("cafes.json", b'{"not": "a list"}', "application/json")},
    )
    assert reply.status_code == 200
    assert "array" in reply.text and 'role="alert"' in reply.text


def test_answers_export_and_import_back_over_the_api(console_db):
    client = Browser().client
    headers = token(client, "admin@alku.fi")
    exported = client.get("/api/export/answers.json", headers=headers).json()
    future = [row for row in exported if row["review_by"] > time.strftime("%Y-%m-%d")]
    future[0]["text"] += " (päivitetty)"
    job = client.post(
        "/api/import/answers",
        content=json.dumps(future).encode(),
        headers={**headers, "Content-Type": "application/json"},
    ).json()
    job = finished(client, headers, job)
    assert job["state"] == "done"
    assert (job["result"]["updated"], job["result"]["unchanged"]) == (1, len(future) - 1)


def test_an_import_job_lives_in_the_database_and_any_console_reads_it(ngo_of_vaasa):
    from console import imports
    from knowledge.models import ImportJob

    client = Browser().client
    headers = token(client, "ngo@alku.fi")
    payload = csv_file(cafe("vaasa-cafe-thu"))
    job = client.post("/api/import/listings", content=payload, headers={**headers, "Content-Type": "text/csv"}).json()
    finished(client, headers, job)
    imports._PROGRESS.clear()  # what another console process knows of it: only the database
    shown = client.get(f"/api/import/{job['id']}", headers=headers).json()
    assert (shown["state"], shown["done"], shown["result"]["created"]) == ("done", 1, 1)
    with open_session(ngo_of_vaasa) as session:
        stored = session.get(ImportJob, job["id"])
        assert stored.state == "done" and stored.payload is None, "the file is not kept after the import"
    assert job["id"] in Browser_signed_in("ngo@alku.fi").get("/editor/transfer").text


def Browser_signed_in(email):  # noqa: N802 - reads as what it gives
    browser = Browser()
    browser.sign_in(email)
    return browser


def test_a_job_left_running_by_a_console_that_died_is_run_again_at_start(ngo_of_vaasa):
    import datetime as dt
    import uuid

    from console.imports import resume_jobs
    from handoff.models import Advisor
    from knowledge.models import ImportJob, utcnow

    with open_session(ngo_of_vaasa) as session, session.begin():
        owner = session.scalars(select(Advisor).where(Advisor.email == "ngo@alku.fi")).one()
        job_id = uuid.uuid4().hex
        session.add(
            ImportJob(
                id=job_id,
                kind="listings",
                file_format="csv",
                file_name="kahvilat.csv",
                owner_id=owner.id,
                state="running",
                total=1,
                done=0,
                heartbeat_at=utcnow() - dt.timedelta(minutes=10),
                payload=csv_file(cafe("vaasa-cafe-resumed")),
            )
        )
    assert resume_jobs() == 1
    client = Browser().client
    headers = token(client, "ngo@alku.fi")
    job = finished(client, headers, {"id": job_id, "state": "running"})
    assert job["state"] == "done" and job["result"]["created"] == 1
    found = client.get("/api/services", params={"municipality": "905", "q": "kielikahvilaan"}).json()
    assert "vaasa-cafe-resumed" in {item["key"] for item in found}


def test_one_person_cannot_pile_up_imports(ngo_of_vaasa):
    """Each queued import keeps its whole file in the database: a few at once per person, then 429."""
    from handoff.models import Advisor
    from knowledge.models import ImportJob

    with open_session(ngo_of_vaasa) as session, session.begin():
        owner = session.scalars(select(Advisor.id).where(Advisor.email == "ngo@alku.fi")).one()
        for number in range(3):
            session.add(
                ImportJob(
                    id=f"stuck{number}",
                    kind="listings",
                    file_format="csv",
                    file_name="x.csv",
                    owner_id=owner,
                    total=1,
                    payload=b"key\n",
                    state="queued",
                )
            )
    client = Browser().client
    headers = {**token(client, "ngo@alku.fi"), "Content-Type": "text/csv"}
    refused = client.post("/api/import/listings", content=csv_file(cafe("vaasa-one-more")), headers=headers)
    assert refused.status_code == 429 and "3 imports" in refused.json()["detail"]
    with open_session(ngo_of_vaasa) as session:
        assert session.scalar(select(func.count()).select_from(ImportJob)) == 3, "nothing more was kept"
