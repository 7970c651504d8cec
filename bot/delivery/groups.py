"""Posts to group chats without an incoming message to answer (a review round's summary).

Every attached adapter's `OutboxChannel` gets a `GroupPoster` (bot.delivery.platforms),
run by the core's scheduler, which sends the pending rows of the `group_posts` queue for
its platform and marks each sent. Rows are written in the same transaction as their cause
(closing a round), so a crash before the send means the post is sent after restart, not
lost.

`close_due_rounds` is the scheduler's job: it finds rounds past their deadline, renders
each summary and chart in a thread (matplotlib is slow and must not block the loop), and
closes the round and queues its post in one transaction."""

from __future__ import annotations

import asyncio
import logging
from functools import partial
from typing import TYPE_CHECKING

from bot.chat import wire
from bot.chat.messages import Outgoing
from bot.chat.render import round_summary

if TYPE_CHECKING:
    from datetime import datetime

    from bot.clock import Clock
    from bot.delivery.channel import OutboxChannel
    from bot.domain.catalogue import Offering, Review, ReviewRound
    from bot.i18n import Translator
    from bot.services.ports import Store, UnitOfWork

log = logging.getLogger(__name__)
BATCH = 20


class GroupPoster:
    def __init__(self, store: Store, clock: Clock, channel: OutboxChannel) -> None:
        self._store = store
        self._clock = clock
        self._channel = channel
        self.sent = 0

    async def post_due(self) -> int:
        """Send the pending posts of this platform; the number sent. A failed send stays
        pending and is tried again at the next call."""
        platform = self._channel.platform
        pending = await self._store.run(lambda uow: uow.group_posts.pending(platform, BATCH))
        failing: set[str] = set()  # a chat whose post failed: its later posts wait too
        for post_id, chat_id, payload in pending:
            if chat_id in failing:
                continue
            try:
                message = wire.load(payload)
            except (KeyError, TypeError, ValueError):
                log.error("group post %s is unreadable; marked sent", post_id)
            else:
                try:
                    await self._channel.send_group(chat_id, message)
                except Exception:
                    log.warning(
                        "posting %s in %s failed; later again", post_id, chat_id, exc_info=True
                    )
                    failing.add(chat_id)
                    continue
                self.sent += 1
            await self._store.run(partial(_mark_sent, post_id, self._clock.now()))
        return self.sent


def _mark_sent(post_id: int, now: datetime, uow: UnitOfWork) -> None:
    uow.group_posts.mark_sent(post_id, now)


async def close_due_rounds(
    store: Store, clock: Clock, translator: Translator, language: str
) -> int:
    """Close every round past its deadline and queue its summary for its group."""
    now = clock.now()

    def gather(uow: UnitOfWork) -> list[tuple[ReviewRound, Offering, list[Review]]]:
        found = []
        for rnd in uow.rounds.due(now, BATCH):
            offering = uow.catalogue.get(rnd.offering_id)
            if offering is None:
                uow.rounds.close(rnd.id, now)
                continue
            found.append((rnd, offering, uow.rounds.answers(rnd, rnd.deadline)))
        return found

    due = await store.run(gather)
    if not due:
        return 0

    def render() -> list[tuple[ReviewRound, Outgoing]]:
        rendered = []
        for rnd, offering, answers in due:
            parts, chart = round_summary(translator, language, rnd, offering, answers)
            rendered.append(
                (rnd, Outgoing(translator.render_lines(language, parts), attachment=chart))
            )
        return rendered

    closed = 0
    for rnd, message in await asyncio.to_thread(render):

        def commit(uow: UnitOfWork, rnd: ReviewRound = rnd, message: Outgoing = message) -> bool:
            if not uow.rounds.close(rnd.id, now):
                return False  # a moderator or another process closed it meanwhile
            key = f"round:{rnd.id}:summary"
            uow.group_posts.enqueue(key, rnd.platform, rnd.chat_id, wire.dump(message), now)
            return True

        closed += await store.run(commit)
    return closed
