"""Portfolios built in memory for the export tests: ordinary ones and hostile ones."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from bot.domain.activities import Activity, ActivityKind, CompetenceArea, Reflection
from bot.domain.goals import Goal, GoalStatus
from bot.domain.members import Member
from bot.domain.periods import Period
from bot.i18n import Translator
from bot.services.export import Portfolio

NOW = datetime(2026, 11, 18, 14, 30, tzinfo=UTC)
HOSTILE_TITLES = [
    "Coöperatief leren: ë é ï ü — “quotes” & <b>tags</b>",
    "Emoji 😀🎓📚👩‍🏫 en vlaggen 🇳🇱",
    "עברית: למידה שיתופית",
    "العربية: التعلم التعاوني",
    '=SUM(A1:A9);"quoted; with separators",x',
    "Woordzonderspatiesdatheellangdoorgaatenopgeenenkeleregelpastwantditishetlangstewoordvandewereldeigenlijkweltochwel",
    "**niet vet** {x} %s \\n",
]


def words_in(language: str) -> Any:
    translator = Translator.load()

    def words(key: str, /, **params: Any) -> str:
        return translator.text(language, key, **params)

    return words


def portfolio(
    language: str = "nl",
    titles: list[str] | None = None,
    count: int | None = None,
    period: Period | None = None,
) -> Portfolio:
    member = Member(1, "Anna de Vries-Ürgüp", NOW - timedelta(days=400), language)
    titles = titles or ["Lesson study rekenen", "Cursus formatief evalueren", "Intervisie"]
    kinds = list(ActivityKind)
    areas = list(CompetenceArea)
    n = count or len(titles)
    activities = [
        Activity(
            member_id=1,
            number=i + 1,
            date=date(2025, 9, 1) + timedelta(days=(i * 7) % 420),
            minutes=30 + (i % 8) * 45,
            kind=kinds[i % len(kinds)],
            title=titles[i % len(titles)],
            created_at=NOW - timedelta(days=i),
            competence_areas=(areas[i % len(areas)],) if i % 3 else (),
            reflections=(
                (Reflection(f"Reflectie {i}: {titles[i % len(titles)]}", NOW - timedelta(days=i)),)
                if i % 2 == 0
                else ()
            ),
            evidence="https://example.org/bewijs/" + str(i + 1) if i % 4 == 0 else None,
            goal_number=1 if i % 5 == 0 else None,
        )
        for i in range(n)
    ]
    goals = [
        Goal(1, 1, titles[0], NOW - timedelta(days=300), date(2026, 6, 1)),
        Goal(
            1,
            2,
            "Meer samenwerken in de sectie",
            NOW - timedelta(days=200),
            status=GoalStatus.ACHIEVED,
            closing_reflection="Gelukt: we plannen samen. " + titles[-1],
            closed_at=NOW - timedelta(days=10),
        ),
    ]
    activities.sort(key=lambda a: (a.date, a.number))
    return Portfolio(member, [("telegram", "4242")], activities, goals, period)
