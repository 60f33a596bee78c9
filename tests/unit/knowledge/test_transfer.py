"""Import and export of answers and listings: round trips, line-numbered errors, all or nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from knowledge.db import open_session
from knowledge.editing import Editor
from knowledge.models import AnswerTranslation, ContentChange, ServiceListing
from knowledge.services import find_services
from knowledge.transfer import (
    ANSWERS,
    LISTINGS,
    FileError,
    answer_rows,
    import_answers,
    import_listings,
    listing_columns,
    listing_rows,
    read_rows,
    write_file,
)

LANGUAGES = ("fi", "sv", "en", "ru", "uk", "et", "ar", "fa", "so", "tr")
EDITOR = Editor(None, "import@alku.fi")
NEXT_YEAR = (dt.date.today() + dt.timedelta(days=365)).isoformat()


def allow_all(*_args):
    return None


def csv_file(*rows: dict[str, str], columns=None) -> bytes:
    columns = columns or listing_columns(LANGUAGES)
    lines = [",".join(columns)]
    for row in rows:
        lines.append(",".join(_quoted(row.get(column, "")) for column in columns))
    return ("\n".join(lines) + "\n").encode()


def _quoted(value: str) -> str:
    return '"' + value.replace('"', '""') + '"' if any(c in value for c in ',"\n') else value


def cafe(key="vaasa-thursday-cafe", **changes) -> dict[str, str]:
    row = {
        "key": key,
        "organisation": "vaasa_city",
        "url": "https://example.org/cafe",
        "status": "published",
        "municipalities": "905",
        "topics": "language_courses ngo_activities",
        "target_groups": "women everyone",
        "languages": "fi ar",
        "opening_hours": "thu 17:00-19:00",
        "appointment_needed": "no",
        "name_fi": "Torstain kielikahvila",
        "description_fi": "Puhutaan suomea kahvin äärellä.",
        "name_ar": "مقهى اللغة يوم الخميس",
    }
    row.update(changes)
    return row


def run_listings(url, payload: bytes, file_format="csv", refuse=allow_all, progress=None):
    rows = read_rows(payload, file_format, LISTINGS, LANGUAGES)
    with open_session(url) as session:
        result = import_listings(session, rows, file_format, EDITOR, LANGUAGES, refuse, progress)
        session.commit() if result.ok else session.rollback()
    return result


def counts(url):
    with open_session(url) as session:
        return (
            session.scalar(select(func.count()).select_from(ServiceListing)),
            session.scalar(select(func.count()).select_from(ContentChange)),
            session.scalar(select(func.count()).select_from(AnswerTranslation)),
        )


@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_an_export_imported_back_changes_nothing(fresh_db_url, file_format):
    with open_session(fresh_db_url) as session:
        exported = write_file(LISTINGS, file_format, listing_rows(session, lambda _: True), LANGUAGES)
    before = counts(fresh_db_url)
    result = run_listings(fresh_db_url, exported.encode(), file_format)
    assert result.ok, result.errors[:3]
    assert (result.created, result.updated, result.unchanged) == (0, 0, before[0])
    assert counts(fresh_db_url) == before


def test_a_spreadsheet_export_opens_in_finnish_excel_and_reads_back_unchanged(fresh_db_url):
    with open_session(fresh_db_url) as session:
        exported = write_file(LISTINGS, "csv", listing_rows(session, lambda _: True), LANGUAGES, spreadsheet=True)
    header = exported.splitlines()[0]
    assert exported.startswith("\ufeffkey;") and "," not in header, "a byte-order mark, then semicolons"
    before = counts(fresh_db_url)
    result = run_listings(fresh_db_url, exported.encode("utf-8"), "csv")
    assert result.ok, result.errors[:3]
    assert (result.created, result.updated, result.unchanged) == (0, 0, before[0])


def test_a_new_activity_and_a_change_are_imported_and_found(fresh_db_url):
    with open_session(fresh_db_url) as session:
        exported = json.loads(write_file(LISTINGS, "json", listing_rows(session, lambda _: True), LANGUAGES))
    changed = next(row for row in exported if row["key"] == "oulu_villa_victor")
    changed["phone"] = None
    changed["translations"]["en"]["description"] = "Meeting place for immigrants; see the web page for hours."
    new = {
        **changed,
        "key": "vaasa-thursday-cafe",
        "organisation": "vaasa_city",
        "municipalities": ["905"],
        "status": "published",
        "translations": {"fi": {"name": "Torstain kielikahvila", "description": ""}},
        "opening_hours": [{"weekday": 3, "opens": "17:00", "closes": "19:00"}],
    }
    result = run_listings(fresh_db_url, json.dumps([changed, new]).encode(), "json")
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (1, 1, 0)
    with open_session(fresh_db_url) as session:
        found = find_services(session, municipality_code="905", words="kielikahvilaan")
        assert [listing.key for listing in found] == ["vaasa-thursday-cafe"]
        assert found[0].opening_hours[0].weekday == 3


def test_bad_rows_are_reported_by_line_and_nothing_is_saved(fresh_db_url):
    before = counts(fresh_db_url)
    payload = csv_file(
        cafe("good-one"),
        cafe("bad-place", municipalities="999"),
        cafe("bad-hours", opening_hours="torstai 17-19"),
        cafe("good-one"),
        cafe("Bad Key"),
    )
    result = run_listings(fresh_db_url, payload)
    assert not result.ok
    assert [(error.line, error.field) for error in result.errors] == [
        (3, "municipalities"),
        (4, "opening_hours"),
        (5, "key"),
        (6, "key"),
    ]
    assert "999" in result.errors[0].reason
    assert "line 2" in result.errors[2].reason
    assert counts(fresh_db_url) == before
    with open_session(fresh_db_url) as session:
        assert not find_services(session, words="kielikahvila", municipality_code="905")


def test_line_numbers_count_the_lines_of_quoted_text(fresh_db_url):
    payload = csv_file(cafe("first", description_fi="Kaksi\nriviä\nkuvausta"), cafe("second", url="not a web page"))
    result = run_listings(fresh_db_url, payload)
    assert [(error.line, error.field) for error in result.errors] == [(5, "url")]


def test_json_errors_carry_the_line_the_entry_starts_on(fresh_db_url):
    entries = [
        {"key": "ok-one", "organisation": "vaasa_city", "url": "https://example.org", "municipalities": ["905"]},
        {"key": "no-name", "organisation": "vaasa_city", "url": "https://example.org", "municipalities": ["905"]},
    ]
    entries[0]["translations"] = {"fi": {"name": "Kerho"}}
    payload = json.dumps(entries, indent=2).encode()
    result = run_listings(fresh_db_url, payload, "json")
    second_line = payload.decode().splitlines().index("  {", 2) + 1
    assert [(error.line, error.field) for error in result.errors] == [(second_line, "translations")]


def test_spreadsheet_csv_with_semicolons_a_bom_and_dropped_zeros_is_read(fresh_db_url):
    columns = listing_columns(LANGUAGES)
    row = cafe(municipalities="91 49")
    text = ";".join(columns) + "\r\n" + ";".join(row.get(column, "") for column in columns) + "\r\n"
    result = run_listings(fresh_db_url, b"\xef\xbb\xbf" + text.encode())
    assert result.ok, result.errors
    with open_session(fresh_db_url) as session:
        listing = session.scalars(select(ServiceListing).where(ServiceListing.key == "vaasa-thursday-cafe")).one()
        assert sorted(place.code for place in listing.municipalities) == ["049", "091"]


@pytest.mark.parametrize(
    ("payload", "file_format", "line", "words"),
    [
        (b"key,organisation\n\xff\xfe,x\n", "csv", 2, "UTF-8"),
        (b"key,colour\nx,y\n", "csv", 1, "colour"),
        (b"", "csv", 1, "empty"),
        (b'{"key": "x"}', "json", 1, "array"),
        (b'[\n {"key": "x"},\n {"key": \n', "json", 3, "JSON"),
        (b'[\n {"key": "x"},\n 5\n]', "json", 3, "object"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_its_line(payload, file_format, line, words):
    with pytest.raises(FileError) as refused:
        read_rows(payload, file_format, LISTINGS, LANGUAGES)
    assert refused.value.line == line
    assert words in refused.value.reason


def test_a_refused_row_is_an_error_and_progress_is_reported(fresh_db_url):
    seen = []
    result = run_listings(
        fresh_db_url,
        csv_file(cafe("one"), cafe("two", organisation="oulu_city")),
        refuse=lambda data, _listing: "not your organisation" if data["organisation"] == "oulu_city" else None,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert [(error.line, error.reason) for error in result.errors] == [(3, "not your organisation")]
    assert seen == [(1, 2), (2, 2)]


def test_answers_round_trip_and_a_bad_row_stops_the_whole_import(fresh_db_url):
    with open_session(fresh_db_url) as session:
        exported = write_file(ANSWERS, "csv", answer_rows(session, lambda _: True), LANGUAGES)
    rows = read_rows(exported.encode(), "csv", ANSWERS, LANGUAGES)
    with open_session(fresh_db_url) as session:
        result = import_answers(session, rows, EDITOR, LANGUAGES, allow_all)
        session.rollback()
    # Exported answers past their review date cannot be imported back unchanged: they need a review.
    assert result.unchanged + sum(1 for e in result.errors if e.field == "review_by") == len(rows)

    before = counts(fresh_db_url)
    new_rows = [
        {
            "topic": "housing",
            "municipality": "905",
            "language": "ar",
            "status": "published",
            "source_url": "https://www.vaasa.fi",
            "review_by": NEXT_YEAR,
            "text": "نص جديد عن السكن في فاسا",
        },
        {
            "topic": "housing",
            "municipality": "905",
            "language": "xx",
            "status": "published",
            "source_url": "https://www.vaasa.fi",
            "review_by": NEXT_YEAR,
            "text": "?",
        },
    ]
    with open_session(fresh_db_url) as session:
        result = import_answers(
            session, read_rows(json.dumps(new_rows).encode(), "json", ANSWERS, LANGUAGES), EDITOR, LANGUAGES, allow_all
        )
        session.rollback()
    assert [(error.line, error.field) for error in result.errors] == [(1, "language")]
    assert counts(fresh_db_url) == before

    with open_session(fresh_db_url) as session:
        result = import_answers(
            session,
            read_rows(json.dumps(new_rows[:1]).encode(), "json", ANSWERS, LANGUAGES),
            EDITOR,
            LANGUAGES,
            allow_all,
        )
        session.commit()
    assert (result.created, result.errors) == (1, [])
    with open_session(fresh_db_url) as session:
        texts = session.scalars(select(AnswerTranslation.text).where(AnswerTranslation.language == "ar")).all()
        assert "نص جديد عن السكن في فاسا" in texts


def test_a_cell_a_spreadsheet_would_run_is_exported_as_text_and_imported_as_written(fresh_db_url):
    """A listing whose description starts with `=HYPERLINK(…)` or a phone number with `+` must not run
    as a formula when an editor opens the export in a spreadsheet."""
    formula = '=HYPERLINK("https://attacker.example","Click")'
    row = cafe("vaasa-formula-cafe", description_fi=formula, name_fi="+358 kahvila")
    assert run_listings(fresh_db_url, csv_file(row)).ok
    with open_session(fresh_db_url) as session:
        rows = listing_rows(session, lambda listing: listing.key == "vaasa-formula-cafe")
        exported = write_file(LISTINGS, "csv", rows, LANGUAGES, spreadsheet=True)
    assert "'=HYPERLINK(" in exported and "'+358 kahvila" in exported
    assert not any(cell.startswith(("=", "+")) for line in exported.splitlines() for cell in line.split(";"))
    again = run_listings(fresh_db_url, exported.encode("utf-8"))
    assert again.ok and again.unchanged == 1, "read back, the cells are what the editor wrote"
