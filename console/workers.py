"""The console's background workers: replies that did not reach the user are retried, waiting users
hear when the promised time has passed, idle advisors' tickets go back to the queue, links are
checked, imports left by a stopped console run again, and the retention periods are enforced daily."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool

from channels.retention import enforce
from console.deps import conversations
from console.imports import resume_jobs
from handoff.delivery import recover, retry_due
from handoff.stranded import return_stranded
from handoff.waiting import acknowledge_waiting, tell_overdue
from knowledge.db import open_session
from knowledge.links import check_due
from settings import get_settings

RETRY_EVERY_SECONDS = 1.0
# Waiting users are looked at every few seconds: each look reads their conversations from Rasa.
PROMISES_EVERY_ROUNDS = 5
LINK_CHECK_EVERY_SECONDS = 3600
RETENTION_EVERY_SECONDS = 24 * 3600
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


def _enforce_retention_once() -> None:
    enforce(get_settings())


async def _enforce_retention_forever() -> None:
    """The retention periods, once a day (and at start)."""
    while True:
        try:
            await run_in_threadpool(_enforce_retention_once)
        except Exception:  # the worker must outlive a database hiccup
            logger.exception("enforcing the retention periods failed; trying again tomorrow")
        await asyncio.sleep(RETENTION_EVERY_SECONDS)


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    with open_session(get_settings().database_url) as session:
        recover(session)
    # Imports left by a console that stopped (or queued while none ran) are run again.
    await run_in_threadpool(resume_jobs)
    workers = [asyncio.create_task(_retry_forever()), asyncio.create_task(_enforce_retention_forever())]
    if get_settings().link_check_days > 0:
        workers.append(asyncio.create_task(_check_links_forever()))
    yield
    for worker in workers:
        worker.cancel()
