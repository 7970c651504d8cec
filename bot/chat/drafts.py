"""Questions left open are kept, never dropped: a draft the member finishes with one tap.

When a member answers an open question with another command, the question (with what was
understood so far, e.g. the activity of a `/log` without a duration) is set aside as a
draft, and the reply to the new command ends with a short note and a button to finish it.
This holds for every kind of flow alike: the question is stored with the flow (see
`bot.chat.flows.ask`), so asking it again needs nothing from the flow's own module.
`/concepten` (`/drafts`) lists the drafts; `/annuleer` drops the question on purpose.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot.chat import msgcodec
from bot.chat.flows import LABELS, QUESTION, TYPED, FlowSet, action_choice, ask
from bot.chat.registry import CommandSet
from bot.chat.replies import Reply, UsageError
from bot.domain.flows import Draft
from bot.domain.members import zone
from bot.i18n import Msg

if TYPE_CHECKING:
    from bot.chat.registry import Context
    from bot.domain.flows import PendingFlow
    from bot.services.ports import UnitOfWork

commands = CommandSet()
flows = FlowSet()

ACTION = "draft"  # "<verb>.<draft id>": finish | drop
_EVER = datetime(1970, 1, 1, tzinfo=UTC)  # a flow that expired unanswered is kept too
MAX_SHOWN = 10
_BUTTONS = (("finish", "draft.btn_finish"), ("drop", "draft.btn_drop"))


def _keep(uow: UnitOfWork, flow: PendingFlow, now: datetime) -> Draft | None:
    if QUESTION not in flow.data:
        return None
    data = {key: value for key, value in flow.data.items() if key != "_token"}
    data["_choices"] = list(flow.choices)
    return uow.drafts.add(Draft(flow.member_id, flow.kind, data, now))


def set_aside(ctx: Context) -> Draft | None:
    """Keep the member's open question as a draft, if there is one, and close it."""
    flow = ctx.uow.flows.get(ctx.member.id, _EVER)
    if flow is None:
        return None
    ctx.uow.flows.clear(ctx.member.id)
    return _keep(ctx.uow, flow, ctx.now)


def keep_expired(uow: UnitOfWork, now: datetime) -> int:
    """Questions that expired unanswered become drafts before they are purged."""
    kept = [_keep(uow, flow, now) for flow in uow.flows.expired(now)]
    return sum(draft is not None for draft in kept)


def question_of(draft: Draft) -> tuple[Msg, ...]:
    return tuple(msgcodec.load(part) for part in draft.data[QUESTION])


def note(draft: Draft) -> Reply:
    """The line added to the reply of the command that interrupted the question."""
    return Reply(
        (Msg.of("draft.kept", question=question_of(draft)[0]),),
        choices=tuple(
            action_choice(ACTION, f"{verb}.{draft.id}", Msg.of(label)) for verb, label in _BUTTONS
        ),
    )


def discard_aside(ctx: Context, draft: Draft) -> None:
    ctx.uow.drafts.remove(ctx.member.id, draft.id)


@flows.action(ACTION)
def draft_button(ctx: Context, argument: str) -> list[Reply]:
    verb, _, raw = argument.partition(".")
    if verb not in ("finish", "drop") or not raw.isdigit() or len(raw) > 12:
        return [Reply.public("flow.expired")]
    draft = ctx.uow.drafts.get(ctx.member.id, int(raw))
    if draft is None:
        return [Reply.of("draft.gone")]
    ctx.uow.drafts.remove(ctx.member.id, draft.id)
    if verb == "drop":
        return [Reply.done("draft.dropped", question=question_of(draft)[0])]
    # Another question may be open now: it is kept as well, not replaced by this one.
    aside = set_aside(ctx)
    return [resume(ctx, draft), *([note(aside)] if aside is not None else [])]


def resume(ctx: Context, draft: Draft) -> Reply:
    """Ask the draft's question again, with what was understood before."""
    data = {key: value for key, value in draft.data.items() if not key.startswith("_")}
    labels = [msgcodec.load(label) for label in draft.data.get(LABELS, [])]
    choices = list(zip(draft.data.get("_choices", []), labels, strict=False))
    typed = bool(draft.data.get(TYPED))
    return ask(ctx, draft.kind, question_of(draft), choices, data, typed=typed)


@commands.command("drafts", nl=("concepten", "concept"), en=("drafts",), order=32)
def drafts(ctx: Context, args: str) -> list[Reply]:
    if args:
        raise UsageError("drafts.no_arguments")
    kept = ctx.uow.drafts.of_member(ctx.member.id)
    if not kept:
        return [Reply.of("drafts.none")]
    replies = [Reply.of("drafts.header", n=len(kept))]
    for draft in kept[-MAX_SHOWN:]:
        day = draft.created_at.astimezone(zone(ctx.member.timezone)).date()
        line = Msg.of("drafts.line", day=day, question=question_of(draft)[0])
        replies.append(Reply((line,), choices=note(draft).choices))
    return replies
