"""Every command and guided flow, declared once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.chat import drafts
from bot.chat.flows import FlowSet
from bot.chat.handlers import (
    activities,
    catalogue,
    data,
    general,
    goal_changes,
    goal_deadlines,
    goals,
    intro,
    linking,
    log_week,
    nudges,
    photos,
    profiles,
    reflections,
    reminder_rules,
    reminder_settings,
    reminders,
    reviews,
    rounds,
    suggestions,
    undo,
)

if TYPE_CHECKING:
    from bot.chat.registry import CommandSpec

_MODULES = (
    general,
    activities,
    reflections,
    log_week,
    goals,
    goal_changes,
    goal_deadlines,
    reminders,
    reminder_rules,
    reminder_settings,
    nudges,
    catalogue,
    reviews,
    rounds,
    suggestions,
    data,
    undo,
    drafts,
    profiles,
    photos,
    linking,
    intro,
)


def command_specs() -> list[CommandSpec[Any]]:
    return [spec for module in _MODULES for spec in module.commands.specs]


def flow_set() -> FlowSet:
    merged = FlowSet()
    for module in _MODULES:
        merged.merge(module.flows)
    return merged
