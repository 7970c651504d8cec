"""The registry says who may use a command and where; the router enforces it for every
platform alike, and asks the platform whether the sender moderates only when needed."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.chat.handlers import command_specs, flow_set
from bot.chat.messages import Chat, ChatKind, Incoming, Sender
from bot.chat.registry import CommandSet, Context, Power, Registry, Where
from bot.chat.replies import Reply
from bot.chat.router import Router, RouterSettings
from bot.clock import FixedClock
from bot.i18n import Translator
from storage import open_store

NOW = datetime(2026, 11, 18, 14, 30, tzinfo=UTC)
extra = CommandSet()


@extra.command("secret", nl=("geheim",), en=("secret",), where=Where.PRIVATE)
def secret(ctx: Context, args: str) -> list[Reply]:
    return [Reply.public("cancel.done")]


@extra.command("wipe", nl=("wis",), en=("wipe",), power=Power.OPERATOR)
def wipe(ctx: Context, args: str) -> list[Reply]:
    assert ctx.moderator is not None and ctx.moderator.is_operator
    return [Reply.public("cancel.done")]


class Asked:
    def __init__(self, answer: bool) -> None:
        self.answer, self.count = answer, 0

    async def __call__(self) -> bool:
        self.count += 1
        return self.answer


def _incoming(n: int, text: str, user: str, group: bool, check: Asked) -> Incoming:
    chat = Chat(
        "test", "g" if group else f"dm-{user}", ChatKind.GROUP if group else ChatKind.PRIVATE
    )
    sender = Sender("test", user, user, moderator_check=check)
    return Incoming(f"m{n}", chat, sender, NOW, text=text)


async def test_place_and_power_are_enforced_and_moderators_asked_lazily(store_url: str) -> None:
    store = await open_store(store_url)
    try:
        registry = Registry([*command_specs(), *extra.specs])
        settings = RouterSettings(operators=frozenset({"test:olga"}))
        router = Router(registry, flow_set(), store, Translator.load(), FixedClock(NOW), settings)
        admin = Asked(True)

        async def say(n: int, text: str, user: str = "ann", *, group: bool) -> str:
            replies = await router.handle(_incoming(n, text, user, group, admin))
            return "\n".join(reply.text.plain for reply in replies)

        assert "werkt in je privéchat" in await say(1, "/geheim", group=True)
        assert "Oké, gestopt" in await say(2, "/geheim", group=False)
        assert await say(3, "/log 1u intervisie", group=True)
        assert await say(4, "/hulp", group=True)
        assert admin.count == 0  # nothing so far needed a moderator
        assert "Er loopt nu geen reviewronde" in await say(5, "/reviewronde sluit", group=True)
        assert admin.count == 1  # asked once, for the command that needs it
        assert "alleen de beheerders" in await say(6, "/wis", group=True)
        assert admin.count == 1  # an operator command: no group administrator suffices
        assert "Oké, gestopt" in await say(7, "/wis", "olga", group=False)
    finally:
        await store.close()
