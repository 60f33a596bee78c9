"""The console web app (FastAPI + Jinja2): the advisors' inbox and conversation pages, the admin's
office hours and canned replies, the JSON API, and the public directory of local services.

A background worker retries advisor replies that did not reach the user's channel."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional
from urllib.parse import quote

import yaml
from fastapi import FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from accounts.people import AccountRefused
from console.account import router as account_router
from console.accounts_api import router as accounts_api_router
from console.admin import router as admin_router
from console.admin_accounts import router as admin_accounts_router
from console.api import router as api_router
from console.auth import LoginRequired, TwoFactorSetupRequired
from console.content_api import router as content_api_router
from console.deps import conversations
from console.editor import router as editor_router
from console.listings_editor import router as listings_editor_router
from console.nlg import router as nlg_router
from console.organisations import public as join_router
from console.organisations import router as organisations_router
from console.pages import router as pages_router
from console.services_api import router as services_api_router
from console.templating import page, templates
from console.transfer import api as transfer_api_router
from console.transfer import pages as transfer_pages_router
from console.transfer import resume_jobs
from console.widget import router as widget_router
from handoff.delivery import recover, retry_due
from handoff.stranded import return_stranded
from handoff.waiting import acknowledge_waiting, tell_overdue
from knowledge.db import open_session
from knowledge.languages import language_table
from knowledge.links import check_due
from knowledge.render import format_opening_hours, labels, language_name
from knowledge.services import find_services, listing_translation, municipalities_with_services, topics
from settings import get_settings

HERE = Path(__file__).parent
RETRY_EVERY_SECONDS = 1.0
# Waiting users are looked at every few seconds: each look reads their conversations from Rasa.
PROMISES_EVERY_ROUNDS = 5
LINK_CHECK_EVERY_SECONDS = 3600
logger = logging.getLogger(__name__)


def _retry_once() -> int:
    settings = get_settings()
    with open_session(settings.database_url) as session:
        return retry_due(session, conversations(), settings.delivery_retry_seconds)


def _keep_promises() -> int:
    """The waiting users: a word when the promised time has passed, an acknowledgement of what they
    write; tickets of advisors who have gone back to the queue."""
    chats, settings = conversations(), get_settings()
    with open_session(settings.database_url) as session:
        told = tell_overdue(session, chats) + acknowledge_waiting(session, chats)
        if settings.advisor_idle_minutes > 0:
            told += return_stranded(session, chats, dt.timedelta(minutes=settings.advisor_idle_minutes))
        return told


async def _retry_forever() -> None:
    rounds = 0
    while True:
        try:
            await run_in_threadpool(_retry_once)
            if rounds % PROMISES_EVERY_ROUNDS == 0:
                await run_in_threadpool(_keep_promises)
        except Exception:  # the worker must outlive a database or network hiccup
            logger.exception("retrying undelivered replies failed; trying again")
        rounds += 1
        await asyncio.sleep(RETRY_EVERY_SECONDS)


def _check_links_once() -> int:
    settings = get_settings()
    with open_session(settings.database_url) as session:
        return check_due(session, dt.timedelta(days=settings.link_check_days))


async def _check_links_forever() -> None:
    """The link checker: what is due, every hour (each link once in `link_check_days`)."""
    while True:
        try:
            await run_in_threadpool(_check_links_once)
        except Exception:  # the worker must outlive a database or network hiccup
            logger.exception("checking links failed; trying again later")
        await asyncio.sleep(LINK_CHECK_EVERY_SECONDS)


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    with open_session(get_settings().database_url) as session:
        recover(session)
    # Imports left by a console that stopped (or queued while none ran) are run again.
    await run_in_threadpool(resume_jobs)
    workers = [asyncio.create_task(_retry_forever())]
    if get_settings().link_check_days > 0:
        workers.append(asyncio.create_task(_check_links_forever()))
    yield
    for worker in workers:
        worker.cancel()


app = FastAPI(title="Alku console", version="0.2.0", lifespan=lifespan)
app.add_middleware(
    SessionMiddleware,
    secret_key=get_settings().secret_key,
    session_cookie="alku_session",
    max_age=get_settings().token_minutes * 60,
    same_site="lax",
    https_only=get_settings().is_production,
)
app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
app.include_router(api_router)
app.include_router(accounts_api_router)
app.include_router(nlg_router)
app.include_router(content_api_router)
app.include_router(services_api_router)
app.include_router(transfer_api_router)
app.include_router(pages_router)
app.include_router(admin_router)
app.include_router(admin_accounts_router)
app.include_router(account_router)
app.include_router(organisations_router)
app.include_router(join_router)
app.include_router(editor_router)
app.include_router(listings_editor_router)
app.include_router(transfer_pages_router)
app.include_router(widget_router)


@app.exception_handler(LoginRequired)
def to_login(request: Request, _: LoginRequired) -> Response:
    return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)


@app.exception_handler(TwoFactorSetupRequired)
def to_two_factor(request: Request, _: TwoFactorSetupRequired) -> Response:
    return RedirectResponse("/account/two-factor", status_code=303)


@app.exception_handler(AccountRefused)
def account_refused(request: Request, error: AccountRefused) -> Response:
    """The accounts API's refusals, in one place: the reason's text key as FastAPI's usual body. (The
    pages catch it themselves: they show the reason on the page the person came from.)"""
    code = 409 if error.key in ("email_taken", "request_decided") else 422
    return JSONResponse({"detail": error.key}, status_code=code)


@app.exception_handler(StarletteHTTPException)
async def http_error(request: Request, error: StarletteHTTPException) -> Response:
    """JSON for the API (FastAPI's usual body), a page for people."""
    if request.url.path.startswith("/api") or "text/html" not in request.headers.get("accept", ""):
        return await http_exception_handler(request, error)
    response = page(request, "error.html", None, status_code=error.status_code, detail=error.detail)
    response.status_code = error.status_code
    return response


PAGE_SIZE = 20


@lru_cache(maxsize=1)
def texts() -> dict[str, dict[str, str]]:
    return yaml.safe_load((HERE / "texts.yml").read_text(encoding="utf-8"))


def interface_language(requested: Optional[str]) -> str:
    languages = get_settings().languages
    return requested if requested in languages and requested in texts() else get_settings().default_language


def blank_to_none(value: Optional[str]) -> Optional[str]:
    return value.strip() or None if value else None


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/", response_class=HTMLResponse)
def services_page(
    request: Request,
    lang: Optional[str] = Query(None, max_length=8),
    municipality: Optional[str] = Query(None, max_length=3),
    topic: Optional[str] = Query(None, max_length=40),
    language: Optional[str] = Query(None, max_length=8),
    target_group: Optional[str] = Query(None, max_length=40),
    q: Optional[str] = Query(None, max_length=200),
    page: int = Query(1, ge=1, le=500),
) -> Any:
    ui = interface_language(lang)
    municipality, topic, language = blank_to_none(municipality), blank_to_none(topic), blank_to_none(language)
    target_group, q = blank_to_none(target_group), blank_to_none(q)
    settings = get_settings()
    with open_session(settings.database_url) as session:
        listings = find_services(
            session,
            municipality_code=municipality,
            topic=topic,
            language=language,
            target_group=target_group,
            words=q,
            limit=PAGE_SIZE,
            offset=(page - 1) * PAGE_SIZE,
        )
        rows = [
            {
                "listing": listing,
                "translation": listing_translation(listing, ui),
                "organisation": listing.organisation.name(ui),
                "hours": format_opening_hours(list(listing.opening_hours), ui) if listing.opening_hours else "",
                "places": ", ".join(sorted(place.name(ui) for place in listing.municipalities)),
                "languages": ", ".join(language_name(code, ui) for code in listing.language_codes),
            }
            for listing in listings
        ]
        chosen = {
            "municipality": municipality,
            "topic": topic,
            "language": language,
            "target_group": target_group,
            "q": q,
        }
        context = {
            "request": request,
            "t": texts()[ui],
            "ui": ui,
            "direction": "rtl" if language_table()[ui].rtl else "ltr",
            "ui_languages": [(code, language_name(code, code)) for code in settings.languages],
            "municipalities": [(place.code, place.name(ui)) for place in municipalities_with_services(session)],
            "topics": [
                (item.key, labels(ui).get("topic_names", {}).get(item.key, item.key)) for item in topics(session)
            ],
            "languages": [(code, language_name(code, ui)) for code in labels(ui)["language_names"]],
            "target_groups": list(labels(ui).get("target_group_names", {}).items()),
            "words": labels(ui),
            "chosen": {**chosen, "q": q or ""},
            "rows": rows,
            # With no results: the same search without one of its criteria, the most local first.
            "wider": [] if rows or page > 1 else [key for key, value in chosen.items() if value],
            "page": page,
            "more": len(rows) == PAGE_SIZE,
            "query": {key: value for key, value in {"lang": ui, **chosen}.items() if value},
        }
    return templates.TemplateResponse("services.html", context)
