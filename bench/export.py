"""Exports and import at size: the figures README.md ("Own your data") quotes.

    python bench/export.py                 # SQLite in a temporary folder
    python bench/export.py --db postgresql://…/A --fresh-db postgresql://…/B   # two empty DBs

- PDF of 500 activities with its three charts (snapshot read + rendering); the first run
  in a process pays for importing matplotlib/fpdf2 and parsing the fonts, so it is shown
  apart from the steady state (median of the next runs). Target: < 2 s.
- Memory during the PDF export: the Python heap's peak (tracemalloc) and the process's
  peak resident size (ru_maxrss).
- JSON export of 5,000 activities (snapshot + document + json.dumps). Target: < 1 s.
- Import of that file into a fresh store (checks and writes, one transaction). Target: < 2 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.domain.activities import Activity, ActivityKind, CompetenceArea, Reflection
from bot.domain.goals import Goal
from bot.i18n import Translator
from bot.services.export import load_portfolio, portfolio_document
from bot.services.export_pdf import portfolio_pdf
from bot.services.portfolio_import import ImportPortfolio, import_portfolio
from bot.services.ports import NewMember
from storage import open_store, upgrade_schema

NOW = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)
TITLES = [
    "Lesson study rekenen groep 5",
    "Cursus formatief evalueren — module 3",
    "Intervisie met de sectie Nederlands 😀",
    "Coöperatief leren: ë é ï",
    "Vakliteratuur: Visible Learning, hoofdstuk 4",
]


def _words(language: str):  # type: ignore[no-untyped-def]
    translator = Translator.load()
    return lambda key, /, **params: translator.text(language, key, **params)


def _seed(uow, user: str, count: int) -> int:  # type: ignore[no-untyped-def]
    member = uow.members.create_with_identity(
        "bench", user, NewMember(user.title(), "nl", "Europe/Amsterdam", NOW)
    )
    kinds, areas = list(ActivityKind), list(CompetenceArea)
    for number in range(1, 6):
        uow.goals.add(Goal(member.id, number, f"Doel {number}: {TITLES[number - 1]}", NOW))
    for i in range(count):
        uow.activities.add(
            Activity(
                member_id=member.id,
                number=i + 1,
                date=date(2022, 8, 1) + timedelta(days=(i * 3) % 1560),
                minutes=30 + (i % 8) * 30,
                kind=kinds[i % len(kinds)],
                title=TITLES[i % len(TITLES)],
                created_at=NOW,
                competence_areas=(areas[i % len(areas)],),
                reflections=(
                    (Reflection("Wat ik meeneem: " + TITLES[i % 3] + ". " * 3, NOW),)
                    if i % 2
                    else ()
                ),
                evidence=f"https://example.org/bewijs/{i}" if i % 5 == 0 else None,
                goal_number=1 + i % 5 if i % 4 == 0 else None,
            )
        )
    uow.portability.reserve_numbers(member.id, count + 1, 6)
    return int(member.id)


CPU: list[float] = []


async def _timed(work):  # type: ignore[no-untyped-def]
    """Wall time; the process's CPU time of the same span goes to CPU (on a shared, loaded
    machine the wall time also counts other programs' turns)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = await work()
    CPU.append(time.process_time() - cpu)
    return time.perf_counter() - start, result


async def main(url: str | None, fresh_url: str | None, pdf_runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        target = url or f"sqlite:///{Path(folder) / 'bench.db'}"
        fresh = fresh_url or f"sqlite:///{Path(folder) / 'fresh.db'}"
        await upgrade_schema(target)
        store = await open_store(target)
        words = _words("nl")
        try:
            small = await store.run(lambda uow: _seed(uow, "pdf", 500))
            large = await store.run(lambda uow: _seed(uow, "json", 5000))

            async def pdf() -> bytes:
                folio = await store.run(lambda uow: load_portfolio(uow, small))
                return await asyncio.to_thread(portfolio_pdf, folio, words)

            first, content = await _timed(pdf)
            CPU.clear()
            steady = [(await _timed(pdf))[0] for _ in range(pdf_runs)]
            pdf_cpu = statistics.median(CPU)
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            # Apart from the timings: tracing every allocation slows Python down a lot.
            tracemalloc.start()
            await pdf()
            heap_peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            pages = content.count(b"/Type /Page\n") or content.count(b"/Type /Page")

            async def export_json() -> bytes:
                def read(uow):  # type: ignore[no-untyped-def]
                    return portfolio_document(load_portfolio(uow, large), NOW)

                document = await store.run(read)
                return json.dumps(document, ensure_ascii=False, indent=1).encode()

            json_times = []
            CPU.clear()
            for _ in range(3):
                seconds, file = await _timed(export_json)
                json_times.append(seconds)
            json_cpu = statistics.median(CPU)
        finally:
            await store.close()

        await upgrade_schema(fresh)
        restore = await open_store(fresh)
        try:
            member = await restore.run(
                lambda uow: (
                    uow.members.create_with_identity(
                        "bench", "json", NewMember("Json", "nl", "Europe/Amsterdam", NOW)
                    ).id
                )
            )
            command = ImportPortfolio(member, file, NOW)
            CPU.clear()
            import_seconds, result = await _timed(
                lambda: restore.run(lambda uow: import_portfolio(command, uow))
            )
            import_cpu = CPU[0]
            again_seconds, again = await _timed(
                lambda: restore.run(lambda uow: import_portfolio(command, uow))
            )
        finally:
            await restore.close()

    backend = "PostgreSQL" if url else "SQLite"
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"export benchmark ({backend}, Python {sys.version.split()[0]}, load {load})")
    print(
        f"PDF, 500 activities + 3 charts: first {first:.2f} s (cold: imports, fonts), "
        f"then median {statistics.median(steady):.2f} s over {pdf_runs} runs "
        f"(max {max(steady):.2f} s; CPU {pdf_cpu:.2f} s); "
        f"{len(content) / 1024:.0f} KiB, {pages} pages"
    )
    print(
        f"PDF memory: Python heap peak {heap_peak / 2**20:.1f} MiB during one export "
        f"(tracemalloc), process peak RSS {rss:.0f} MiB after the PDF runs"
    )
    print(
        f"JSON export, 5,000 activities: median {statistics.median(json_times):.2f} s "
        f"(max {max(json_times):.2f} s; CPU {json_cpu:.2f} s), {len(file) / 2**20:.1f} MiB"
    )
    print(
        f"Import of that file into a fresh store: {import_seconds:.2f} s (CPU {import_cpu:.2f} s) "
        f"({result.activities_added} activities, {result.goals_added} goals); "
        f"again: {again_seconds:.2f} s, {again.activities_added} added, "
        f"{again.already_there} already there"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an empty database URL instead of temporary SQLite")
    parser.add_argument("--fresh-db", help="with --db: a second empty database to import into")
    parser.add_argument("--pdf-runs", type=int, default=5)
    options = parser.parse_args()
    if bool(options.db) != bool(options.fresh_db):
        parser.error("--db and --fresh-db go together (the import needs a fresh store)")
    asyncio.run(main(options.db, options.fresh_db, options.pdf_runs))
