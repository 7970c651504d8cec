"""How well the bot understands time, scored on an external corpus (Dutch and English).

    python bench/time_corpus.py                      # at the real now, Europe/Amsterdam
    python bench/time_corpus.py --now 2026-11-18T15:30 --show wrong
    python bench/time_corpus.py --corpus /path/to/corpora/time

Every corpus row goes through the bot's real path, in-process, on a throw-away SQLite store
with a fixed clock, the way a member would type it: `/herinner <phrase> test` for future
rows, `/log <phrase> 1 uur vakliteratuur` for past rows (each row from a new member). The
reminder's next moment, or the activity's date, is compared with the windows the corpus
accepts (its `timespec.py`):

- right:   inside an accepted window (a logged date: the day overlaps a window);
- wrong:   stored or scheduled outside every window, without a question;
- refused: the bot said it did not understand (or asked one question: counted as `asked`).

The corpus is read at run time from `/work/shared/corpora/time` (or `--corpus`, or the
environment variable PORTFOLIOBOT_TIME_CORPUS); nothing of it is copied into the project.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import importlib.util
import os
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.bootstrap import bootstrap
from bot.chat.messages import Chat, ChatKind, Incoming, Sender
from bot.clock import FixedClock
from bot.settings import Settings
from storage import open_store

if TYPE_CHECKING:
    from types import ModuleType

ZONE = ZoneInfo("Europe/Amsterdam")
PLATFORM = "bench"
DIRECTIONS = (("nl", "future"), ("nl", "past"), ("en", "future"), ("en", "past"))
DEFAULT_CORPUS = Path("/work/shared/corpora/time")


@dataclass
class Row:
    id: str
    lang: str
    phrase: str
    direction: str  # future | past (auto rows resolved at the reference moment)
    spec: str


@dataclass
class Score:
    right: int = 0
    wrong: int = 0
    refused: int = 0
    asked: int = 0
    examples: dict[str, list[str]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.right + self.wrong + self.refused + self.asked

    def add(self, outcome: str, line: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)
        self.examples.setdefault(outcome, []).append(line)


def corpus_dir(given: str | None) -> Path:
    for candidate in (
        given,
        os.environ.get("PORTFOLIOBOT_TIME_CORPUS"),
        str(Path(__file__).resolve().parents[2] / "shared" / "corpora" / "time"),
        str(Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "time"),
        str(DEFAULT_CORPUS),
    ):
        if candidate and (Path(candidate) / "timespec.py").is_file():
            return Path(candidate)
    raise SystemExit("corpus not found: pass --corpus DIR (with timespec.py and *_time.tsv)")


def load_timespec(folder: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("timespec", folder / "timespec.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_rows(folder: Path, ts: ModuleType, ref: datetime) -> tuple[list[Row], int]:
    """The rows at reference `ref` (naive local), and how many future rows had passed."""
    rows: list[Row] = []
    passed = 0
    for lang in ("nl", "en"):
        with open(folder / f"{lang}_time.tsv", encoding="utf-8") as handle:
            lines = [line for line in handle if not line.startswith("#")]
        for item in csv.DictReader(lines, delimiter="\t"):
            spec = item["spec"]
            wins = ts.windows(spec, ref)
            direction = item["direction"]
            if direction == "auto":
                direction = "past" if wins[0][1] <= ref else "future"
            if direction == "future" and all(hi <= ref for _r, _lo, hi in wins):
                passed += 1
                continue
            phrase = ts.fill(item["phrase"], spec, ref)
            rows.append(Row(item["id"], lang, phrase, direction, spec))
    return rows, passed


def in_window_moment(moment: datetime, wins: list[tuple[str, datetime, datetime]]) -> bool:
    return any(lo <= moment < hi for _r, lo, hi in wins)


def in_window_day(day: date, wins: list[tuple[str, datetime, datetime]]) -> bool:
    start = datetime.combine(day, datetime.min.time())
    return any(lo < start + timedelta(days=1) and start < hi for _r, lo, hi in wins)


async def score(rows: list[Row], now: datetime, ts: ModuleType, show: set[str]) -> dict:
    ref = now.astimezone(ZONE).replace(tzinfo=None)
    scores = {key: Score() for key in DIRECTIONS}
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/time-corpus.db"
        store = await open_store(url)
        settings = Settings(database_url=url, default_timezone="Europe/Amsterdam")
        core = bootstrap(store, settings, FixedClock(now))
        for number, row in enumerate(rows, start=1):
            user = f"u{number}"
            language = row.lang
            chat = Chat(PLATFORM, f"dm-{user}", ChatKind.PRIVATE)
            sender = Sender(PLATFORM, user, f"Leraar {number}", language_hint=language)
            if row.direction == "future":
                text = f"/herinner {row.phrase} test"
            else:
                text = f"/log {row.phrase} 1 uur vakliteratuur"
            incoming = Incoming(f"t{number}", chat, sender, now, text=text)
            replies = await core.router.handle(incoming)
            asked = any(reply.choices for reply in replies)

            def look(uow, user=user):  # type: ignore[no-untyped-def]
                member = uow.members.by_identity(PLATFORM, user)
                if member is None:
                    return None, None
                reminders = uow.reminders.of_member(member.id)
                return (
                    reminders[0].next_fire_at if reminders else None,
                    uow.activities.latest(member.id),
                )

            fire_at, activity = await store.run(look)
            wins = ts.windows(row.spec, ref)
            if row.direction == "future" and fire_at is not None:
                local = fire_at.astimezone(ZONE).replace(tzinfo=None)
                outcome = "right" if in_window_moment(local, wins) else "wrong"
                got = f"{local:%a %Y-%m-%d %H:%M}"
            elif row.direction == "past" and activity is not None:
                outcome = "right" if in_window_day(activity.date, wins) else "wrong"
                got = f"{activity.date:%a %Y-%m-%d}"
            else:
                outcome = "asked" if asked else "refused"
                got = " / ".join(r.text.plain for r in replies)[:90].replace("\n", " ")
            scores[(row.lang, row.direction)].add(
                outcome, f"  {row.id} {row.phrase!r} [{row.spec}] -> {got}"
            )
        await store.close()
    for key, result in scores.items():
        for outcome in sorted(show):
            lines = result.examples.get(outcome, [])
            if lines:
                print(f"{key[0]} {key[1]}, {outcome} ({len(lines)}):")
                print("\n".join(lines))
    return scores


def table(scores: dict, now: datetime, passed: int) -> str:
    local = now.astimezone(ZONE)
    lines = [
        f"time corpus at {local:%a %Y-%m-%d %H:%M} Europe/Amsterdam"
        f" ({passed} future rows already passed, not counted)",
        "| rows | right | wrong | refused (asked) | right % | wrong % |",
        "|---|---|---|---|---|---|",
    ]
    for (lang, direction), s in scores.items():
        total = s.total or 1
        lines.append(
            f"| {lang} {direction} ({s.total}) | {s.right} | {s.wrong} | "
            f"{s.refused + s.asked} ({s.asked}) | {100 * s.right / total:.0f} % | "
            f"{100 * s.wrong / total:.1f} % |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", help="folder with timespec.py, nl_time.tsv, en_time.tsv")
    parser.add_argument("--now", help="reference moment, local Amsterdam time (ISO); default now")
    parser.add_argument(
        "--show", default="", help="comma-separated outcomes to list: right,wrong,refused,asked"
    )
    args = parser.parse_args()
    folder = corpus_dir(args.corpus)
    ts = load_timespec(folder)
    if args.now:
        now = datetime.fromisoformat(args.now).replace(tzinfo=ZONE).astimezone(UTC)
    else:
        now = datetime.now(UTC).replace(microsecond=0)
    ref = now.astimezone(ZONE).replace(tzinfo=None)
    rows, passed = load_rows(folder, ts, ref)
    show = {part for part in args.show.split(",") if part}
    scores = asyncio.run(score(rows, now, ts, show))
    print(table(scores, now, passed))


if __name__ == "__main__":
    main()
