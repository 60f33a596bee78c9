"""Free-text and criteria search through the term index, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, func, select

from knowledge.db import open_session
from knowledge.editing import Editor
from knowledge.listings import listing_json, save_listing
from knowledge.models import ListingTerm, ServiceListing, TermCount
from knowledge.search import Criteria, index_missing, refresh_term_counts, search, stem, words_of
from knowledge.services import find_services

LANGUAGES = ("fi", "sv", "en", "ru", "uk", "et", "ar", "fa", "so", "tr")
EDITOR = Editor(None, "test@alku.fi")


def club(key: str, **changes):
    listing = {
        "key": key,
        "organisation": "oulu_city",
        "url": "https://example.org/club",
        "municipalities": ["564"],
        "topics": ["ngo_activities"],
        "target_groups": ["women"],
        "languages": ["fi", "ar"],
        "status": "published",
        "translations": {
            "fi": {"name": "Naisten kielikerho", "description": "Suomen kielen keskustelukerho torstaisin."},
            "en": {"name": "Women's language club", "description": "Finnish conversation club on Thursdays."},
        },
    }
    listing.update(changes)
    return listing


@pytest.fixture
def db(fresh_db_url):
    with open_session(fresh_db_url) as session, session.begin():
        save_listing(session, club("oulu-women-club"), EDITOR, LANGUAGES)
        save_listing(
            session,
            club(
                "oulu-youth-football",
                target_groups=["youth"],
                languages=[],
                translations={"fi": {"name": "Nuorten jalkapallo", "description": "Maksuton harrastus nuorille."}},
            ),
            EDITOR,
            LANGUAGES,
        )
    return fresh_db_url


def keys(url, **criteria):
    with open_session(url) as session:
        return {listing.key for listing in search(session, Criteria(**criteria))}


@pytest.mark.parametrize(
    "words",
    [
        "kielikerhoon",  # illative: "to the language club"
        "kielikerhoissa",  # plural inessive
        "naisille kielikerho",
        "Naisten KIELIKERHO",
        "kielikerho naisten",
        "language clubs",
        "women",
        "kieli",  # a prefix, as typed
        "Oulussa",  # the place served, inflected
        "Uleåborg",  # and in Swedish
    ],
)
def test_inflected_and_partial_words_find_the_listing(db, words):
    assert "oulu-women-club" in keys(db, words=words)


@pytest.mark.parametrize("words", ["swimming", "zz", "uinti Vaasa"])
def test_words_that_match_nothing_find_nothing(db, words):
    assert "oulu-women-club" not in keys(db, words=words)


def ranked(url, **criteria):
    with open_session(url) as session:
        return [listing.key for listing in search(session, Criteria(**criteria))]


def test_listings_with_every_word_come_first_then_those_with_the_most_words(db):
    assert set(ranked(db, words="nuorten kielikerho")) == {"oulu-youth-football", "oulu-women-club"}
    assert ranked(db, words="naisten kielikerho jalkapallo") == ["oulu-women-club", "oulu-youth-football"]
    assert "oulu-women-club" in ranked(db, words="kielikerho Vaasa"), "some of the words are enough"
    assert ranked(db, municipality_code="905", words="kielikerho naisten") == [], "criteria other than words stay"


def test_criteria_narrow_the_results(db):
    assert keys(db, municipality_code="564", target_group="women", words="kerho") == {"oulu-women-club"}
    assert "oulu-youth-football" in keys(db, municipality_code="564", target_group="youth")
    assert not keys(db, municipality_code="905", words="kielikerho")
    assert not keys(db, topic="housing", words="kielikerho")


def test_a_language_filter_finds_only_listings_that_say_they_serve_it(db):
    assert "oulu-women-club" in keys(db, municipality_code="564", language="ar")
    assert "oulu-youth-football" not in keys(db, municipality_code="564", language="ar"), "its languages are unknown"
    assert "oulu-women-club" not in keys(db, municipality_code="564", language="so")


def test_finnish_course_words_in_any_order_find_oulus_finnish_lessons(session):
    found = [card.key for card in find_services(session, municipality_code="564", words="suomen kielen kurssi")]
    assert found and found[0] == "oulu_villa_victor"
    assert "espoo_library_language_cafe" in [card.key for card in find_services(session, words="language cafe")]


def test_a_draft_or_ended_listing_is_not_found(db):
    with open_session(db) as session, session.begin():
        listing = session.scalars(select(ServiceListing).where(ServiceListing.key == "oulu-women-club")).one()
        save_listing(session, {**listing_json(listing), "valid_to": "2026-06-30"}, EDITOR, LANGUAGES, listing)
    assert "oulu-women-club" not in keys(db, words="kielikerho", today=dt.date(2026, 11, 23))
    assert "oulu-women-club" in keys(db, words="kielikerho", today=dt.date(2026, 6, 1))
    with open_session(db) as session, session.begin():
        listing = session.scalars(select(ServiceListing).where(ServiceListing.key == "oulu-women-club")).one()
        save_listing(
            session, {**listing_json(listing), "status": "draft", "valid_to": None}, EDITOR, LANGUAGES, listing
        )
    assert "oulu-women-club" not in keys(db, words="kielikerho")


def test_saving_a_listing_replaces_its_terms(db):
    with open_session(db) as session, session.begin():
        listing = session.scalars(select(ServiceListing).where(ServiceListing.key == "oulu-women-club")).one()
        changed = listing_json(listing)
        changed["translations"] = {"fi": {"name": "Ompelupiiri", "description": "Ommellaan yhdessä."}}
        changed["municipalities"] = ["905"]
        save_listing(session, changed, EDITOR, LANGUAGES, listing)
    assert "oulu-women-club" not in keys(db, words="kielikerho")
    assert "oulu-women-club" not in keys(db, municipality_code="564")
    assert "oulu-women-club" in keys(db, words="ompelupiiriin", municipality_code="905")


def test_seeded_listings_are_indexed_and_found_in_the_search_words_of_their_language(session):
    with_terms = session.scalar(select(func.count(func.distinct(ListingTerm.listing_id))))
    assert with_terms == session.scalar(select(func.count()).select_from(ServiceListing))
    assert index_missing(session) == 0
    assert find_services(session, municipality_code="905", words="kielikurssi")


def test_results_are_the_most_local_first_and_limited(session):
    listings = find_services(session, limit=5)
    assert len(listings) == 5
    counts = [len(listing.municipalities) for listing in listings]
    assert counts == sorted(counts)


def test_stemming_follows_the_language():
    assert stem("kielikursseja", "fi") == stem("kielikurssit", "fi")
    assert stem("courses", "en") == stem("course", "en")
    assert stem("språkkurser", "sv") == stem("språkkursen", "sv")
    assert stem("курсы", "ru") == stem("курсов", "ru")
    assert stem("kurslar", "so") == "kurslar"  # no Somali stemmer: the word as written


def test_words_ignore_numbers_and_punctuation():
    assert words_of("Kela-kortti, 24/7 apu!") == ["kela", "kortti", "apu"]


@pytest.mark.parametrize(
    "criteria",
    [
        {"municipality_code": "564", "words": "kerho"},
        {"municipality_code": "564", "target_group": "women", "language": "ar"},
        {"words": "naisten kielikerho oulussa"},
        {"topic": "ngo_activities", "words": "kielikerho"},
    ],
)
def test_results_do_not_depend_on_the_term_statistics(db, criteria):
    """The statistics only choose where a query starts: stale, fresh or missing, the results are the same."""
    with open_session(db) as session, session.begin():
        session.execute(delete(TermCount))
    without = keys(db, **criteria)
    with open_session(db) as session, session.begin():
        assert refresh_term_counts(session) > 0
    assert keys(db, **criteria) == without
    assert without, "the case finds something"
