"""The web chat widget (one script for any page) and the demo page of a municipality that embeds it."""

from __future__ import annotations

import json
from functools import lru_cache

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from channels.rest import MAX_MESSAGE_LENGTH
from channels.texts import widget_texts
from console.templating import templates
from knowledge.render import language_name
from settings import PROJECT_ROOT, get_settings

WIDGET = PROJECT_ROOT / "channels" / "webchat" / "widget.js"
router = APIRouter(include_in_schema=False)


@lru_cache(maxsize=1)
def widget_script() -> str:
    """widget.js with its configuration: where to connect, and its labels in every language."""
    settings = get_settings()
    config = {
        "socketUrl": settings.webchat_socket_url,
        "defaultLanguage": settings.default_language,
        "languages": [[code, language_name(code, code)] for code in settings.languages],
        "texts": widget_texts(settings.languages),
        "maxLength": MAX_MESSAGE_LENGTH,
    }
    # </script> cannot occur in JSON from our own texts, but escape "<" anyway for an inline use.
    return WIDGET.read_text(encoding="utf-8").replace(
        "__ALKU_CONFIG__", json.dumps(config, ensure_ascii=False).replace("<", "\\u003c")
    )


@router.get("/widget.js")
def widget() -> Response:
    return Response(
        widget_script(),
        media_type="application/javascript; charset=utf-8",
        headers={"Cache-Control": "public, max-age=300"},
    )


@router.get("/demo", response_class=HTMLResponse)
def demo(request: Request) -> Response:
    return templates.TemplateResponse("demo.html", {"request": request})
