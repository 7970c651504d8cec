"""Fault injection for the loopback Bot API: fail a share of calls the way Telegram does.

    api.inject_faults(FaultPlan(rate=0.1, seed=7))
    ...
    api.faults.stop()          # the platform has recovered

What can happen to a call (each picked with its weight in ``FaultPlan.kinds``):

- ``429``: refused before it is applied, ``Too Many Requests: retry after N``;
- ``500`` / ``502``: refused before it is applied (an internal error, a bad gateway);
- ``slow``: APPLIED (the message is in the chat), but the answer comes only after
  ``slow_seconds`` — later than the client waits, so the client sees a time-out for a
  message that was delivered. The one case in which a repeat is legitimate;
- ``hang`` (``getUpdates`` only): the poll is held for ``hang_seconds`` without touching
  the queue, longer than the client waits, then answered empty.

Deterministic: whether the n-th call of a kind of method to one chat fails, and how, depends
only on the seed, that chat and n — not on how calls of different chats interleave. Every
injected fault is recorded in ``FaultInjector.log``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Literal

from tests.fakes.telegram_model import ApiError

FaultKind = Literal["429", "500", "502", "slow", "hang"]

# Methods that post or change something in a chat, and the poll. Start-up calls (getMe,
# setMyCommands, deleteWebhook) are left alone: a bot that cannot start is another story.
SENDS = frozenset(
    {
        "sendmessage",
        "senddocument",
        "sendphoto",
        "editmessagetext",
        "editmessagereplymarkup",
        "answercallbackquery",
        "setmessagereaction",
    }
)
POLL = "getupdates"
_REFUSALS = {
    "429": None,  # built with its retry_after
    "500": ApiError(500, "Internal Server Error"),
    "502": ApiError(502, "Bad Gateway"),
}


@dataclass(frozen=True)
class FaultPlan:
    rate: float  # share of the affected calls that fail, 0..1
    seed: int = 0
    kinds: dict[FaultKind, float] = field(
        default_factory=lambda: {"429": 3.0, "500": 2.0, "502": 2.0, "slow": 1.0, "hang": 1.0}
    )
    poll_rate: float | None = None  # share of getUpdates calls that fail; None: ``rate``
    retry_after: tuple[int, int] = (1, 2)  # seconds a 429 asks for, lowest and highest
    slow_seconds: float = 6.0  # PTB's default read time-out is 5 s
    hang_seconds: float = 15.0  # longer than the adapter's poll time-out + read time-out
    methods: frozenset[str] = SENDS | {POLL}
    spared: frozenset[int] = frozenset()  # chat ids whose calls never fail

    def __post_init__(self) -> None:
        if not 0.0 <= self.rate <= 1.0 or not 0.0 <= (self.poll_rate or 0.0) <= 1.0:
            raise ValueError("rates are shares between 0 and 1")


@dataclass(frozen=True)
class Fault:
    method: str  # lower case
    chat_id: int | None  # None for getUpdates
    kind: FaultKind
    call: int  # the n-th call of this method kind to this chat (0-based)
    message_id: int | None = None  # for ``slow`` sends: the message that WAS delivered


@dataclass
class Decision:
    """What to do with one call: refuse it (``error``), delay its answer, or hold a poll."""

    kind: FaultKind
    index: int  # in FaultInjector.log
    error: ApiError | None = None
    delay: float = 0.0


class FaultInjector:
    def __init__(self, plan: FaultPlan) -> None:
        self.plan = plan
        self.active = True
        self.log: list[Fault] = []
        self._calls: dict[tuple[str, int | None], int] = {}

    def stop(self) -> None:
        """The platform has recovered: no call fails from now on."""
        self.active = False

    def decide(self, method: str, chat_id: int | None) -> Decision | None:
        """Called once per request, before it is applied."""
        plan = self.plan
        if not self.active or method not in plan.methods or chat_id in plan.spared:
            return None
        kind_of_method = "poll" if method == POLL else "send"
        counter = (kind_of_method, chat_id)
        call = self._calls.get(counter, 0)
        self._calls[counter] = call + 1
        # str seeds are hashed with SHA-512: the same on every run and every machine.
        rng = random.Random(f"{plan.seed}|{kind_of_method}|{chat_id}|{call}")
        rate = plan.rate if method != POLL or plan.poll_rate is None else plan.poll_rate
        if rng.random() >= rate:
            return None
        allowed: list[FaultKind] = ["429", "500", "502", "hang" if method == POLL else "slow"]
        weights = [plan.kinds.get(kind, 0.0) for kind in allowed]
        if sum(weights) <= 0:
            return None
        kind = rng.choices(allowed, weights)[0]
        index = len(self.log)
        self.log.append(Fault(method, chat_id, kind, call))
        if kind == "429":
            seconds = rng.randint(*plan.retry_after)
            error = ApiError(429, f"Too Many Requests: retry after {seconds}", seconds)
            return Decision(kind, index, error=error)
        if kind in _REFUSALS:
            return Decision(kind, index, error=_REFUSALS[kind])
        if kind == "slow":
            return Decision(kind, index, delay=plan.slow_seconds)
        return Decision(kind, index, delay=plan.hang_seconds)

    def applied_slowly(self, decision: Decision, message_id: int | None) -> None:
        """The ``slow`` call was applied; remember which message it made."""
        old = self.log[decision.index]
        self.log[decision.index] = Fault(old.method, old.chat_id, old.kind, old.call, message_id)

    # --- reading the log -----------------------------------------------------------------

    def faulted_chats(self) -> set[int]:
        return {fault.chat_id for fault in self.log if fault.chat_id is not None}

    def count(self, kind: FaultKind | None = None) -> int:
        return sum(1 for fault in self.log if kind is None or fault.kind == kind)

    def slow_messages(self, chat_id: int) -> set[int]:
        """Messages delivered to ``chat_id`` whose answer the client did not wait for."""
        return {
            fault.message_id
            for fault in self.log
            if fault.kind == "slow" and fault.chat_id == chat_id and fault.message_id is not None
        }
