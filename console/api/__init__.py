"""The JSON API, one module per resource (documented in /docs), and Rasa's NLG endpoint."""

from fastapi import APIRouter

from console.api import accounts, answers, auth, conversations, nlg, organisations, services, tickets, transfer

router = APIRouter()
for module in (accounts, answers, auth, conversations, nlg, organisations, services, tickets, transfer):
    router.include_router(module.router)
