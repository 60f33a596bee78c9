"""Searching listings by criteria and free text through one inverted index of terms.

Why a term table rather than LIKE or each database's own full-text engine: it behaves the same on
SQLite and PostgreSQL, Snowball stemmers handle inflection ("kielikursseja" and "kielikurssit" meet
at "kielikurs"), and every criterion (municipality, topic, target group, language served) is
answered from the same B-tree, so a search among 100,000 listings reads only the rows it needs.

Terms: `m:<code>`, `t:<topic>`, `g:<group>`, `l:<language>` (`l:*` when a listing names none: a
language criterion does not find it, since nobody knows whether it serves that language) and
`w:<word>` for every word of the names, descriptions, organisation and the municipalities served,
both as written (folded) and stemmed, and `s:<tail>` for the tails of the names' words (compounds)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any, Optional

import snowballstemmer
from sqlalchemy import and_, case, delete, exists, func, insert, literal_column, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from knowledge.cards import ListingCard, listing_cards
from knowledge.models import ListingTerm, ServiceListing, TermCount
from knowledge.places import fold

ANY_LANGUAGE = "l:*"
MIN_PREFIX = 3
MIN_PART = 4
COMMON = 5000
TERM_LENGTH = 80
_LAST = "\U0010ffff"
_WORD = re.compile(r"\w+", re.UNICODE)
STEMMERS = {
    "fi": "finnish",
    "sv": "swedish",
    "en": "english",
    "et": "estonian",
    "tr": "turkish",
    "ru": "russian",
    "ar": "arabic",
}
_BY_SCRIPT = {"LATIN": ("fi", "sv", "en", "et", "tr"), "CYRILLIC": ("ru",), "ARABIC": ("ar",)}
# The search runs on the tables (SQLAlchemy Core): building ORM statements cost more than running them.
_TERMS = ListingTerm.__table__
_TERM_COUNTS = TermCount.__table__
_LISTINGS = ServiceListing.__table__


@cache
def _stemmer(language: str) -> snowballstemmer.basestemmer.BaseStemmer:
    return snowballstemmer.stemmer(STEMMERS[language])


@lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    """The folded stem of a lowercase word; unchanged for languages without a Snowball stemmer."""
    if language not in STEMMERS:
        return fold(word)
    return fold(_stemmer(language).stemWord(word))


def script_of(word: str) -> str:
    for char in word:
        if char.isalpha():
            return unicodedata.name(char, "LATIN").split(" ", 1)[0]
    return "LATIN"


def words_of(text: str) -> list[str]:
    return [word for word in _WORD.findall(unicodedata.normalize("NFC", text).lower()) if not word.isdigit()]


def word_terms(text: str, language: str) -> set[str]:
    terms = set()
    for word in words_of(text):
        terms.add(f"w:{fold(word)}"[:TERM_LENGTH])
        terms.add(f"w:{stem(word, language)}"[:TERM_LENGTH])
    return terms


def name_part_terms(name: str, language: str) -> set[str]:
    """The tails of a name's words, so that a part of a compound finds it ("kerho" → "Kielikerho").

    Only names: Finnish and Swedish compounds are long, and every tail of every description word
    would multiply the index."""
    terms = set()
    for word in words_of(name):
        stemmed = stem(word, language)
        terms |= {f"s:{stemmed[start:]}"[:TERM_LENGTH] for start in range(1, len(stemmed) - MIN_PART + 1)}
    return terms


@dataclass
class ListingWords:
    """What of a listing is searched, as plain values (the bench generator indexes without the ORM)."""

    municipality_codes: list[str]
    topics: list[str]
    target_groups: list[str]
    languages_served: list[str]
    texts: list[tuple[str, str]]
    """(language, text): names and descriptions, the organisation's and the places' names."""
    names: list[tuple[str, str]] = field(default_factory=list)
    """(language, name): the listing's own names, whose compound parts are searchable too."""


def terms_of(words: ListingWords) -> set[str]:
    terms = {f"m:{code}" for code in words.municipality_codes}
    terms |= {f"t:{topic}" for topic in words.topics}
    terms |= {f"g:{group}" for group in words.target_groups}
    terms |= {f"l:{code}" for code in words.languages_served} or {ANY_LANGUAGE}
    for language, text in words.texts:
        terms |= word_terms(text, language)
    for language, name in words.names:
        terms |= name_part_terms(name, language)
    return terms


def listing_terms(listing: ServiceListing) -> set[str]:
    organisation = listing.organisation
    texts = [(t.language, f"{t.name} {t.description}") for t in listing.translations]
    texts += [
        ("fi", organisation.name_fi or ""),
        ("sv", organisation.name_sv or ""),
        ("en", organisation.name_en or ""),
    ]
    for place in listing.municipalities:
        texts += [("fi", place.name_fi), ("sv", place.name_sv)]
    return terms_of(
        ListingWords(
            municipality_codes=[place.code for place in listing.municipalities],
            topics=[topic.key for topic in listing.topics],
            target_groups=listing.target_group_keys,
            languages_served=listing.language_codes,
            texts=texts,
            names=[(t.language, t.name) for t in listing.translations],
        )
    )


def index_listing(session: Session, listing: ServiceListing) -> None:
    """Replace the listing's terms; called whenever a listing is saved."""
    session.flush()
    session.execute(delete(ListingTerm).where(ListingTerm.listing_id == listing.id))
    listing.municipality_count = len(listing.municipalities)
    rows = [
        {"term": term, "reach": listing.municipality_count, "listing_id": listing.id}
        for term in sorted(listing_terms(listing))
    ]
    if rows:
        session.execute(insert(ListingTerm), rows)


def index_missing(session: Session) -> int:
    """Index listings that have no terms yet (seeded before the index existed, or bulk-inserted)."""
    missing = session.scalars(
        select(ServiceListing).where(~exists().where(ListingTerm.listing_id == ServiceListing.id))
    ).all()
    for listing in missing:
        index_listing(session, listing)
    return len(missing)


def _query_alternatives(word: str) -> tuple[set[str], set[str]]:
    """Exact terms and prefixes that a listing may match for one word the user typed."""
    folded = fold(word)
    languages = _BY_SCRIPT.get(script_of(word), ())
    candidates = {folded} | {stem(word, language) for language in languages}
    # Finnish and Estonian stems still differ at the end (kurssi/kursseja → kurssi/kurssej):
    # the stem without its last two letters meets both.
    candidates |= {stem(word, language)[:-2] for language in ("fi", "et") if language in languages}
    candidates = {candidate for candidate in candidates if len(candidate) >= 2}
    exact = {f"w:{c}" for c in candidates if len(c) < MIN_PREFIX}
    prefixes = {f"w:{c}" for c in candidates if len(c) >= MIN_PREFIX}
    prefixes |= {f"s:{c}" for c in candidates if len(c) >= MIN_PART}
    shortest = {p for p in prefixes if not any(p != q and p.startswith(q) for q in prefixes)}
    return {e for e in exact if not any(e.startswith(q) for q in shortest)}, shortest


@dataclass
class Criteria:
    municipality_code: Optional[str] = None
    topic: Optional[str] = None
    language: Optional[str] = None
    target_group: Optional[str] = None
    words: Optional[str] = None
    today: dt.date = field(default_factory=dt.date.today)


def _term_condition(columns: Any, exact: Iterable[str], prefixes: Iterable[str] = ()) -> Any:
    exact = list(exact)
    conditions = [columns.term.in_(exact)] if exact else []
    for prefix in prefixes:
        conditions.append(and_(columns.term >= prefix, columns.term < prefix + _LAST))
    return or_(*conditions)


def _alternatives(criteria: Criteria) -> list[tuple[list[str], set[str]]]:
    """Per criterion, the exact terms and prefixes of which a listing must have at least one."""
    wanted: list[tuple[list[str], set[str]]] = []
    if criteria.municipality_code:
        wanted.append(([f"m:{criteria.municipality_code}"], set()))
    if criteria.topic:
        wanted.append(([f"t:{criteria.topic}"], set()))
    if criteria.target_group:
        wanted.append(([f"g:{criteria.target_group}"], set()))
    if criteria.language:
        wanted.append(([f"l:{criteria.language}"], set()))
    for word in dict.fromkeys(words_of(criteria.words or "")):
        exact, prefixes = _query_alternatives(word)
        wanted.append((sorted(exact), prefixes))
    return wanted


def _has(listing_id: Any, exact: list[str], prefixes: set[str]) -> Any:
    """The listing has one of the terms: probed per listing. (A LIMIT keeps PostgreSQL from turning
    the probe into a join that it would start from, misjudging how many postings a prefix has.)"""
    term = _TERMS.alias()
    probe = select(literal_column("1")).where(term.c.listing_id == listing_id, _term_condition(term.c, exact, prefixes))
    return probe.limit(1).scalar_subquery().isnot(None)


def _postings(session: Session, wanted: list[tuple[list[str], set[str]]]) -> list[int]:
    """About how many postings each criterion has, from the term statistics, in one query (0 for terms
    newer than the statistics)."""
    counts = _TERM_COUNTS.c
    conditions = [_term_condition(counts, exact, prefixes) for exact, prefixes in wanted]
    sums = [func.coalesce(func.sum(case((condition, counts.listings), else_=0)), 0) for condition in conditions]
    row = session.execute(select(*sums).where(or_(*conditions))).one()
    return [int(value or 0) for value in row]


def refresh_term_counts(session: Session) -> int:
    """Recount the postings of every term (seconds at 100,000 listings): after seeding and imports."""
    session.execute(delete(TermCount))
    counted = select(ListingTerm.term, func.count()).group_by(ListingTerm.term)
    session.execute(insert(TermCount).from_select(["term", "listings"], counted))
    return int(session.scalar(select(func.count()).select_from(TermCount)) or 0)


def _single(criterion: tuple[list[str], set[str]]) -> bool:
    exact, prefixes = criterion
    return len(exact) == 1 and not prefixes


def _anchor(session: Session, wanted: list[tuple[list[str], set[str]]]) -> Optional[int]:
    """The criterion a query starts from: the one with the fewest postings, a single term on a tie.
    None when walking the listings in rank order meets a page of hits soonest: no criterion, or every
    one common."""
    if not wanted:
        return None
    if len(wanted) == 1 and _single(wanted[0]):
        return 0
    sizes = _postings(session, wanted)
    anchor_at = min(range(len(wanted)), key=lambda index: (sizes[index], not _single(wanted[index])))
    return None if sizes[anchor_at] >= COMMON and not _single(wanted[anchor_at]) else anchor_at


def _page_of_ids(session: Session, criteria: Criteria, limit: int, offset: int = 0) -> Select:
    """(reach, id) of one page of results, ranked by reach (fewest municipalities first), then id.

    The query starts from the criterion with the fewest postings (the anchor) and checks the others
    per listing. A single-term anchor (a municipality, topic or target group) has its postings in
    rank order in the index, so the walk stops after `limit` hits; a rare word's postings are
    collected and sorted; when every criterion is common, the listings are walked in rank order.
    `+ 0` keeps the planner from starting at the listings table when it should not."""
    listing = _LISTINGS.c
    published = ServiceListing.shown_on(criteria.today, listing)
    wanted = _alternatives(criteria)
    anchor_at = _anchor(session, wanted)
    if anchor_at is None:
        query = select(listing.municipality_count, listing.id).where(published)
        for exact, prefixes in wanted:
            query = query.where(_has(listing.id, exact, prefixes))
        return query.order_by(listing.municipality_count, listing.id).limit(limit).offset(offset)
    anchor_terms = _TERMS.alias()
    anchor = anchor_terms.c
    query = (
        select(anchor.reach, anchor.listing_id)
        .join_from(anchor_terms, _LISTINGS, listing.id == anchor.listing_id + 0)
        .where(_term_condition(anchor, *wanted[anchor_at]), published)
    )
    for index, (exact, prefixes) in enumerate(wanted):
        if index != anchor_at:
            query = query.where(_has(anchor.listing_id, exact, prefixes))
    if not _single(wanted[anchor_at]):
        query = query.distinct()
    return query.order_by(anchor.reach, anchor.listing_id).limit(limit).offset(offset)


def ranked_ids(session: Session, criteria: Criteria, limit: int = 20, offset: int = 0) -> list[int]:
    """Listings with every word, the most local first; then, when words were typed, those with only some
    of them, the most words first ("suomen kielen kurssi" finds "suomen kielen opetusta … kursseja")."""
    strict = [listing_id for _reach, listing_id in session.execute(_page_of_ids(session, criteria, limit, offset))]
    words = _alternatives(Criteria(words=criteria.words))
    if len(strict) == limit or len(words) < 2:
        return strict
    every_word = offset + len(strict) if strict or not offset else _count(session, criteria)
    partial = _partial_ids(session, criteria, words, limit - len(strict), max(0, offset - every_word))
    return strict + partial


def _count(session: Session, criteria: Criteria) -> int:
    page = _page_of_ids(session, criteria, limit=1).limit(None).offset(None).subquery()
    return int(session.scalar(select(func.count()).select_from(page)) or 0)


def _partial_ids(
    session: Session, criteria: Criteria, words: list[tuple[list[str], set[str]]], limit: int, offset: int
) -> list[int]:
    """Listings meeting every criterion but the words, with some but not all of the words: the most
    words first, then the most local."""
    listing = _LISTINGS.c
    hits = [case((_has(listing.id, exact, prefixes), 1), else_=0) for exact, prefixes in words]
    score = hits[0]
    for hit in hits[1:]:
        score = score + hit
    term = _TERMS.c
    any_word = select(term.listing_id).where(
        or_(*(_term_condition(term, exact, prefixes) for exact, prefixes in words))
    )
    scored = select(listing.id.label("id"), listing.municipality_count.label("reach"), score.label("score")).where(
        ServiceListing.shown_on(criteria.today, listing), listing.id.in_(any_word)
    )
    structured = Criteria(
        municipality_code=criteria.municipality_code,
        topic=criteria.topic,
        language=criteria.language,
        target_group=criteria.target_group,
    )
    for exact, prefixes in _alternatives(structured):
        scored = scored.where(_has(listing.id, exact, prefixes))
    ranked = scored.subquery()
    query = (
        select(ranked.c.id)
        .where(ranked.c.score < len(words))
        .order_by(ranked.c.score.desc(), ranked.c.reach, ranked.c.id)
        .limit(limit)
        .offset(offset)
    )
    return list(session.scalars(query))


def search(session: Session, criteria: Criteria, limit: int = 20, offset: int = 0) -> list[ListingCard]:
    """Published listings valid on the day that meet the criteria, best match and the most local first."""
    return listing_cards(session, ranked_ids(session, criteria, limit, offset))
