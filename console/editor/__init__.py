"""The editors' pages: answers, bot texts, service listings, organisations, the review queue, import
and export."""

from fastapi import APIRouter

from console.editor import answers, bot_texts, home, listings, organisations, review, transfer

router = APIRouter()
for module in (answers, bot_texts, home, listings, organisations, review, transfer):
    router.include_router(module.router)
