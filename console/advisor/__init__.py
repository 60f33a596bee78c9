"""The advisor's pages: the inbox, one conversation, past conversations."""

from fastapi import APIRouter

from console.advisor import history, inbox, tickets

router = APIRouter()
for module in (history, inbox, tickets):
    router.include_router(module.router)
