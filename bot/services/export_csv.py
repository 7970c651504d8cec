"""Activities as CSV, one row per activity.

Dutch Excel opens a file right when it starts with a UTF-8 byte-order mark, separates
with `;` and writes decimals with a comma; LibreOffice reads that too. The international
dialect (`,` and a decimal point) is there for English spreadsheets."""

from __future__ import annotations

import csv
import io
from enum import StrEnum
from typing import TYPE_CHECKING

from bot.services.export import reflection_texts
from bot.services.words import hours_text

if TYPE_CHECKING:
    from bot.services.export import Portfolio
    from bot.services.words import Words


class CsvDialect(StrEnum):
    DUTCH = "dutch"  # ; and 1,5
    INTERNATIONAL = "international"  # , and 1.5


COLUMNS = (
    "number",
    "date",
    "hours",
    "learning_form",
    "kind",
    "title",
    "competence_areas",
    "goals",
    "reflection",
    "evidence",
    "visibility",
)


def portfolio_csv(portfolio: Portfolio, words: Words, dialect: CsvDialect) -> bytes:
    dutch = dialect is CsvDialect.DUTCH
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";" if dutch else ",", lineterminator="\r\n")
    writer.writerow([words(f"portfolio.column.{name}") for name in COLUMNS])
    goals = portfolio.goal_titles()
    for a in portfolio.activities:
        linked = [goals[a.goal_number]] if a.goal_number in goals else []
        writer.writerow(
            [
                a.number,
                a.date.isoformat(),
                hours_text(a.minutes, dutch),
                words(f"form.{a.learning_form.value}"),
                words(f"kind.{a.kind.value}"),
                _safe(a.title),
                ", ".join(words(f"area.{area.value}") for area in a.competence_areas),
                _safe(" | ".join(linked)),
                _safe("\n\n".join(reflection_texts(a))),
                _safe(a.evidence or ""),
                words(f"portfolio.visibility.{a.visibility.value}"),
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _safe(text: str) -> str:
    """A cell that starts like a formula is shown as text, never run by a spreadsheet."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
