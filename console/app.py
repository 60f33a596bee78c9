"""The console web app (FastAPI + Jinja2). For now: a health route and the public directory of
local services, filterable by municipality, topic and language."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

import yaml
from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from console.api import router as api_router
from knowledge.db import open_session
from knowledge.render import format_opening_hours, labels, language_name
from knowledge.services import find_services, listing_translation, municipalities_with_services, topics
from settings import get_settings

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
app = FastAPI(title="Alku console", version="0.1.0")
app.include_router(api_router)


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
) -> Any:
    ui = interface_language(lang)
    municipality, topic, language = blank_to_none(municipality), blank_to_none(topic), blank_to_none(language)
    settings = get_settings()
    with open_session(settings.database_url) as session:
        listings = find_services(session, municipality_code=municipality, topic=topic, language=language)
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
        context = {
            "request": request,
            "t": texts()[ui],
            "ui": ui,
            "ui_languages": [(code, language_name(code, code)) for code in settings.languages],
            "municipalities": [(place.code, place.name(ui)) for place in municipalities_with_services(session)],
            "topics": [
                (item.key, labels(ui).get("topic_names", {}).get(item.key, item.key)) for item in topics(session)
            ],
            "languages": [(code, language_name(code, ui)) for code in labels(ui)["language_names"]],
            "chosen": {"municipality": municipality, "topic": topic, "language": language},
            "rows": rows,
        }
    return templates.TemplateResponse("services.html", context)
