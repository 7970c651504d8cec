"""Reminders and reminder settings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from datetime import datetime

    from bot.domain.reminders import (
        DueReminder,
        NudgeTarget,
        Reminder,
        ReminderSettings,
        ReminderState,
    )


class ReminderRepository(Protocol):
    def add(self, reminder: Reminder) -> Reminder:
        """Store a new reminder; it gets the member's next number and an id."""

    def get(self, member_id: int, number: int) -> Reminder | None: ...

    def by_id(self, reminder_id: int) -> Reminder | None: ...

    def of_member(self, member_id: int) -> list[Reminder]:
        """Active and paused ones, by number (done ones are history)."""

    def save(self, reminder: Reminder) -> None:
        """Store text, schedule, next fire time and state."""

    def delete(self, member_id: int, number: int) -> bool: ...

    def claim_due(self, now: datetime, limit: int) -> list[DueReminder]:
        """Active reminders due at `now`, oldest first, with their owner's language,
        settings and identities. Locked for this transaction (PostgreSQL: SKIP LOCKED, so a
        second dispatcher takes other rows); the caller advances them before it commits."""

    def advance(self, changes: list[tuple[int, datetime | None, ReminderState]]) -> None:
        """(id, next fire time, state) for a batch, in one statement."""

    def settings(self, member_id: int) -> ReminderSettings: ...

    def save_settings(self, settings: ReminderSettings) -> None: ...

    def nudge_targets(self) -> list[NudgeTarget]:
        """Members who opted in to at least one built-in reminder."""
