"""The link checker against a real HTTP server on loopback that answers 200, 301, 302, 404, refuses
HEAD, and never answers in time."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select, update

from knowledge.db import open_session
from knowledge.links import BROKEN, MOVED, OK, UNREACHABLE, check_due, problems, track
from knowledge.models import AnswerTranslation, LinkCheck, ServiceListing, utcnow


class Pages(BaseHTTPRequestHandler):
    def _answer(self, with_body: bool) -> None:
        if self.path == "/slow":
            time.sleep(2)
        if self.command == "HEAD" and self.path == "/no-head":
            self.send_response(405)
        elif self.path in ("/ok", "/new", "/no-head", "/slow"):
            self.send_response(200)
        elif self.path == "/old":
            self.send_response(301)
            self.send_header("Location", "/new")
        elif self.path == "/language":
            self.send_response(302)
            self.send_header("Location", "/ok")
        else:
            self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self) -> None:  # noqa: N802 - the standard library's name
        self._answer(False)

    def do_GET(self) -> None:  # noqa: N802
        self._answer(True)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def content(fresh_db_url: str, site: str) -> str:
    """The seeded content with every real link checked a moment ago, then a few links pointed at `site`."""
    with open_session(fresh_db_url) as session, session.begin():
        track(session)
        session.execute(update(LinkCheck).values(outcome=OK, checked_at=utcnow()))
        translations = session.scalars(select(AnswerTranslation).order_by(AnswerTranslation.id).limit(6)).all()
        paths = ["/ok", "/old", "/language", "/gone", "/no-head", "/slow"]
        for translation, path in zip(translations, paths, strict=True):
            translation.source_url = site + path
        listing = session.scalars(select(ServiceListing).order_by(ServiceListing.id)).first()
        listing.url = site + "/gone"
    return fresh_db_url


def test_each_link_gets_its_outcome_and_editors_see_the_problems_with_their_users(content: str, site: str) -> None:
    with open_session(content) as session:
        checked = check_due(session, dt.timedelta(days=7), timeout=0.5, per_host_seconds=0)
        assert checked == 6, "only the links that are new or due"
        outcome = {
            link.url.removeprefix(site): (link.outcome, link.status) for link in session.scalars(select(LinkCheck))
        }
        assert outcome["/ok"] == (OK, 200)
        assert outcome["/old"] == (MOVED, 301)
        assert outcome["/language"] == (OK, 200), "a temporary redirect to a working page is fine"
        assert outcome["/gone"] == (BROKEN, 404)
        assert outcome["/no-head"] == (OK, 200), "asked again with GET"
        assert outcome["/slow"] == (UNREACHABLE, None)
        found = {problem.link.url.removeprefix(site): problem for problem in problems(session)}
        assert set(found) == {"/old", "/gone", "/slow"}
        assert found["/old"].link.location == site + "/new"
        assert {use.kind for use in found["/gone"].used_by} == {"answer", "listing"}
        assert check_due(session, dt.timedelta(days=7), per_host_seconds=0) == 0, "nothing is due again for a week"


def test_one_request_per_host_a_second(content: str) -> None:
    waits: list[float] = []
    with open_session(content) as session:
        check_due(session, dt.timedelta(days=7), timeout=0.5, per_host_seconds=1.0, sleep=waits.append)
    assert len(waits) == 5, "the six links share one host: five waits between them"
    assert all(0 < wait <= 1.0 for wait in waits)
