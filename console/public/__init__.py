"""Pages anyone opens without signing in: the service directory, the web chat widget, sign-in, an
invitation's or reset's password link, and an NGO's request to join."""

from fastapi import APIRouter

from console.public import directory, join, password_link, sign_in, widget

router = APIRouter()
for module in (directory, join, password_link, sign_in, widget):
    router.include_router(module.router)
