"""Pages every signed-in person has: their own account and signing out."""

from fastapi import APIRouter

from console.staff import account, sign_out

router = APIRouter()
for module in (account, sign_out):
    router.include_router(module.router)
