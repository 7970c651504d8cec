"""No text makes the router raise or fall silent (property-based)."""

from __future__ import annotations

import asyncio

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.driver import Driver

COMMANDS = [
    "/log",
    "/activiteiten",
    "/bewerk",
    "/verwijder",
    "/ongedaan",
    "/reflectie",
    "/bewijs",
    "/doel",
    "/doelen",
    "/taal",
    "/export",
    "/hulp",
    "/start",
    "/annuleer",
    "/onbekend",
    "/log@portfoliobot",
    "/",
    "//",
]
WORDS = st.sampled_from(
    [
        "2u",
        "1,5",
        "uur",
        "gisteren",
        "dinsdag",
        "vorige",
        "week",
        "#vakdidactisch",
        "doel",
        "koppel",
        "3",
        "#1",
        "behaald",
        "intervisie",
        "12-11",
        "31-02",
        "2025-2026",
        "'; DROP",
        "\x00",
        "\u202e",
        "🙂",
        "https://x.nl",
        "—",
        "\n",
        "ü",
        "ß",
        "é",
    ]
)
TEXTS = st.one_of(
    st.text(max_size=200),
    st.lists(WORDS, max_size=12).map(" ".join),
)


def test_no_text_breaks_the_router(tmp_path) -> None:
    with asyncio.Runner() as runner:
        bot = runner.run(Driver.open(f"sqlite:///{tmp_path / 'p.db'}"))

        @settings(
            max_examples=300,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture],
        )
        @given(command=st.sampled_from(COMMANDS), rest=TEXTS, group=st.booleans())
        def check(command: str, rest: str, group: bool) -> None:
            chat = "kamer" if group else None
            said = runner.run(bot.say("alice", f"{command} {rest}", group=chat))
            assert said.replies, f"silence for {command} {rest!r}"
            for reply in said.replies:
                assert "Traceback" not in reply.text.plain
                assert reply.text.plain.strip()

        @settings(max_examples=200, deadline=None)
        @given(text=TEXTS)
        def check_plain(text: str) -> None:
            said = runner.run(bot.say("bob", text))
            if text.strip() and not text.strip().startswith("/"):
                assert said.replies

        try:
            check()
            check_plain()
        finally:
            runner.run(bot.close())
