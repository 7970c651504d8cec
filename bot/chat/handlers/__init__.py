"""Every command and guided flow, declared once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.chat.flows import FlowSet
from bot.chat.handlers import (
    activities,
    catalogue,
    data,
    general,
    goals,
    nudges,
    profiles,
    reminder_settings,
    reminders,
    reviews,
    rounds,
    suggestions,
)

if TYPE_CHECKING:
    from bot.chat.registry import CommandSpec

_MODULES = (
    general,
    activities,
    goals,
    reminders,
    reminder_settings,
    nudges,
    catalogue,
    reviews,
    rounds,
    suggestions,
    data,
    profiles,
)


def command_specs() -> list[CommandSpec[Any]]:
    return [spec for module in _MODULES for spec in module.commands.specs]


def flow_set() -> FlowSet:
    merged = FlowSet()
    for module in _MODULES:
        merged.merge(module.flows)
    return merged
