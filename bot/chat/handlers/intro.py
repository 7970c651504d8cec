"""/intro (/voorstellen): ask a colleague privately whether they want to be introduced.

The colleague gets the question through the outbox, with three buttons (Ja / Nee / Nee,
en niet meer vragen); on yes both get the other's handle privately. The asker hears the
same "asked" whether or not anyone was asked (bot.services.intro)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.chat import wire
from bot.chat.flows import FlowSet, action_choice
from bot.chat.handlers.naming import mentioned_first, replied_to
from bot.chat.messages import Choice, Outgoing
from bot.chat.registry import CommandSet
from bot.chat.replies import Reply, UsageError
from bot.domain.introductions import MAX_OPEN, IntroState
from bot.domain.members import zone
from bot.i18n import Label, Msg
from bot.services import intro as service
from bot.services.intro import AnswerIntroduction, Asked, AskIntroduction, Who

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date, datetime

    from bot.chat.registry import Context
    from bot.i18n import Translator
    from bot.services.colleagues import Named
    from bot.services.profiles import SeenProfile

commands = CommandSet()
flows = FlowSet()

_ANSWERS = {"yes": IntroState.ACCEPTED, "no": IntroState.DECLINED, "block": IntroState.BLOCKED}
_BUTTONS = ("yes", "no", "block")


def _who(ctx: Context) -> Who:
    sender = ctx.incoming.sender
    return Who(ctx.member.id, sender.platform, sender.id)


def _day(ctx: Context, moment: datetime) -> date:
    return moment.astimezone(zone(ctx.member.timezone)).date()


def _question(translator: Translator) -> Callable[[str, int, SeenProfile, str], dict[str, Any]]:
    def render(language: str, intro_id: int, asker: SeenProfile, message: str) -> dict[str, Any]:
        parts = [Msg.of("intro.question", name=asker.name)]
        if asker.fields:
            parts.append(Msg.of("intro.shares", name=asker.name))
            parts += [
                Msg.of("profile.line", field=Label(f"profile.field.{f.value}"), value=v)
                for f, v in asker.fields.items()
            ]
        if message:
            parts.append(Msg.of("intro.message", name=asker.name, message=message))
        parts.append(Msg.of("intro.question_how", name=asker.name))
        choices = tuple(
            Choice(spec.key, translator.render(language, spec.label).plain)
            for spec in (
                action_choice("intro", f"{intro_id}:{answer}", Msg.of(f"intro.button_{answer}"))
                for answer in _BUTTONS
            )
        )
        return wire.dump(
            Outgoing(translator.render_lines(language, tuple(parts)), choices=choices)
        )

    return render


def _note(translator: Translator) -> Callable[[str, str, dict[str, Any]], dict[str, Any]]:
    def render(language: str, key: str, params: dict[str, Any]) -> dict[str, Any]:
        return wire.dump(Outgoing(translator.render_lines(language, (Msg(key, params),))))

    return render


def _waiting(ctx: Context) -> list[Reply]:
    requests = service.waiting(ctx.uow, ctx.member.id, ctx.now)
    parts = [Msg.of("intro.usage")]
    if requests:
        parts.append(Msg.of("intro.waiting_header", n=len(requests), max=MAX_OPEN))
        parts += [
            Msg.of("intro.waiting_line", name=r.target_name, until=_day(ctx, r.expires_at))
            for r in requests
        ]
    return [Reply(tuple(parts))]


def _named(ctx: Context, args: str) -> tuple[Named | None, str]:
    """Whom the platform points at — a mention at the start of the text, else the author of
    the message replied to — and the message; (None, text) for a typed @name."""
    text = args.strip()
    mentioned = mentioned_first(ctx, text)
    if mentioned is not None:
        return mentioned
    if text.startswith("@"):
        return None, text
    replied = replied_to(ctx)
    if replied is None:
        raise UsageError("intro.usage")
    return replied, text


@commands.command("intro", nl=("intro", "voorstellen"), en=("intro", "introduce"), order=83)
def intro(ctx: Context, args: str) -> list[Reply]:
    if not args.strip() and not ctx.incoming.mentions:
        return _waiting(ctx)
    named, text = _named(ctx, args)
    assert ctx.translator is not None
    cmd = AskIntroduction(_who(ctx), text, ctx.now, _question(ctx.translator), named)
    result = service.ask_introduction(cmd, ctx.uow)
    if result.outcome is Asked.SELF:
        return [Reply.of("intro.self")]
    name = result.name or Label("intro.colleague")
    if result.outcome is Asked.SEVERAL:
        return [Reply.of("intro.several", name=name)]
    assert result.until is not None
    until = _day(ctx, result.until)
    if result.outcome is Asked.ALREADY:
        return [Reply.of("intro.already", name=name, until=until)]
    return [Reply.done("intro.asked", name=name, until=until)]


@flows.action("intro")
def intro_answered(ctx: Context, argument: str) -> list[Reply]:
    number, _, word = argument.partition(":")
    answer = _ANSWERS.get(word)
    if not number.isdigit() or answer is None:
        return [Reply.public("flow.expired")]
    assert ctx.translator is not None
    cmd = AnswerIntroduction(int(number), _who(ctx), answer, ctx.now, _note(ctx.translator))
    done = service.answer_introduction(cmd, ctx.uow)
    if done.answer is IntroState.DECLINED:
        return [Reply.done("intro.declined", name=done.name)]
    if done.answer is IntroState.BLOCKED:
        return [Reply.done("intro.blocked", name=done.name)]
    if done.handle is None:
        return [Reply.done("intro.accepted_no_handle", name=done.name)]
    return [Reply.done("intro.accepted", name=done.name, handle=done.handle)]
