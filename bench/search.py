"""Search benchmark: 100,000 generated listings on SQLite and on PostgreSQL, searched by
municipality, topic, target group, language and free text (inflected Finnish and English), through
the term index (knowledge/search.py) and, as the baseline in the same run, a LIKE scan of the names
and descriptions (what a search without an index does).

    python -m bench.search [--listings 100000] [--queries 40] [--postgres URL]

Prints a table and writes bench/results/search-<timestamp>.json."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Optional

from sqlalchemy import create_engine, func, insert, or_, select, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session

from bench.run import RESULTS, percentile
from knowledge.db import make_engine, session_factory
from knowledge.models import (
    PUBLISHED,
    ListingTerm,
    Municipality,
    Organisation,
    ServiceListing,
    ServiceListingTranslation,
    service_municipality,
    service_topic,
)
from knowledge.search import Criteria, ListingWords, ranked_ids, refresh_term_counts, search, terms_of
from knowledge.seed import seed
from settings import PROJECT_ROOT

DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
TOPICS = ("language_courses", "employment_te_services", "ngo_activities", "early_education", "health_care", "housing")
GROUPS = ("women", "youth", "families", "seniors", "job_seekers", "asylum_seekers", "children", "everyone")
LANGUAGES = ("fi", "sv", "en", "ar", "ru", "so", "fa", "uk", "et", "tr")
FINNISH = (
    ("Kielikahvila", "Keskustellaan suomeksi kahvin äärellä, kaikki tervetulleita."),
    ("Suomen kielen kurssi naisille", "Kurssilla harjoitellaan arjen suomea pienryhmässä."),
    ("Läksykerho", "Läksyapua koululaisille ja vanhemmille iltapäivisin."),
    ("Työnhakuklinikka", "Apua CV:n ja työhakemuksen tekemiseen."),
    ("Ompelupiiri", "Naisten ompelupiiri, lastenhoito järjestetty."),
    ("Digituki", "Neuvontaa sähköisiin palveluihin ja pankkitunnuksiin."),
    ("Perhekerho", "Vanhemmat ja lapset leikkivät ja laulavat yhdessä."),
    ("Asumisneuvonta", "Neuvoja vuokra-asunnon hakemiseen ja asumiseen."),
    ("Nuorten ilta", "Pelejä, liikuntaa ja ohjaajia nuorille."),
    ("Senioripiiri", "Ikääntyneiden maahanmuuttajien tapaamiset ja retket."),
)
ENGLISH = (
    ("Language café", "Practise Finnish over coffee; everyone is welcome."),
    ("Job search clinic", "Help with CVs, job applications and interviews."),
    ("Homework club", "Homework help for pupils and their parents."),
    ("Women's sewing circle", "Sewing together; childcare provided."),
    ("Digital help desk", "Advice on online services and bank IDs."),
)
QUERIES: tuple[tuple[str, dict[str, Any]], ...] = (
    ("municipality", {"municipality_code": "091"}),
    ("municipality + topic", {"municipality_code": "564", "topic": "language_courses"}),
    ("municipality + group + language", {"municipality_code": "049", "target_group": "women", "language": "ar"}),
    ("words: kielikahvilassa", {"words": "kielikahvilassa"}),
    ("words: suomen kielen kursseja naisille", {"words": "suomen kielen kursseja naisille"}),
    ("words: language cafes", {"words": "language cafes"}),
    ("words + municipality: läksyapua Tampere", {"words": "läksyapua", "municipality_code": "837"}),
    ("no criteria", {}),
)


def generate(engine: Engine, count: int, seed_value: int = 7) -> float:
    """Seed the real content, then bulk-insert `count` generated listings with their terms."""
    seed(engine)
    rng = random.Random(seed_value)
    started = time.perf_counter()
    with session_factory(engine)() as session, session.begin():
        places = session.execute(select(Municipality.code, Municipality.name_fi, Municipality.name_sv)).all()
        weights = [1 + (30 if code in ("091", "049", "092", "837", "564", "853") else 0) for code, _, _ in places]
        organisation_ids = []
        for number in range(300):
            result = session.execute(
                insert(Organisation).values(
                    key=f"bench-org-{number}",
                    kind="ngo",
                    name_fi=f"Yhdistys {number}",
                    name_sv=f"Förening {number}",
                    name_en=f"Association {number}",
                    url="https://example.org",
                )
            )
            organisation_ids.append(result.inserted_primary_key[0])
        first_id = int(session.scalar(select(func.coalesce(func.max(ServiceListing.id), 0)))) + 1
        batch = 5000
        for start in range(0, count, batch):
            listings, translations, served, topics, terms = [], [], [], [], []
            for listing_id in range(first_id + start, first_id + min(start + batch, count)):
                chosen = rng.choices(places, weights, k=1 if rng.random() < 0.95 else rng.randint(2, 12))
                chosen = list({place[0]: place for place in chosen}.values())
                listing_topics = rng.sample(TOPICS, rng.randint(1, 2))
                groups = rng.sample(GROUPS, rng.randint(0, 2))
                languages = rng.sample(LANGUAGES, rng.randint(0, 3))
                fi_name, fi_text = rng.choice(FINNISH)
                en_name, en_text = rng.choice(ENGLISH)
                listings.append(
                    {
                        "id": listing_id,
                        "key": f"bench-{listing_id}",
                        "organisation_id": rng.choice(organisation_ids),
                        "url": "https://example.org",
                        "languages_served": ",".join(languages),
                        "target_groups": ",".join(groups),
                        "status": PUBLISHED,
                        "municipality_count": len(chosen),
                        "valid_to": dt.date(2026, 1, 1) if rng.random() < 0.05 else None,
                    }
                )
                translations += [
                    {
                        "service_id": listing_id,
                        "language": "fi",
                        "name": f"{fi_name} {listing_id}",
                        "description": fi_text,
                    },
                    {
                        "service_id": listing_id,
                        "language": "en",
                        "name": f"{en_name} {listing_id}",
                        "description": en_text,
                    },
                ]
                served += [{"service_id": listing_id, "municipality_code": code} for code, _, _ in chosen]
                topics += [{"service_id": listing_id, "topic_key": key} for key in listing_topics]
                words = ListingWords(
                    municipality_codes=[code for code, _, _ in chosen],
                    topics=list(listing_topics),
                    target_groups=groups,
                    languages_served=languages,
                    texts=[("fi", f"{fi_name} {fi_text}"), ("en", f"{en_name} {en_text}")]
                    + [("fi", name_fi) for _, name_fi, _ in chosen]
                    + [("sv", name_sv) for _, _, name_sv in chosen],
                    names=[("fi", f"{fi_name} {listing_id}"), ("en", f"{en_name} {listing_id}")],
                )
                terms += [{"term": term, "reach": len(chosen), "listing_id": listing_id} for term in terms_of(words)]
            session.execute(insert(ServiceListing), listings)
            session.execute(insert(ServiceListingTranslation), translations)
            session.execute(insert(service_municipality), served)
            session.execute(insert(service_topic), topics)
            session.execute(insert(ListingTerm), terms)
        refresh_term_counts(session)
    # Statistics for the planner, as autovacuum would gather them after a bulk load (PostgreSQL's
    # VACUUM also marks pages all-visible, so index-only scans need not visit the table).
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"))
    return time.perf_counter() - started


def like_scan(session: Session, criteria: Criteria, limit: int = 20) -> list[int]:
    """The baseline: every word as LIKE '%word%' over names and descriptions, criteria by joins."""
    query = select(ServiceListing.id).where(ServiceListing.shown_on(criteria.today))
    if criteria.municipality_code:
        query = query.where(
            ServiceListing.id.in_(
                select(service_municipality.c.service_id).where(
                    service_municipality.c.municipality_code == criteria.municipality_code
                )
            )
        )
    if criteria.topic:
        query = query.where(
            ServiceListing.id.in_(select(service_topic.c.service_id).where(service_topic.c.topic_key == criteria.topic))
        )
    if criteria.target_group:
        query = query.where(ServiceListing.target_groups.like(f"%{criteria.target_group}%"))
    if criteria.language:
        query = query.where(
            or_(ServiceListing.languages_served == "", ServiceListing.languages_served.like(f"%{criteria.language}%"))
        )
    for word in (criteria.words or "").split():
        pattern = f"%{word.lower()}%"
        query = query.where(
            ServiceListing.id.in_(
                select(ServiceListingTranslation.service_id).where(
                    or_(
                        func.lower(ServiceListingTranslation.name).like(pattern),
                        func.lower(ServiceListingTranslation.description).like(pattern),
                    )
                )
            )
        )
    query = query.order_by(ServiceListing.municipality_count, ServiceListing.id).limit(limit)
    return list(session.scalars(query))


@dataclass
class Measured:
    latencies_ms: list[float]
    results: int


def measure(engine: Engine, how: Callable[[Session, Criteria], list[Any]], criteria: Criteria, repeat: int) -> Measured:
    latencies, results = [], 0
    factory = session_factory(engine)
    for _ in range(repeat):
        with factory() as session:
            started = time.perf_counter()
            found = how(session, criteria)
            latencies.append((time.perf_counter() - started) * 1000)
            results = len(found)
    return Measured(latencies, results)


def summary(values: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(values), 2),
        "p95_ms": round(percentile(values, 0.95), 2),
        "count": len(values),
    }


def run_backend(engine: Engine, listings: int, queries: int, baseline_queries: int) -> dict[str, Any]:
    generated_s = generate(engine, listings)
    today = dt.date(2026, 11, 23)
    indexed: list[float] = []
    ranked: list[float] = []
    scanned: list[float] = []
    per_query = []
    for label, fields in QUERIES:
        criteria = Criteria(today=today, **fields)
        measure(engine, search, criteria, 2)
        ours = measure(engine, search, criteria, queries)
        ids_only = measure(engine, ranked_ids, criteria, queries)
        theirs = measure(engine, like_scan, criteria, baseline_queries)
        indexed += ours.latencies_ms
        ranked += ids_only.latencies_ms
        scanned += theirs.latencies_ms
        per_query.append(
            {
                "query": label,
                "results": ours.results,
                "index": summary(ours.latencies_ms),
                "ranked_ids": summary(ids_only.latencies_ms),
                "like_scan": summary(theirs.latencies_ms),
            }
        )
    with session_factory(engine)() as session:
        total = session.scalar(select(func.count()).select_from(ServiceListing))
        terms = session.scalar(select(func.count()).select_from(ListingTerm))
    return {
        "listings": total,
        "terms": terms,
        "generate_and_index_s": round(generated_s, 1),
        "index": summary(indexed),
        "ranked_ids": summary(ranked),
        "like_scan": summary(scanned),
        "queries": per_query,
    }


def postgres_database(admin_url: str) -> tuple[str, Callable[[], None]]:
    admin = create_engine(admin_url, future=True, isolation_level="AUTOCOMMIT")
    name = f"alku_bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


def table(results: dict[str, Any]) -> str:
    lines = [
        "p50/p95: a page of 20 results with their details; ids p95: finding and ranking them only;",
        "LIKE p95: the same page's ids found by scanning names and descriptions (the baseline);",
        "ratio: LIKE p95 / ids p95 (finding only, on both sides).",
        f"{'backend':<11} {'query':<42} {'results':>7} {'p50 ms':>8} {'p95 ms':>8} {'ids p95':>8}"
        f" {'LIKE p95':>9} {'ratio':>7}",
    ]
    for backend, measured in results["backends"].items():
        for row in measured["queries"] + [{"query": "all queries", "results": "", **measured}]:
            ours, found, theirs = row["index"], row["ranked_ids"], row["like_scan"]
            lines.append(
                f"{backend:<11} {row['query']:<42} {row['results']!s:>7} {ours['p50_ms']:>8.2f} {ours['p95_ms']:>8.2f}"
                f" {found['p95_ms']:>8.2f} {theirs['p95_ms']:>9.2f}"
                f" {theirs['p95_ms'] / max(found['p95_ms'], 0.01):>6.1f}x"
            )
    return "\n".join(lines)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=40, help="timed runs of each query through the index")
    parser.add_argument("--baseline-queries", type=int, default=5, help="timed runs of each LIKE scan")
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="admin URL; a throw-away database is made")
    parser.add_argument("--out", default=None)
    args = parser.parse_args(argv)
    results: dict[str, Any] = {
        "when": dt.datetime.now().isoformat(timespec="seconds"),
        "listings": args.listings,
        "backends": {},
    }
    workdir = PROJECT_ROOT / "var" / "bench"
    workdir.mkdir(parents=True, exist_ok=True)
    sqlite_path = workdir / f"search-{uuid.uuid4().hex[:8]}.db"
    engine = make_engine(f"sqlite:///{sqlite_path}")
    try:
        results["backends"]["sqlite"] = run_backend(engine, args.listings, args.queries, args.baseline_queries)
    finally:
        engine.dispose()
        for suffix in ("", "-wal", "-shm"):
            sqlite_path.with_name(sqlite_path.name + suffix).unlink(missing_ok=True)
    url, drop = postgres_database(args.postgres)
    engine = make_engine(url)
    try:
        results["backends"]["postgresql"] = run_backend(engine, args.listings, args.queries, args.baseline_queries)
    finally:
        engine.dispose()
        drop()
    print(table(results))
    out = args.out or RESULTS / f"search-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    RESULTS.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(results, handle, indent=2, ensure_ascii=False)
    print(f"written: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
