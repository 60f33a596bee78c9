"""Keeping the links alive: every source page of an answer and every web page of a listing or an
organisation is requested now and then (politely: one request per host a second), and editors see
the links that are broken or have moved, with the answers and listings that use them.

An address counts as moved only when the server says so for good (301 or 308); a temporary redirect
(302, 303, 307: language selection, sign-in pages) that ends on a working page is fine."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Optional
from urllib.parse import urlsplit

import httpx
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from knowledge.models import Answer, AnswerTranslation, LinkCheck, Organisation, ServiceListing, utcnow

OK, MOVED, BROKEN, UNREACHABLE = "ok", "moved", "broken", "unreachable"
PERMANENT = (301, 308)
# Servers that refuse HEAD (405, 501) or answer it differently (403, 404 on some CMSs) are asked with GET.
RETRY_WITH_GET = (403, 404, 405, 501)
USER_AGENT = "Alku link checker (keeps advice for newcomers to Finland pointing at the right pages)"


@dataclass(frozen=True)
class Use:
    """Where a link appears: an answer's translation, a listing or an organisation."""

    kind: str
    key: str
    language: str = ""
    entity_id: Optional[int] = None


@dataclass(frozen=True)
class Outcome:
    outcome: str
    status: Optional[int] = None
    location: Optional[str] = None
    error: Optional[str] = None


def uses(session: Session) -> dict[str, list[Use]]:
    """Every web address the content links, with where it is used."""
    found: dict[str, list[Use]] = {}
    rows = session.execute(
        select(
            AnswerTranslation.source_url,
            Answer.topic_key,
            Answer.municipality_code,
            AnswerTranslation.language,
            Answer.id,
        ).join(Answer, Answer.id == AnswerTranslation.answer_id)
    )
    for url, topic, place, language, answer_id in rows:
        key = f"{topic} ({place})" if place else topic
        found.setdefault(url, []).append(Use("answer", key, language, answer_id))
    for url, key, listing_id in session.execute(select(ServiceListing.url, ServiceListing.key, ServiceListing.id)):
        found.setdefault(url, []).append(Use("listing", key, entity_id=listing_id))
    for url, key in session.execute(select(Organisation.url, Organisation.key)):
        found.setdefault(url, []).append(Use("organisation", key))
    return {
        url: sorted(places, key=lambda use: (use.kind, use.key, use.language)) for url, places in found.items() if url
    }


def track(session: Session) -> int:
    """A check row for every address the content links (new ones are due at once); returns how many were added."""
    known = set(session.scalars(select(LinkCheck.url)))
    added = [LinkCheck(url=url) for url in uses(session) if url not in known]
    session.add_all(added)
    session.flush()
    return len(added)


def due(session: Session, now: dt.datetime, every: dt.timedelta) -> list[LinkCheck]:
    return list(
        session.scalars(
            select(LinkCheck)
            .where(or_(LinkCheck.checked_at.is_(None), LinkCheck.checked_at <= now - every))
            .order_by(LinkCheck.checked_at.is_not(None), LinkCheck.checked_at, LinkCheck.id)
        )
    )


def check(client: httpx.Client, url: str) -> Outcome:
    """One look at an address."""
    try:
        reply = client.head(url)
        if reply.status_code in RETRY_WITH_GET:
            with client.stream("GET", url) as streamed:
                reply = streamed
    except httpx.TimeoutException:
        return Outcome(UNREACHABLE, error="timed out")
    except httpx.HTTPError as failure:
        return Outcome(UNREACHABLE, error=type(failure).__name__)
    permanent = next((hop for hop in reply.history if hop.status_code in PERMANENT), None)
    if reply.status_code >= 400:
        return Outcome(BROKEN, status=reply.status_code)
    if permanent is not None:
        return Outcome(MOVED, status=permanent.status_code, location=str(reply.url)[:500])
    return Outcome(OK, status=reply.status_code)


def in_turns(links: Iterable[LinkCheck]) -> list[LinkCheck]:
    """Links ordered so that hosts take turns: a host's next link waits for the others' first ones."""
    by_host: dict[str, list[LinkCheck]] = {}
    for link in links:
        by_host.setdefault(urlsplit(link.url).hostname or "", []).append(link)
    queues = list(by_host.values())
    ordered: list[LinkCheck] = []
    while queues:
        ordered += [queue.pop(0) for queue in queues]
        queues = [queue for queue in queues if queue]
    return ordered


def check_due(
    session: Session,
    every: dt.timedelta,
    *,
    timeout: float = 10.0,
    per_host_seconds: float = 1.0,
    now: Callable[[], dt.datetime] = utcnow,
    sleep: Callable[[float], None] = time.sleep,
    transport: Optional[httpx.BaseTransport] = None,
) -> int:
    """Check every link that is due, at most one request per host per `per_host_seconds`; commits each
    result as it comes. Returns how many were checked."""
    track(session)
    session.commit()
    last_request: dict[str, float] = {}
    checked = 0
    with httpx.Client(
        timeout=timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT}, transport=transport
    ) as client:
        for link in in_turns(due(session, now(), every)):
            host = urlsplit(link.url).hostname or ""
            wait = last_request.get(host, -per_host_seconds) + per_host_seconds - time.monotonic()
            if wait > 0:
                sleep(wait)
            last_request[host] = time.monotonic()
            result = check(client, link.url)
            link.outcome, link.status, link.location, link.error = (
                result.outcome,
                result.status,
                result.location,
                result.error,
            )
            link.checked_at = now()
            session.commit()
            checked += 1
    return checked


@dataclass(frozen=True)
class Problem:
    link: LinkCheck
    used_by: list[Use]


def problems(session: Session) -> list[Problem]:
    """Links found broken, moved or unreachable at their last check that the content still uses."""
    used = uses(session)
    found = session.scalars(
        select(LinkCheck).where(LinkCheck.outcome.in_((BROKEN, MOVED, UNREACHABLE))).order_by(LinkCheck.url)
    )
    return [Problem(link, used[link.url]) for link in found if link.url in used]
