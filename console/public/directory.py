"""The public directory of local services (the console's front page), in the newcomer's language."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Optional

import yaml
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from console.templating import HERE, templates
from knowledge.db import open_session
from knowledge.languages import language_table
from knowledge.render import format_opening_hours, labels, language_name
from knowledge.services import find_services, listing_translation, municipalities_with_services, topics
from settings import get_settings

router = APIRouter(include_in_schema=False)


PAGE_SIZE = 20


@lru_cache(maxsize=1)
def texts() -> dict[str, dict[str, str]]:
    return yaml.safe_load((HERE / "texts.yml").read_text(encoding="utf-8"))


def interface_language(requested: Optional[str]) -> str:
    languages = get_settings().languages
    return requested if requested in languages and requested in texts() else get_settings().default_language


def blank_to_none(value: Optional[str]) -> Optional[str]:
    return value.strip() or None if value else None


@router.get("/", response_class=HTMLResponse)
def services_page(
    request: Request,
    lang: Optional[str] = Query(None, max_length=8),
    municipality: Optional[str] = Query(None, max_length=3),
    topic: Optional[str] = Query(None, max_length=40),
    language: Optional[str] = Query(None, max_length=8),
    target_group: Optional[str] = Query(None, max_length=40),
    q: Optional[str] = Query(None, max_length=200),
    page: int = Query(1, ge=1, le=500),
) -> Any:
    ui = interface_language(lang)
    municipality, topic, language = blank_to_none(municipality), blank_to_none(topic), blank_to_none(language)
    target_group, q = blank_to_none(target_group), blank_to_none(q)
    settings = get_settings()
    with open_session(settings.database_url) as session:
        listings = find_services(
            session,
            municipality_code=municipality,
            topic=topic,
            language=language,
            target_group=target_group,
            words=q,
            limit=PAGE_SIZE,
            offset=(page - 1) * PAGE_SIZE,
        )
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
        chosen = {
            "municipality": municipality,
            "topic": topic,
            "language": language,
            "target_group": target_group,
            "q": q,
        }
        context = {
            "request": request,
            "t": texts()[ui],
            "ui": ui,
            "direction": "rtl" if language_table()[ui].rtl else "ltr",
            "ui_languages": [(code, language_name(code, code)) for code in settings.languages],
            "municipalities": [(place.code, place.name(ui)) for place in municipalities_with_services(session)],
            "topics": [
                (item.key, labels(ui).get("topic_names", {}).get(item.key, item.key)) for item in topics(session)
            ],
            "languages": [(code, language_name(code, ui)) for code in labels(ui)["language_names"]],
            "target_groups": list(labels(ui).get("target_group_names", {}).items()),
            "words": labels(ui),
            "chosen": {**chosen, "q": q or ""},
            "rows": rows,
            # With no results: the same search without one of its criteria, the most local first.
            "wider": [] if rows or page > 1 else [key for key, value in chosen.items() if value],
            "page": page,
            "more": len(rows) == PAGE_SIZE,
            "query": {key: value for key, value in {"lang": ui, **chosen}.items() if value},
        }
    return templates.TemplateResponse("services.html", context)
