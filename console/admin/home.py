"""The admin's landing page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from console.auth import AdminOnly
from console.templating import page, words

router = APIRouter(prefix="/admin", include_in_schema=False)


@router.get("", response_class=HTMLResponse)
def admin_home(request: Request, advisor: AdminOnly) -> Response:
    t = words(request)
    links = [
        ("/admin/accounts", t["accounts"]),
        ("/admin/office-hours", t["office_hours"]),
        ("/admin/canned-replies", t["canned_replies"]),
        ("/editor", t["editor_home"]),
    ]
    return page(request, "landing.html", advisor, heading=t["admin_home"], intro=t["admin_home_intro"], links=links)
