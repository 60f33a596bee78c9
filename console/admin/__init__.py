"""The admin's pages: accounts, teams and office hours, canned replies."""

from fastapi import APIRouter

from console.admin import accounts, canned_replies, home, teams

router = APIRouter()
for module in (accounts, canned_replies, home, teams):
    router.include_router(module.router)
