"""The outbox deliverer with a recording channel, on every backend."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from bot.chat import wire
from bot.chat.messages import Attachment, Choice, Outgoing, Span, Style, Text
from bot.clock import FixedClock
from bot.delivery.channel import UnreachableNote
from bot.delivery.outbox import Deliverer, TryLater, Unreachable, queue_private
from bot.domain.members import Member
from bot.i18n import Translator
from bot.services.ports import Store
from tests.integration.storage_builders import NOW


@dataclass
class Channel:
    platform: str = "telegram"
    refuse: set[str] = field(default_factory=set)
    later: list[float] = field(default_factory=list)  # TryLater seconds for the next sends
    broken: int = 0  # the next sends that fail with an ordinary error
    sent: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str, str]] = field(default_factory=list)

    async def send_private(self, user_id: str, message: Outgoing) -> None:
        if user_id in self.refuse:
            raise Unreachable("403")
        if self.later:
            raise TryLater(self.later.pop(0))
        if self.broken:
            self.broken -= 1
            raise ConnectionError("network")
        self.sent.append((user_id, message.text.plain))

    async def send_group(self, chat_id: str, message: Outgoing) -> None:
        raise AssertionError("the deliverer posts nothing in groups")

    async def send_unreachable_note(self, chat_id: str, note: UnreachableNote) -> None:
        self.notes.append((chat_id, note.user_id, note.text.plain))


def _message(text: str) -> Outgoing:
    return Outgoing(Text((Span(text),)))


async def _queue(store: Store, key: str, *texts: str, user: str = "1001") -> None:
    await store.run(
        lambda uow: queue_private(
            uow, "telegram", user, [_message(t) for t in texts], key=key, now=NOW
        )
    )


def test_wire_round_trip() -> None:
    message = Outgoing(
        Text((Span("Hoi "), Span("Anna", Style.BOLD))),
        choices=(Choice("act:snooze:1", "1 uur later"),),
        attachment=Attachment("a.png", b"\x00\x01", "image/png"),
    )
    assert wire.load(wire.dump(message)) == message


async def test_sends_each_once_in_order(store: Store, member: Member) -> None:
    channel = Channel()
    deliverer = Deliverer(store, FixedClock(NOW), channel, Translator.load())
    await _queue(store, "r:1", "eerste", "tweede")
    await _queue(store, "r:1", "eerste", "tweede")  # the same cause again: nothing new
    assert await deliverer.deliver_due() == 2
    assert await deliverer.deliver_due() == 0
    assert channel.sent == [("1001", "eerste"), ("1001", "tweede")]


async def test_unreachable_waits_with_one_note_until_the_member_writes(
    store: Store, member: Member
) -> None:
    await store.run(
        lambda uow: uow.communities.join("telegram", "-77", "PLG", member.id, False, NOW)
    )
    channel = Channel(refuse={"1001"})
    deliverer = Deliverer(store, FixedClock(NOW), channel, Translator.load())
    await _queue(store, "r:1", "herinnering")
    await _queue(store, "r:2", "nog een")
    assert await deliverer.deliver_due() == 2
    assert channel.sent == []
    (note,) = channel.notes  # one note, not one per message
    assert note[0] == "-77" and "privégesprek" in note[2] and "herinnering" not in note[2]
    assert await deliverer.deliver_due() == 0  # blocked rows wait
    channel.refuse.clear()
    assert await store.run(lambda uow: uow.outbox.unblock("telegram", "1001", NOW)) == 2
    assert await deliverer.deliver_due() == 2
    assert sorted(text for _, text in channel.sent) == ["herinnering", "nog een"]


async def test_try_later_and_errors_are_retried_later(store: Store, member: Member) -> None:
    clock = FixedClock(NOW)
    channel = Channel(later=[30.0], broken=1)
    deliverer = Deliverer(store, clock, channel, Translator.load())
    await _queue(store, "r:1", "een")
    await deliverer.deliver_due()  # TryLater(30)
    clock.set(NOW + timedelta(seconds=29))
    assert await deliverer.deliver_due() == 0
    clock.set(NOW + timedelta(seconds=30))
    await deliverer.deliver_due()  # ConnectionError: backoff
    assert channel.sent == []
    clock.set(NOW + timedelta(minutes=2))
    assert await deliverer.deliver_due() == 1
    assert channel.sent == [("1001", "een")]
