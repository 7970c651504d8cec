"""Guided flows: one question with choices, its state kept in the store with an expiry."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from bot.chat import msgcodec
from bot.chat.replies import ChoiceSpec, Effect, Reply
from bot.domain.flows import PendingFlow
from bot.i18n import Msg

if TYPE_CHECKING:
    from bot.chat.registry import Context

# (ctx, flow, pressed choice key or None, typed text or None) -> replies
FlowAnswer = Callable[["Context", PendingFlow, "str | None", "str | None"], "list[Reply]"]

# (ctx, argument) -> replies: a button that needs no pending question (see `action_choice`)
ActionAnswer = Callable[["Context", str], "list[Reply]"]

_TOKEN = "_token"
# The question itself, kept so that it can be asked again from a draft (bot.chat.drafts).
QUESTION = "_question"
LABELS = "_labels"
# Kept with the question: it takes a typed answer (so a draft asked again still does).
TYPED = "_typed"
# Flow buttons are "<hex token>:<key>"; action buttons "act:<name>:<argument>" never collide.
_ACTION = "act"
MAX_CHOICE_KEY = 64  # the smallest button-data limit of the platforms, in bytes


class FlowSet:
    def __init__(self) -> None:
        self.answers: dict[str, FlowAnswer] = {}
        self.actions: dict[str, ActionAnswer] = {}
        # Actions that need the presser's platform avatar (fetched before they run).
        self.avatar_actions: set[str] = set()

    def flow(self, kind: str) -> Callable[[FlowAnswer], FlowAnswer]:
        def declare(answer: FlowAnswer) -> FlowAnswer:
            self.answers[kind] = answer
            return answer

        return declare

    def action(
        self, name: str, *, fetches_avatar: bool = False
    ) -> Callable[[ActionAnswer], ActionAnswer]:
        """Declare a stateless button: it works as long as its message exists (a reminder's
        snooze, a review round's stars), unlike a flow's answer, which expires.

        `fetches_avatar`: pressing it is consent to use the presser's platform avatar; the
        router fetches it first (outside the transaction) as the press's attachment."""

        def declare(answer: ActionAnswer) -> ActionAnswer:
            if ":" in name:
                raise ValueError(f"action name {name!r} must not contain ':'")
            self.actions[name] = answer
            if fetches_avatar:
                self.avatar_actions.add(name)
            return answer

        return declare

    def fetches_avatar(self, pressed: str) -> bool:
        head, _, rest = pressed.partition(":")
        return head == _ACTION and rest.partition(":")[0] in self.avatar_actions

    def merge(self, other: FlowSet) -> None:
        twice = (self.answers.keys() & other.answers.keys()) | (
            self.actions.keys() & other.actions.keys()
        )
        if twice:
            raise ValueError(f"declared twice: {', '.join(sorted(twice))}")
        self.answers.update(other.answers)
        self.actions.update(other.actions)
        self.avatar_actions |= other.avatar_actions


def action_choice(name: str, argument: str, label: Msg) -> ChoiceSpec:
    """A button that calls the action `name` with `argument` when pressed."""
    key = f"{_ACTION}:{name}:{argument}"
    if len(key.encode()) > MAX_CHOICE_KEY:
        raise ValueError(f"choice key {key!r} is longer than {MAX_CHOICE_KEY} bytes")
    return ChoiceSpec(key, label)


def ask(
    ctx: Context,
    kind: str,
    question: tuple[Msg, ...],
    choices: list[tuple[str, Msg]],
    data: dict[str, Any] | None = None,
    *,
    typed: bool = False,
) -> Reply:
    """Store the question's state and return it as a reply with choices.

    A button carries a token of this very question, so a press on an old button of an
    earlier question is recognised as expired instead of answering the new one.

    `typed`: the question takes a typed answer that its buttons do not cover (a text, a
    value, a duration of one's own). The reply says so (`Reply.typed_answer`), so that a
    platform where typing does not reach the bot can offer a form for it; the form's text
    comes back as a typed answer to this very question (`Incoming.answers`)."""
    token = secrets.token_hex(4)
    ctx.uow.flows.put(
        PendingFlow(
            member_id=ctx.member.id,
            kind=kind,
            expires_at=ctx.now + timedelta(minutes=ctx.flow_ttl_minutes),
            data={
                **(data or {}),
                _TOKEN: token,
                QUESTION: [msgcodec.dump(part) for part in question],
                LABELS: [msgcodec.dump(label) for _, label in choices],
                **({TYPED: True} if typed else {}),
            },
            choices=tuple(key for key, _ in choices),
        )
    )
    return Reply(
        question,
        choices=tuple(ChoiceSpec(f"{token}:{key}", label) for key, label in choices),
        effect=Effect.ASKED,
        typed_answer=token if typed else "",
    )


def answer(
    ctx: Context,
    flows: FlowSet,
    pressed: str | None,
    text: str | None,
    *,
    question: str | None = None,
) -> list[Reply] | None:
    """Route a press or a typed answer to the pending flow; None when nothing is pending.

    `question`: the token of the question a typed answer was written for (a platform's
    form, see `ask`); when that question is no longer the open one, the answer is not
    given to another question: it has expired, as an old button's press would have."""
    if pressed is not None and pressed.startswith(_ACTION + ":"):
        name, _, argument = pressed[len(_ACTION) + 1 :].partition(":")
        action = flows.actions.get(name)
        return action(ctx, argument) if action else [_expired()]
    flow = ctx.uow.flows.get(ctx.member.id, ctx.now)
    if pressed is not None:
        token, _, key = pressed.partition(":")
        if flow is None or flow.data.get(_TOKEN) != token or key not in flow.choices:
            return [_expired()]
        return flows.answers[flow.kind](ctx, flow, key, None)
    if question is not None and (flow is None or flow.data.get(_TOKEN) != question):
        return [_expired()]
    if flow is None or flow.kind not in flows.answers:
        return None
    typed = (text or "").strip()
    if not typed:  # a form sent with only spaces: the question stays open
        return [Reply((Msg.of("flow.empty_answer"),), personal=False)]
    # "2" answers the second choice on every platform, not only where buttons are numbered.
    if typed.isdigit() and 1 <= int(typed) <= len(flow.choices):
        return flows.answers[flow.kind](ctx, flow, flow.choices[int(typed) - 1], None)
    return flows.answers[flow.kind](ctx, flow, None, typed)


def _expired() -> Reply:
    return Reply((Msg.of("flow.expired"),), personal=False, toast=True)
