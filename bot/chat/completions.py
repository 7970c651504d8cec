"""Suggestions for a command's argument while the member types it (a read-side view).

Platforms with autocomplete ask what could follow: activity, goal and reminder numbers
(the last word typed is completed with a number, labelled with what it stands for) and
offering titles (the whole text is searched in the catalogue). Labels are in the member's
language; a platform shows at most `limit` of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from bot.domain.reminders import ReminderKind, ReminderState
from bot.i18n import Hours, Msg
from bot.services.ports.activities import ActivityFilter

if TYPE_CHECKING:
    from bot.i18n import Translator
    from bot.services.catalogue import TitleIndex
    from bot.services.ports import Store, UnitOfWork

MAX_CHOICE = 100  # characters of a label or value: the tightest platform limit


class Completes(StrEnum):
    ACTIVITY = "activity"
    GOAL = "goal"
    REMINDER = "reminder"
    OFFERING = "offering"


# Command key -> what its one free-text argument refers to (a command with typed
# arguments says it per argument: bot.chat.arguments).
COMPLETES: dict[str, Completes] = {
    "edit": Completes.ACTIVITY,
    "delete": Completes.ACTIVITY,
    "reflect": Completes.ACTIVITY,
    "evidence": Completes.ACTIVITY,
    "goal": Completes.GOAL,
    "reminders": Completes.REMINDER,
    "course": Completes.OFFERING,
    "review": Completes.OFFERING,
}


@dataclass(frozen=True)
class Completion:
    label: str
    value: str


class Completer:
    def __init__(self, store: Store, translator: Translator, titles: TitleIndex) -> None:
        self._store = store
        self._translator = translator
        self._titles = titles

    async def complete(
        self,
        platform: str,
        user_id: str,
        command_key: str,
        typed: str,
        *,
        language_hint: str | None = None,
        limit: int = 25,
    ) -> list[Completion]:
        kind = COMPLETES.get(command_key)
        if kind is None:
            return []
        return await self.complete_kind(
            platform, user_id, kind, typed, language_hint=language_hint, limit=limit
        )

    async def complete_kind(
        self,
        platform: str,
        user_id: str,
        kind: Completes,
        typed: str,
        *,
        language_hint: str | None = None,
        limit: int = 25,
    ) -> list[Completion]:
        """Suggestions for one typed argument that refers to `kind` (bot.chat.arguments)."""

        def work(uow: UnitOfWork) -> list[Completion]:
            member = uow.members.by_identity(platform, user_id)
            if kind is Completes.OFFERING:
                language = member.language if member else _language(language_hint)
                return self._offerings(uow, typed, language, limit)
            if member is None:
                return []  # nothing of theirs to number yet
            return self._numbered(uow, kind, member.id, member.language, typed, limit)

        return await self._store.run(work)

    def _numbered(
        self,
        uow: UnitOfWork,
        kind: Completes,
        member_id: int,
        language: str,
        typed: str,
        limit: int,
    ) -> list[Completion]:
        head, _, word = typed.rpartition(" ")
        prefix = f"{head} " if head else ""
        found: list[Completion] = []
        for number, msg in self._items(uow, kind, member_id):
            label = self._translator.render(language, msg).plain
            if word.isdigit() and not str(number).startswith(word):
                continue
            if word and not word.isdigit() and word.casefold() not in label.casefold():
                continue
            found.append(Completion(label[:MAX_CHOICE], f"{prefix}{number}"[:MAX_CHOICE]))
            if len(found) == limit:
                break
        return found

    def _items(self, uow: UnitOfWork, kind: Completes, member_id: int) -> list[tuple[int, Msg]]:
        if kind is Completes.ACTIVITY:
            return [
                (
                    a.number,
                    Msg.of(
                        "completions.activity",
                        number=a.number,
                        title=a.title,
                        date=a.date,
                        hours=Hours(a.minutes),
                    ),
                )
                for a in uow.activities.list(member_id, ActivityFilter(), limit=200)
            ]
        if kind is Completes.GOAL:
            return [
                (g.number, Msg.of("completions.goal", number=g.number, title=g.title))
                for g in uow.goals.list(member_id)
            ]
        return [
            (r.number, Msg.of("completions.reminder", number=r.number, text=r.text))
            for r in uow.reminders.of_member(member_id)
            if r.kind is ReminderKind.USER and r.state is not ReminderState.DONE
        ]

    def _offerings(
        self, uow: UnitOfWork, typed: str, language: str, limit: int
    ) -> list[Completion]:
        scored = self._titles.search(uow, typed, limit=limit) if typed.strip() else []
        offerings = {o.id: o for o in uow.catalogue.many([i for i, _ in scored])}
        found = []
        for offering_id, _ in scored:
            offering = offerings.get(offering_id)
            if offering is None:
                continue
            msg = Msg.of(
                "completions.offering", title=offering.title, provider=offering.provider_name
            )
            label = self._translator.render(language, msg).plain
            found.append(Completion(label[:MAX_CHOICE], offering.title[:MAX_CHOICE]))
        return found


def _language(hint: str | None) -> str:
    return "en" if (hint or "").startswith("en") else "nl"
