"""CSV that Dutch Excel opens right, and xAPI statements an LRS accepts."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

from adapters.home_pages import ACCOUNT_HOME_PAGES
from bot.services.export_csv import COLUMNS, CsvDialect, portfolio_csv
from bot.services.export_xapi import iso_duration, portfolio_statements
from tests.unit.export.portfolios import HOSTILE_TITLES, portfolio, words_in

SCHEMA = json.loads(
    (Path(__file__).parents[2] / "schemas" / "xapi-statement-1.0.3.schema.json").read_text()
)


def _rows(content: bytes, delimiter: str) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark"
    text = content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


@pytest.mark.parametrize(
    ("dialect", "delimiter", "decimal"),
    [(CsvDialect.DUTCH, ";", "1,25"), (CsvDialect.INTERNATIONAL, ",", "1.25")],
)
def test_csv_parses_back_one_row_per_activity(
    dialect: CsvDialect, delimiter: str, decimal: str
) -> None:
    folio = portfolio(titles=HOSTILE_TITLES)
    rows = _rows(portfolio_csv(folio, words_in("nl"), dialect), delimiter)
    header, body = rows[0], rows[1:]
    assert header == [
        "nummer",
        "datum",
        "uren",
        "leervorm",
        "soort",
        "titel",
        "bekwaamheidsgebieden",
        "doelen",
        "reflectie",
        "bewijs",
        "zichtbaarheid",
    ]
    assert len(header) == len(COLUMNS)
    assert len(body) == len(folio.activities)
    by_number = {int(row[0]): row for row in body}
    for activity in folio.activities:
        row = by_number[activity.number]
        assert len(row) == len(header)
        title = row[5]
        # A title that looks like a formula gets a leading quote; all else is verbatim.
        assert title in (activity.title, "'" + activity.title)
    # 75 minutes: a decimal comma for Dutch Excel, a point for the international dialect.
    assert decimal in {row[2] for row in body}
    linked = [row for row in body if row[7]]
    assert linked and all(row[7] == HOSTILE_TITLES[0] for row in linked)
    formula = next(r for r in body if "SUM" in r[5])
    assert formula[5].startswith("'=SUM(A1:A9);")


def test_csv_is_english_for_an_english_member() -> None:
    rows = _rows(portfolio_csv(portfolio("en"), words_in("en"), CsvDialect.INTERNATIONAL), ",")
    assert rows[0][:3] == ["number", "date", "hours"]
    assert rows[1][3] in {"formal", "non-formal", "informal"}


def test_iso_durations() -> None:
    assert iso_duration(90) == "PT1H30M"
    assert iso_duration(120) == "PT2H"
    assert iso_duration(5) == "PT5M"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_xapi_statements_follow_the_schema(language: str) -> None:
    folio = portfolio(language, titles=HOSTILE_TITLES)
    statements = portfolio_statements(folio, words_in(language), ACCOUNT_HOME_PAGES)
    jsonschema.validate(statements, SCHEMA)
    achieved = [s for s in statements if s["verb"]["id"].endswith("/mastered")]
    assert len(statements) == len(folio.activities) + len(achieved) and len(achieved) == 1
    first = statements[0]
    assert first["actor"]["account"] == {"homePage": "https://telegram.org", "name": "4242"}
    assert "mbox" not in json.dumps(statements)
    assert first["verb"]["id"].startswith("http://adlnet.gov/expapi/verbs/")
    assert first["object"]["definition"]["type"].startswith("http://adlnet.gov/expapi/activities/")
    assert first["result"]["duration"].startswith("PT")
    assert first["timestamp"].startswith(folio.activities[0].date.isoformat())
    linked = [s for s in statements if "contextActivities" in s.get("context", {})]
    assert linked, "an activity linked to a goal names the goal as its parent"
    # Ids are stable: exporting again posts the same statements, not duplicates.
    assert [s["id"] for s in portfolio_statements(folio, words_in(language))] == [
        s["id"] for s in statements
    ]
    assert len({s["id"] for s in statements}) == len(statements)


def test_the_schema_rejects_what_an_lrs_would() -> None:
    statement = portfolio_statements(portfolio(), words_in("nl"))[0]
    bad_cases = [
        {**statement, "actor": {**statement["actor"], "mbox": "mailto:a@example.org"}},
        {**statement, "result": {**statement["result"], "duration": "90 minutes"}},
        {**statement, "timestamp": "18-11-2026"},
        {**statement, "unknown": 1},
        {k: v for k, v in statement.items() if k != "verb"},
    ]
    for bad in bad_cases:
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate([bad], SCHEMA)
