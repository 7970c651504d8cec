"""/tijdzone (/timezone), /rusttijd (/quiet) and /vakantie (/pause): when reminders may come."""

from __future__ import annotations

import functools
import re
import zoneinfo
from dataclasses import replace
from datetime import time
from typing import TYPE_CHECKING

from bot.chat.flows import FlowSet
from bot.chat.handlers.reminder_rules import what_it_is
from bot.chat.parsing import find_date
from bot.chat.parsing.words import on_off
from bot.chat.registry import CommandSet
from bot.chat.replies import Effect, Reply, UsageError
from bot.domain.reminders import QuietHours
from bot.i18n import Msg
from bot.services import reminders as service

if TYPE_CHECKING:
    from bot.chat.registry import Context

commands = CommandSet()
flows = FlowSet()

_ALIASES = {
    "nl": "Europe/Amsterdam", "nederland": "Europe/Amsterdam", "amsterdam": "Europe/Amsterdam",
    "netherlands": "Europe/Amsterdam", "belgie": "Europe/Brussels", "belgië": "Europe/Brussels",
    "belgium": "Europe/Brussels", "brussel": "Europe/Brussels", "uk": "Europe/London",
    "londen": "Europe/London", "london": "Europe/London", "utc": "UTC", "gmt": "UTC",
    "curacao": "America/Curacao", "curaçao": "America/Curacao", "aruba": "America/Aruba",
    "bonaire": "America/Kralendijk", "suriname": "America/Paramaribo",
}  # fmt: skip
_RANGE = re.compile(
    r"^(?:van\s+|from\s+)?(\d{1,2})(?:[:.](\d{2}))?\s*(?:u|uur|h)?\s*(?:-|–|tot|to|until|till)\s*"
    r"(\d{1,2})(?:[:.](\d{2}))?\s*(?:u|uur|h)?$"
)
_UNTIL = re.compile(r"^(?:tot\s+(?:en\s+met\s+)?|until\s+|till\s+|t/m\s+)")


@functools.cache
def _zones() -> dict[str, str]:
    return {name.lower(): name for name in zoneinfo.available_timezones()}


def find_timezone(text: str) -> str | None:
    wanted = text.strip().lower().replace(" ", "_")
    return _ALIASES.get(wanted) or _zones().get(wanted)


@commands.command(
    "timezone", nl=("tijdzone",), en=("timezone",), ack="ack.changed", order=84, group_menu=False
)
def timezone(ctx: Context, args: str) -> list[Reply]:
    if not args.strip():
        return [Reply.of("timezone.current", zone=ctx.member.timezone)]
    found = find_timezone(args)
    if found is None:
        raise UsageError("timezone.unknown", given=args.strip()[:40])
    ctx.member.timezone = found
    ctx.uow.members.save(ctx.member)
    moved = service.move_to_timezone(ctx.uow, ctx.member.id, found, ctx.now)
    parts = [Msg.of("timezone.changed", zone=found)]
    if moved:
        parts.append(Msg.of("timezone.reminders_follow", n=len(moved)))
        settings = ctx.uow.reminders.settings(ctx.member.id)
        for reminder in moved:
            parts.append(Msg.of("timezone.reminder", number=reminder.number, text=reminder.text))
            parts += what_it_is(reminder, settings, ctx.now)
    return [Reply(tuple(parts), effect=Effect.CHANGED)]


def _time(hour: str, minute: str | None) -> time:
    value = (int(hour), int(minute or 0))
    if value == (24, 0):
        return time(0, 0)
    if value[0] > 23 or value[1] > 59:
        raise UsageError("quiet.usage")
    return time(*value)


def _quiet_msg(quiet: QuietHours | None) -> Msg:
    if quiet is None:
        return Msg.of("quiet.off")
    return Msg.of("quiet.current", start=f"{quiet.start:%H:%M}", end=f"{quiet.end:%H:%M}")


@commands.command(
    "quiet", nl=("rusttijd",), en=("quiet",), ack="ack.changed", order=85, group_menu=False
)
def quiet(ctx: Context, args: str) -> list[Reply]:
    text = args.strip().lower()
    settings = ctx.uow.reminders.settings(ctx.member.id)
    if not text:
        return [Reply((_quiet_msg(settings.quiet), Msg.of("quiet.tip")))]
    wanted = on_off(text)
    if wanted is False:
        new = None
    elif wanted:  # "aan": the default quiet hours
        new = QuietHours()
    else:
        match = _RANGE.match(text)
        if match is None:
            raise UsageError("quiet.usage")
        new = QuietHours(_time(match[1], match[2]), _time(match[3], match[4]))
        if new.start == new.end:
            raise UsageError("quiet.usage")
    service.save_settings(ctx.uow, replace(settings, quiet=new))
    return [Reply((Msg.of("quiet.set"), _quiet_msg(new)), effect=Effect.CHANGED)]


@commands.command(
    "pause", nl=("vakantie",), en=("pause",), ack="ack.changed", order=86, group_menu=False
)
def pause(ctx: Context, args: str) -> list[Reply]:
    text = args.strip()
    settings = ctx.uow.reminders.settings(ctx.member.id)
    active = settings.paused_until is not None and settings.paused_until > ctx.today
    if not text:
        if active:
            return [Reply.of("pause.current", until=settings.paused_until)]
        return [Reply((Msg.of("pause.none"), Msg.of("pause.tip")))]
    if on_off(text) is False:
        service.save_settings(ctx.uow, replace(settings, paused_until=None))
        return [Reply.done("pause.ended") if active else Reply.of("pause.none")]
    found = find_date(_UNTIL.sub("", text.lower()), ctx.today, prefer="future")
    if found is None:
        raise UsageError("pause.usage")
    until = found[0]
    if until <= ctx.today:
        raise UsageError("pause.past", until=until)
    service.save_settings(ctx.uow, replace(settings, paused_until=until))
    return [Reply.done("pause.set", until=until)]
