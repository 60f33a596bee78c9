"""Load the reference data and the seed content into the knowledge base.

Seeding only adds what is missing (matched by municipality code, topic, answer × language and
listing key), so running it again — every `make run` does, through `ops/seed.py` — never overwrites an
editor's change.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any, Optional

import yaml
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from knowledge.db import create_schema, session_factory
from knowledge.models import (
    Answer,
    AnswerTranslation,
    Municipality,
    OpeningHours,
    Organisation,
    ServiceListing,
    ServiceListingTranslation,
    TermCount,
    Topic,
    utcnow,
)
from knowledge.search import index_missing, refresh_term_counts

CONTENT = Path(__file__).parent / "content"
MUNICIPALITIES_CSV = Path(__file__).parent / "data" / "municipalities.csv"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _time(value: Any) -> dt.time:
    return dt.time.fromisoformat(str(value))


def load_yaml(name: str) -> Any:
    """libyaml's parser where PyYAML has it: answers.yml is parsed at every seeding, about 10× faster."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load((CONTENT / name).read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 - a safe loader


def seed_municipalities(session: Session, path: Path = MUNICIPALITIES_CSV) -> int:
    existing = set(session.scalars(select(Municipality.code)))
    added = 0
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["code"] in existing:
                continue
            session.add(
                Municipality(
                    code=row["code"],
                    name_fi=row["name_fi"].split(" - ")[0],
                    name_sv=row["name_sv"],
                    region_code=row["region_code"],
                    region_fi=row["region_fi"],
                    region_sv=row["region_sv"],
                    language_status=row["language_status"],
                )
            )
            added += 1
    return added


def seed_answers(session: Session, content: dict[str, Any]) -> int:
    reviewed_on = _date(content["reviewed_on"])
    review_by = _date(content["review_by"])
    added = 0
    seeded_at = utcnow()
    for entry in content["answers"]:
        topic = session.get(Topic, entry["topic"])
        if topic is None:
            topic = Topic(key=entry["topic"], needs_municipality=bool(entry.get("needs_municipality")))
            session.add(topic)
        municipality_code: Optional[str] = entry.get("municipality")
        place_matches = (
            Answer.municipality_code.is_(None)
            if municipality_code is None
            else Answer.municipality_code == municipality_code
        )
        answer = session.scalars(select(Answer).where(Answer.topic_key == topic.key, place_matches)).first()
        if answer is None:
            answer = Answer(topic=topic, municipality_code=municipality_code)
            session.add(answer)
        present = {translation.language for translation in answer.translations}
        for language, translation in entry["translations"].items():
            if language in present:
                continue
            answer.translations.append(
                AnswerTranslation(
                    language=language,
                    text=translation["text"].strip(),
                    source_url=translation["source_url"],
                    reviewed_on=_date(translation.get("reviewed_on", reviewed_on)),
                    review_by=_date(translation.get("review_by", review_by)),
                    # Seeded translations are made together, each following the source as it is now.
                    updated_at=seeded_at,
                    source_updated_at=seeded_at,
                )
            )
            added += 1
    return added


def seed_services(session: Session, content: dict[str, Any]) -> int:
    organisations = {organisation.key: organisation for organisation in session.scalars(select(Organisation))}
    for entry in content["organisations"]:
        if entry["key"] in organisations:
            continue
        names = entry["name"]
        organisation = Organisation(
            key=entry["key"],
            kind=entry["kind"],
            url=entry["url"],
            name_fi=names["fi"],
            name_sv=names.get("sv", names["fi"]),
            name_en=names.get("en", names["fi"]),
            # Public bodies publish their own listings; an NGO's wait for review until an editor trusts it.
            trusted=entry.get("trusted", entry["kind"] != "ngo"),
        )
        session.add(organisation)
        organisations[organisation.key] = organisation
    existing = set(session.scalars(select(ServiceListing.key)))
    added = 0
    for entry in content["services"]:
        if entry["key"] in existing:
            continue
        if not str(entry["url"]).startswith(("https://", "http://")):
            raise ValueError(f"service {entry['key']!r} has a url that is not a web address: {entry['url']!r}")
        listing = ServiceListing(
            key=entry["key"],
            organisation=organisations[entry["organisation"]],
            url=entry["url"],
            address=entry.get("address"),
            phone=entry.get("phone"),
            email=entry.get("email"),
            appointment_needed=entry.get("appointment_needed"),
            languages_served=",".join(entry.get("languages_served") or []),
            target_groups=",".join(entry.get("target_groups") or []),
            valid_from=_date(entry["valid_from"]) if entry.get("valid_from") else None,
            valid_to=_date(entry["valid_to"]) if entry.get("valid_to") else None,
        )
        listing.municipalities = [session.get(Municipality, str(code)) for code in entry["municipalities"]]
        listing.topics = [session.get(Topic, key) for key in entry["topics"]]
        if None in listing.municipalities or None in listing.topics:
            raise ValueError(f"service {entry['key']!r} names an unknown municipality or topic")
        listing.translations = [
            ServiceListingTranslation(language=language, name=text["name"], description=text.get("description", ""))
            for language, text in entry["translations"].items()
        ]
        listing.opening_hours = [
            OpeningHours(
                weekday=WEEKDAYS.index(period["day"]), opens=_time(period["opens"]), closes=_time(period["closes"])
            )
            for period in entry.get("opening_hours") or []
        ]
        session.add(listing)
        added += 1
    return added


def seed(engine: Engine) -> dict[str, int]:
    """Create the schema and add whatever of the reference data and seed content is missing."""
    create_schema(engine)
    with session_factory(engine)() as session, session.begin():
        counts = {"municipalities": seed_municipalities(session)}
        counts["answer translations"] = seed_answers(session, load_yaml("answers.yml"))
        session.flush()
        counts["service listings"] = seed_services(session, load_yaml("services.yml"))
        session.flush()
        counts["listings indexed for search"] = index_missing(session)
        if counts["listings indexed for search"] or session.scalar(select(TermCount.term).limit(1)) is None:
            refresh_term_counts(session)
    return counts
