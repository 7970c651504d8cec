"""`portfoliobot catalog import FILE`: CSV or JSON in, offerings added or updated by ref.

CSV: UTF-8 with or without BOM, `;` or `,` (sniffed from the header line), a header row
with the column names of `COLUMNS` (Dutch or English). A row that cannot be read is
rejected with its line number and the reason; every other row is imported. Rows are
written in chunks, one transaction per chunk, so a large file is fast and a crash loses at
most the chunk in flight (importing again is idempotent: the ref decides)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from bot.domain.catalogue import Level, OfferingData, ProviderKind

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from datetime import datetime

    from bot.services.ports import Store, UnitOfWork

CHUNK = 2000
# column -> accepted header names (lower case)
COLUMNS: dict[str, tuple[str, ...]] = {
    "ref": ("ref", "external_ref", "referentie", "id"),
    "title": ("title", "titel", "naam", "name"),
    "provider": ("provider", "aanbieder"),
    "provider_kind": ("provider_kind", "soort_aanbieder", "soort"),
    "description": ("description", "beschrijving", "omschrijving"),
    "topics": ("topics", "onderwerpen", "thema"),
    "format": ("format", "vorm", "werkvorm"),
    "hours": ("hours", "uren", "studiebelasting"),
    "level": ("level", "niveau", "sector"),
    "url": ("url", "link", "website"),
}
REQUIRED = ("ref", "title", "provider")
_KINDS = {
    "lerarenopleiding": ProviderKind.TEACHER_EDUCATION,
    "teacher_education": ProviderKind.TEACHER_EDUCATION,
    "huisacademie": ProviderKind.SCHOOL_ACADEMY,
    "school_academy": ProviderKind.SCHOOL_ACADEMY,
    "academie": ProviderKind.SCHOOL_ACADEMY,
    "opleidingsschool": ProviderKind.TRAINING_SCHOOL,
    "training_school": ProviderKind.TRAINING_SCHOOL,
    "commercieel": ProviderKind.COMMERCIAL,
    "commerciële trainer": ProviderKind.COMMERCIAL,
    "commercial": ProviderKind.COMMERCIAL,
    "trainer": ProviderKind.COMMERCIAL,
    "anders": ProviderKind.OTHER,
    "other": ProviderKind.OTHER,
    "": ProviderKind.OTHER,
}
_LIMITS = {"ref": 200, "title": 300, "provider": 200, "format": 64, "description": 5000}


@dataclass(frozen=True)
class Reason:
    """Why a row or file was rejected: a catalog key (catalogue.<lang>.toml) and params."""

    key: str
    params: dict[str, Any]


class ImportFileError(Exception):
    """The file as a whole cannot be imported (nothing was written)."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.msg = Reason(key, params)


class Rejected(Exception):
    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.msg = Reason(key, params)


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    rejected: list[tuple[int, Reason]] = field(default_factory=list)  # (line, reason)

    @property
    def total(self) -> int:
        return self.added + self.updated + len(self.rejected)


def _split(value: str) -> list[str]:
    for separator in ("|", ";"):
        value = value.replace(separator, ",")
    return [part.strip() for part in value.split(",") if part.strip()]


def parse_row(raw: dict[str, str]) -> OfferingData:
    """One row (column -> text) as an offering; raises Rejected with the reason."""
    for name, value in raw.items():
        if any("\udc80" <= ch <= "\udcff" for ch in value):
            raise Rejected("catalog_import.bad_encoding", column=name)
    values = {name: " ".join(value.split()) for name, value in raw.items()}
    values["description"] = raw.get("description", "").strip()
    for name in REQUIRED:
        if not values.get(name):
            raise Rejected("catalog_import.empty", column=name)
    for name, limit in _LIMITS.items():
        if len(values.get(name, "")) > limit:
            raise Rejected("catalog_import.too_long", column=name, max=limit)
    kind = _KINDS.get(values.get("provider_kind", "").lower())
    if kind is None:
        raise Rejected("catalog_import.bad_kind", value=values["provider_kind"][:40])
    hours: float | None = None
    if values.get("hours"):
        try:
            hours = float(values["hours"].replace(",", "."))
        except ValueError:
            raise Rejected("catalog_import.bad_hours", value=values["hours"][:20]) from None
        if not 0 <= hours <= 10000:
            raise Rejected("catalog_import.bad_hours", value=values["hours"][:20])
    levels = []
    for part in _split(values.get("level", "").lower()):
        try:
            levels.append(Level(part))
        except ValueError:
            raise Rejected("catalog_import.bad_level", value=part[:20]) from None
    url = values.get("url", "")
    if url and not url.lower().startswith(("http://", "https://")):
        raise Rejected("catalog_import.bad_url", value=url[:60])
    topics = tuple(dict.fromkeys(topic[:60] for topic in _split(values.get("topics", ""))))
    return OfferingData(
        ref=values["ref"],
        title=values["title"],
        provider=values["provider"],
        provider_kind=kind,
        description=values["description"],
        topics=topics[:20],
        format=values.get("format", ""),
        hours=hours,
        levels=tuple(dict.fromkeys(levels)),
        url=url,
    )


def _header_map(header: list[str]) -> dict[int, str]:
    aliases = {alias: column for column, names in COLUMNS.items() for alias in names}
    mapped = {
        index: aliases[name.strip().lower()]
        for index, name in enumerate(header)
        if name.strip().lower() in aliases
    }
    missing = [name for name in REQUIRED if name not in mapped.values()]
    if missing:
        raise ImportFileError("catalog_import.missing_columns", columns=", ".join(missing))
    return mapped


def read_csv(data: bytes) -> Iterator[tuple[int, dict[str, str] | Rejected]]:
    """(line number, the row's values or why it cannot be read)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError("catalog_import.utf16")  # Excel's "Unicode text"
    # surrogateescape keeps bytes that are not UTF-8, so the rows holding them are
    # rejected one by one instead of the whole file.
    text = data.decode("utf-8-sig", errors="surrogateescape")
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError("catalog_import.empty_file") from None
    columns = _header_map(header)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield reader.line_num, Rejected("catalog_import.unreadable")
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            yield reader.line_num, Rejected("catalog_import.extra_fields", n=len(row))
            continue
        yield (
            reader.line_num,
            {column: row[index] if index < len(row) else "" for index, column in columns.items()},
        )


def read_json(data: bytes) -> Iterator[tuple[int, dict[str, str] | Rejected]]:
    """Items of a JSON list (or of {"offerings": [...]}), numbered from 1."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise ImportFileError("catalog_import.bad_json", error=str(error)[:120]) from None
    items = document.get("offerings") if isinstance(document, dict) else document
    if not isinstance(items, list):
        raise ImportFileError("catalog_import.bad_json", error="expected a list")
    aliases = {alias: column for column, names in COLUMNS.items() for alias in names}
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict):
            yield number, Rejected("catalog_import.unreadable")
            continue
        row: dict[str, str] = {}
        for key, value in item.items():
            column = aliases.get(str(key).lower())
            if column is None or value is None:
                continue
            row[column] = "|".join(map(str, value)) if isinstance(value, list) else str(value)
        yield number, row


def read_file(name: str, data: bytes) -> Iterator[tuple[int, dict[str, str] | Rejected]]:
    if name.lower().endswith(".json") or data.lstrip(b"\xef\xbb\xbf \r\n\t")[:1] in (b"[", b"{"):
        return read_json(data)
    return read_csv(data)


def parse_file(name: str, data: bytes, result: ImportResult) -> list[tuple[int, OfferingData]]:
    """The good rows, each ref once; rejected rows go to `result`. Raises ImportFileError."""
    good: list[tuple[int, OfferingData]] = []
    seen: dict[str, int] = {}
    for line, row in read_file(name, data):
        try:
            if isinstance(row, Rejected):
                raise row
            offering = parse_row(row)
            if offering.ref in seen:
                raise Rejected(
                    "catalog_import.duplicate_ref", ref=offering.ref, line=seen[offering.ref]
                )
        except Rejected as rejected:
            result.rejected.append((line, rejected.msg))
            continue
        seen[offering.ref] = line
        good.append((line, offering))
    return good


def _write(batch: list[OfferingData], now: datetime, uow: UnitOfWork) -> tuple[int, int]:
    return uow.catalogue.import_batch(batch, now)


async def import_catalogue(
    store: Store,
    name: str,
    data: bytes,
    now: datetime,
    *,
    chunk: int = CHUNK,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import a whole file; `progress(n)` after each chunk of n rows."""
    result = ImportResult()
    good = parse_file(name, data, result)
    if progress is not None and result.rejected:
        progress(len(result.rejected))
    for start in range(0, len(good), chunk):
        batch = [offering for _, offering in good[start : start + chunk]]
        added, updated = await store.run(partial(_write, batch, now))
        result.added += added
        result.updated += updated
        if progress is not None:
            progress(len(batch))
    result.rejected.sort(key=lambda item: item[0])
    return result
