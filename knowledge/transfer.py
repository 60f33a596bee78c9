"""Import and export of answers and listings as CSV and JSON.

An import is all or nothing: every row is checked, problems are reported with their line and
reason, and the caller commits only when there are none (otherwise it rolls everything back).
Rows are matched to what exists (a listing by its key, an answer translation by topic ×
municipality × language) and only real changes are written and recorded in the history.

CSV lists are written with spaces ("091 049"), opening hours as "mon 09:00-16:00; thu 17:00-19:00",
and a listing's names and descriptions as name_<lang> and description_<lang> columns. Spreadsheets
that save with semicolons and a byte-order mark are read as well."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from knowledge.editing import ContentError, Editor, find_or_create_answer, save_translation, snapshot
from knowledge.listings import listing_json, save_listing
from knowledge.models import Answer, ServiceListing

ANSWERS, LISTINGS = "answers", "listings"
KINDS = (ANSWERS, LISTINGS)
FORMATS = ("csv", "json")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ANSWER_COLUMNS = ("topic", "municipality", "language", "status", "source_url", "review_by", "text")
LISTING_COLUMNS = (
    "key",
    "organisation",
    "url",
    "status",
    "municipalities",
    "topics",
    "target_groups",
    "languages",
    "address",
    "phone",
    "email",
    "appointment_needed",
    "accessibility",
    "opening_hours",
    "valid_from",
    "valid_to",
)
MAX_ERRORS = 200
_YES, _NO = {"yes", "true", "1", "kyllä", "ja"}, {"no", "false", "0", "ei", "nej"}


class FileError(ValueError):
    """The file as a whole cannot be read (not UTF-8, not CSV/JSON of the expected shape)."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}")
        self.line, self.reason = line, reason


@dataclass(frozen=True)
class Row:
    line: int
    data: dict[str, Any]


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    reason: str


@dataclass
class ImportResult:
    total: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [{"line": e.line, "field": e.field, "reason": e.reason} for e in self.errors],
        }


Progress = Callable[[int, int], None]


def listing_columns(languages: Iterable[str]) -> list[str]:
    return list(LISTING_COLUMNS) + [f"{what}_{lang}" for lang in languages for what in ("name", "description")]


# Reading files


def read_rows(payload: bytes, file_format: str, kind: str, languages: tuple[str, ...]) -> list[Row]:
    try:
        content = payload.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileError(payload[: error.start].count(b"\n") + 1, "the file is not UTF-8 text") from None
    if not content.strip():
        raise FileError(1, "the file is empty")
    if file_format == "json":
        return _json_rows(content)
    expected = ANSWER_COLUMNS if kind == ANSWERS else listing_columns(languages)
    return _csv_rows(content, expected)


def _json_rows(content: str) -> list[Row]:
    """The objects of a JSON array, each with the line it starts on."""
    decoder = json.JSONDecoder()
    position = _skip_space(content, 0)
    if content[position : position + 1] != "[":
        raise FileError(content.count("\n", 0, position) + 1, "expected a JSON array of objects: [ {...}, {...} ]")
    position = _skip_space(content, position + 1)
    rows: list[Row] = []
    while content[position : position + 1] != "]":
        line = content.count("\n", 0, position) + 1
        try:
            item, position = decoder.raw_decode(content, position)
        except json.JSONDecodeError as error:
            raise FileError(
                line, f"the entry on this line is not valid JSON: {error.msg} (line {error.lineno})"
            ) from None
        if not isinstance(item, dict):
            raise FileError(line, "each entry must be an object { ... }")
        rows.append(Row(line, item))
        position = _skip_space(content, position)
        if content[position : position + 1] == ",":
            position = _skip_space(content, position + 1)
        elif content[position : position + 1] != "]":
            raise FileError(content.count("\n", 0, position) + 1, "expected , or ] after an entry")
    if content[position + 1 :].strip():
        raise FileError(content.count("\n", 0, position) + 1, "unexpected text after the array")
    return rows


def _skip_space(content: str, position: int) -> int:
    while position < len(content) and content[position] in " \t\r\n":
        position += 1
    return position


# A cell a spreadsheet would run as a formula (=, +, -, @, or a tab or carriage return first) is
# written with an apostrophe in front, which spreadsheets show as text; reading drops it again.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def _as_written(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_START) else value


def _csv_rows(content: str, expected: Iterable[str]) -> list[Row]:
    header_line = content.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    try:
        header = [name.strip() for name in next(reader)]
    except (csv.Error, StopIteration):
        raise FileError(1, "the first line must name the columns") from None
    known = set(expected)
    unknown = [name for name in header if name not in known]
    if unknown:
        raise FileError(1, f"unknown columns: {', '.join(unknown)} (known: {', '.join(expected)})")
    if len(set(header)) != len(header):
        raise FileError(1, "a column is named twice")
    rows: list[Row] = []
    line = reader.line_num + 1
    try:
        for values in reader:
            if any(value.strip() for value in values):
                if len(values) > len(header):
                    raise FileError(line, f"{len(values)} values but {len(header)} columns")
                cells = zip(header, values, strict=False)
                rows.append(Row(line, {name: _as_written(value.strip()) for name, value in cells}))
            line = reader.line_num + 1
    except csv.Error as error:
        raise FileError(line, f"not valid CSV: {error}") from None
    return rows


# Converting CSV values


def _codes(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(item) for item in value]
    return [item for item in str(value or "").replace(",", " ").split() if item]


def _municipality_codes(value: Any) -> list[str]:
    """Codes as written, with the zeros spreadsheets drop put back (91 → 091)."""
    return [code.zfill(3) if code.isdigit() else code for code in _codes(value)]


def _yes_no(value: Any) -> Optional[bool]:
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if not text:
        return None
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ContentError("appointment_needed", "yes, no or empty")


def parse_opening_hours(value: str) -> list[dict[str, Any]]:
    """ "mon 09:00-16:00; thu 17:00-19:00" → [{"weekday": 0, "opens": "09:00", "closes": "16:00"}, ...]"""
    periods = []
    for part in (piece.strip() for piece in value.split(";")):
        if not part:
            continue
        pieces = part.split()
        times = pieces[1].split("-") if len(pieces) == 2 else []
        if len(pieces) != 2 or pieces[0].lower()[:3] not in WEEKDAYS or len(times) != 2:
            raise ContentError("opening_hours", f"{part!r}: write each period as 'mon 09:00-16:00', separated by ;")
        periods.append({"weekday": WEEKDAYS.index(pieces[0].lower()[:3]), "opens": times[0], "closes": times[1]})
    return periods


def format_opening_hours(periods: list[dict[str, Any]]) -> str:
    return "; ".join(f"{WEEKDAYS[p['weekday']]} {p['opens']}-{p['closes']}" for p in periods)


def listing_from_csv(data: dict[str, Any], languages: tuple[str, ...]) -> dict[str, Any]:
    listing: dict[str, Any] = {name: data.get(name) or None for name in LISTING_COLUMNS}
    for name in ("topics", "target_groups", "languages"):
        listing[name] = _codes(data.get(name))
    listing["municipalities"] = _municipality_codes(data.get("municipalities"))
    listing["appointment_needed"] = _yes_no(data.get("appointment_needed"))
    listing["opening_hours"] = parse_opening_hours(str(data.get("opening_hours") or ""))
    listing["translations"] = {
        lang: {"name": data.get(f"name_{lang}") or "", "description": data.get(f"description_{lang}") or ""}
        for lang in languages
        if data.get(f"name_{lang}") or data.get(f"description_{lang}")
    }
    return listing


def listing_to_csv(listing: dict[str, Any], languages: tuple[str, ...]) -> dict[str, str]:
    row = {name: "" if listing.get(name) is None else str(listing[name]) for name in LISTING_COLUMNS}
    for name in ("municipalities", "topics", "target_groups", "languages"):
        row[name] = " ".join(listing[name])
    needed = listing["appointment_needed"]
    row["appointment_needed"] = "" if needed is None else ("yes" if needed else "no")
    row["opening_hours"] = format_opening_hours(listing["opening_hours"])
    for lang in languages:
        words = listing["translations"].get(lang) or {}
        row[f"name_{lang}"], row[f"description_{lang}"] = words.get("name", ""), words.get("description", "")
    return row


# Importing


CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


def _import_rows(rows: list[Row], write_row: Callable[[Row], str], progress: Optional[Progress]) -> ImportResult:
    """Write every row, counting what each did; a row's ContentError becomes an error with its line."""
    result = ImportResult(total=len(rows))
    for done, row in enumerate(rows, start=1):
        try:
            outcome = write_row(row)
            setattr(result, outcome, getattr(result, outcome) + 1)
        except ContentError as error:
            _note(result, RowError(row.line, error.field, error.reason))
        if progress is not None:
            progress(done, result.total)
    return result


def import_listings(
    session: Session,
    rows: list[Row],
    file_format: str,
    editor: Editor,
    languages: tuple[str, ...],
    refuse: Callable[[dict[str, Any], Optional[ServiceListing]], Optional[str]],
    progress: Optional[Progress] = None,
    may_publish: Callable[[dict[str, Any]], bool] = lambda _: True,
) -> ImportResult:
    """Create or update listings by key. `refuse` says why this editor may not write a row (or None);
    a row the editor may not publish waits for review (knowledge.listings.save_listing)."""
    first_line: dict[str, int] = {}

    def write(row: Row) -> str:
        data = listing_from_csv(row.data, languages) if file_format == "csv" else dict(row.data)
        key = str(data.get("key") or "")
        if key in first_line:
            raise ContentError("key", f"{key!r} is also on line {first_line[key]}")
        first_line[key] = row.line
        listing = session.scalars(select(ServiceListing).where(ServiceListing.key == key)).first()
        reason = refuse(data, listing)
        if reason:
            raise ContentError("organisation", reason)
        saved = save_listing(session, data, editor, languages, listing, may_publish=may_publish(data))
        return CREATED if listing is None else UPDATED if saved.changed else UNCHANGED

    return _import_rows(rows, write, progress)


def import_answers(
    session: Session,
    rows: list[Row],
    editor: Editor,
    languages: tuple[str, ...],
    refuse: Callable[[Optional[str]], Optional[str]],
    progress: Optional[Progress] = None,
) -> ImportResult:
    """Create or update answer translations by topic × municipality × language."""
    first_line: dict[tuple[str, Optional[str], str], int] = {}

    def write(row: Row) -> str:
        data = row.data
        topic = str(data.get("topic") or "").strip()
        place = str(data.get("municipality") or "").strip() or None
        place = place.zfill(3) if place and place.isdigit() else place
        language = str(data.get("language") or "").strip()
        if language not in languages:
            raise ContentError("language", f"one of {', '.join(languages)}")
        where = (topic, place, language)
        if where in first_line:
            raise ContentError("topic", f"the same topic, place and language are on line {first_line[where]}")
        first_line[where] = row.line
        reason = refuse(place)
        if reason:
            raise ContentError("municipality", reason)
        answer = find_or_create_answer(session, topic, place)
        current = next((t for t in answer.translations if t.language == language), None)
        wanted = {
            "text": str(data.get("text") or ""),
            "source_url": str(data.get("source_url") or ""),
            "review_by": str(data.get("review_by") or ""),
            "status": str(data.get("status") or "draft"),
        }
        was = snapshot(current)
        if was is not None and all(str(was[name]).strip() == wanted[name].strip() for name in wanted):
            return UNCHANGED
        save_translation(
            session,
            answer,
            language,
            editor,
            text=wanted["text"],
            source_url=wanted["source_url"],
            review_by=wanted["review_by"],
            status=wanted["status"],
        )
        return CREATED if current is None else UPDATED

    return _import_rows(rows, write, progress)


def _note(result: ImportResult, error: RowError) -> None:
    if len(result.errors) < MAX_ERRORS:
        result.errors.append(error)


# Exporting


def answer_rows(session: Session, include: Callable[[Optional[str]], bool]) -> list[dict[str, Any]]:
    answers = session.scalars(
        select(Answer).options(selectinload(Answer.translations)).order_by(Answer.topic_key, Answer.id)
    )
    rows = []
    for answer in answers:
        if not include(answer.municipality_code):
            continue
        for translation in sorted(answer.translations, key=lambda t: t.language):
            rows.append(
                {
                    "topic": answer.topic_key,
                    "municipality": answer.municipality_code or "",
                    "language": translation.language,
                    "status": translation.status,
                    "source_url": translation.source_url,
                    "review_by": translation.review_by.isoformat(),
                    "text": translation.text,
                }
            )
    return rows


def listing_rows(session: Session, include: Callable[[ServiceListing], bool]) -> list[dict[str, Any]]:
    listings = session.scalars(
        select(ServiceListing)
        .options(
            selectinload(ServiceListing.translations),
            selectinload(ServiceListing.opening_hours),
            selectinload(ServiceListing.municipalities),
            selectinload(ServiceListing.topics),
            selectinload(ServiceListing.organisation),
        )
        .order_by(ServiceListing.key)
    )
    # Without the database id: listings are matched by key on import, in any database.
    rows = [listing_json(listing) for listing in listings if include(listing)]
    return [{name: value for name, value in row.items() if name != "id"} for row in rows]


def write_file(
    kind: str, file_format: str, rows: list[dict[str, Any]], languages: tuple[str, ...], spreadsheet: bool = False
) -> str:
    """JSON, or CSV; `spreadsheet` CSV is what Excel opens right in Finland: semicolons between the
    columns (the comma is the decimal mark there) and a byte-order mark so that ä, ö and Arabic show
    as such. Both read back in (the import finds the delimiter and skips the mark)."""
    if file_format == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    columns = list(ANSWER_COLUMNS) if kind == ANSWERS else listing_columns(languages)
    out = io.StringIO()
    if spreadsheet:
        out.write("\ufeff")
    writer = csv.DictWriter(
        out, fieldnames=columns, lineterminator="\r\n" if spreadsheet else "\n", delimiter=";" if spreadsheet else ","
    )
    writer.writeheader()
    for row in rows:
        cells = row if kind == ANSWERS else listing_to_csv(row, languages)
        writer.writerow({name: inert(value) if isinstance(value, str) else value for name, value in cells.items()})
    return out.getvalue()
