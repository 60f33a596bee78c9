import csv
from pathlib import Path

from sqlalchemy import func, select

from knowledge.db import make_engine, open_session
from knowledge.models import AnswerTranslation, Municipality, ServiceListing
from knowledge.seed import seed

ROOT = Path(__file__).resolve().parents[3]


def test_all_municipalities_with_finnish_and_swedish_names(session):
    assert session.scalar(select(func.count()).select_from(Municipality)) == 308
    vaasa = session.get(Municipality, "905")
    assert (vaasa.name_fi, vaasa.name_sv) == ("Vaasa", "Vasa")
    assert session.get(Municipality, "478").name_fi == "Maarianhamina"


def test_municipality_data_is_a_copy_inside_the_project():
    rows = list(csv.DictReader((ROOT / "knowledge" / "data" / "municipalities.csv").open(encoding="utf-8")))
    assert len(rows) == 308


def test_every_answer_has_an_official_https_source_and_review_dates(session):
    translations = session.scalars(select(AnswerTranslation)).all()
    assert len(translations) >= 25 * 3
    for translation in translations:
        assert translation.source_url.startswith("https://"), translation.source_url
        assert translation.reviewed_on <= translation.review_by


def test_emergency_answer_always_gives_112(session):
    emergency = [t for t in session.scalars(select(AnswerTranslation)).all() if t.answer.topic_key == "emergency"]
    assert emergency and all("112" in translation.text for translation in emergency)


def test_seeding_again_adds_nothing_and_keeps_edits(fresh_db_url):
    with open_session(fresh_db_url) as session, session.begin():
        listing = session.scalars(select(ServiceListing).where(ServiceListing.key == "oulu_villa_victor")).one()
        listing.phone = "edited by an editor"
    counts = seed(make_engine(fresh_db_url))
    assert set(counts.values()) == {0}
    with open_session(fresh_db_url) as session:
        listing = session.scalars(select(ServiceListing).where(ServiceListing.key == "oulu_villa_victor")).one()
        assert listing.phone == "edited by an editor"
