"""/profiel (/profile), /delen (/share) and /zoek (/find)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.chat.flows import FlowSet
from bot.chat.handlers import photos, profile_editing, sharing
from bot.chat.handlers.common import title_of
from bot.chat.handlers.naming import mentioned_first, replied_to
from bot.chat.handlers.profile_editing import CLEAR_WORDS, GUIDED_FIELDS, ask_value, edit_button
from bot.chat.handlers.sharing import ShareArgs, parse_share
from bot.chat.registry import CommandSet
from bot.chat.replies import Effect, Reply, UsageError
from bot.domain.profiles import FIELD_WORDS, ProfileField
from bot.i18n import Label, Msg
from bot.services import profiles as service
from bot.services import search
from bot.services.colleagues import member_named
from bot.services.profiles import ClearProfileField, SetProfileField, ViewProfile

if TYPE_CHECKING:
    from datetime import date

    from bot.chat.registry import Context
    from bot.domain.profiles import Profile
    from bot.services.colleagues import Named
    from bot.services.profiles import SeenProfile

commands = CommandSet()
flows = FlowSet()  # guided editing (profile_editing) and /delen's question (sharing)
flows.merge(profile_editing.flows)
flows.merge(sharing.flows)

_EDIT = {"bewerken", "bewerk", "wijzig", "wijzigen", "aanpassen", "edit", "change"}


@dataclass(frozen=True)
class ProfileArgs:
    action: str  # show | edit | ask | set | clear | view
    field: ProfileField | None = None
    value: str = ""


def parse_profile(text: str, today: date) -> ProfileArgs:
    text = text.strip()
    if not text:
        return ProfileArgs("show")
    if text.startswith("@"):
        return ProfileArgs("view", value=text[1:].strip())
    word, _, rest = text.partition(" ")
    rest = rest.strip()
    if word.lower() in _EDIT and not rest:
        return ProfileArgs("edit")
    field = FIELD_WORDS.get(word.lower())
    if field is None:
        raise UsageError("profile.unknown_field", word=word[:40])
    if field is ProfileField.PHOTO:  # an image, not text: /foto does it
        return ProfileArgs("photo", field, rest)
    if not rest:  # "/profiel school": asked for, with buttons to clear or cancel
        if field not in GUIDED_FIELDS:
            raise UsageError("profile.value_missing", word=word.lower())
        return ProfileArgs("ask", field)
    if rest.lower() in CLEAR_WORDS:
        return ProfileArgs("clear", field)
    return ProfileArgs("set", field, rest)


def _field_lines(fields: dict[ProfileField, str]) -> list[Msg]:
    return [
        Msg.of("profile.line", field=Label(f"profile.field.{f.value}"), value=v)
        for f, v in fields.items()
    ]


def _own(profile: Profile) -> Reply:
    parts = [Msg.of("profile.header", name=profile.display_name)]
    if not profile.values:
        parts.append(Msg.of("profile.empty"))
    for field in ProfileField:
        if field in profile.values:
            parts.append(
                Msg.of(
                    "profile.own_line",
                    field=Label(f"profile.field.{field.value}"),
                    value=profile.values[field],
                    who=Label(f"visibility.{profile.visibility_of(field).value}"),
                )
            )
    parts.append(Msg.of("profile.tip"))
    return Reply(tuple(parts), choices=(edit_button(),))


def _seen(one: SeenProfile) -> list[Msg]:
    """Someone else's profile as the asker may see it, with the goals and activities
    they share with the asker (titles only)."""
    parts = [Msg.of("profile.other_header", name=one.name), *_field_lines(one.fields)]
    if one.goals:
        parts.append(Msg.of("profile_edit.shared_goals"))
        parts += [Msg.of("profile_edit.shared_item", title=goal.title) for goal in one.goals]
    if one.activities:
        parts.append(Msg.of("profile_edit.shared_activities"))
        parts += [
            Msg.of("profile_edit.shared_item", title=title_of(activity))
            for activity in one.activities
        ]
    return parts


def _view(ctx: Context, typed: str, named: Named | None) -> list[Reply]:
    """Someone else's profile: by the name typed, or whom the platform pointed at."""
    platform = ctx.incoming.sender.platform
    if named is not None and member_named(ctx.uow, platform, named) == ctx.member.id:
        return [_own(service.own_profile(ctx.uow, ctx.member.id))]  # a reply to oneself
    cmd = ViewProfile(ctx.member.id, typed, named, platform)
    seen = service.view_profile(cmd, ctx.uow)
    if not seen and (named is None or not named.user_id):  # a name, or an @word
        return [Reply.of("profile.nothing_shared", name=typed.strip().lstrip("@").strip()[:60])]
    if not seen:  # named as the platform shows them (the same whoever it is)
        shown = named.name.strip().lstrip("@").strip() if named else ""
        return [
            Reply.of("profile_named.nothing_shared", name=shown[:60] or Label("intro.colleague"))
        ]
    return [
        Reply(tuple(part for one in seen for part in _seen(one))),
        *photos.seen_photos(ctx, [one.member_id for one in seen]),
    ]


def _pointed(ctx: Context, text: str) -> tuple[str, Named] | None:
    """(name typed, colleague) when the platform names whom `/profiel` is about: a mention
    standing alone, or — with no text — the author of the message replied to."""
    mentioned = mentioned_first(ctx, text)
    if mentioned is not None and not mentioned[1]:
        return text, mentioned[0]
    replied = replied_to(ctx) if not text.strip() else None
    return ("", replied) if replied is not None else None


@commands.command("profile", nl=("profiel",), en=("profile",), ack="ack.noted", order=80)
def profile(ctx: Context, text: str) -> list[Reply]:
    pointed = _pointed(ctx, text)
    if pointed is not None:
        return _view(ctx, *pointed)
    args = parse_profile(text, ctx.today)
    if args.action == "show":
        return [_own(service.own_profile(ctx.uow, ctx.member.id))]
    if args.action == "edit":
        return [profile_editing.start(ctx)]
    if args.action == "photo":
        return photos.photo(ctx, args.value)
    if args.action == "view":
        return _view(ctx, args.value, None)
    assert args.field is not None
    if args.action == "ask":
        return [ask_value(ctx, args.field)]
    field = Label(f"profile.field.{args.field.value}")
    undo_tip = Msg.of("profile_edit.undo_tip")
    if args.action == "clear":
        cleared = service.clear_field(
            ClearProfileField(ctx.member.id, args.field, ctx.now), ctx.uow
        )
        if not cleared:
            return [Reply.of("profile.was_empty", field=field)]
        return [Reply((Msg.of("profile.cleared", field=field), undo_tip), effect=Effect.CHANGED)]
    value = service.set_field(
        SetProfileField(ctx.member.id, args.field, args.value, ctx.now), ctx.uow
    )
    visibility = service.own_profile(ctx.uow, ctx.member.id).visibility_of(args.field)
    who = Label(f"visibility.{visibility.value}")
    return [Reply.done("profile.set", field=field, value=value, who=who)]


@commands.command(
    "share", nl=("delen",), en=("share",), parse=parse_share, ack="ack.noted", order=81
)
def share(ctx: Context, args: ShareArgs) -> list[Reply]:
    return sharing.share(ctx, args)


@commands.command("find", nl=("zoek",), en=("find",), order=82)
def find(ctx: Context, args: str) -> list[Reply]:
    if not args.strip():
        raise UsageError("search.usage")
    found = search.find_members(search.FindMembers(ctx.member.id, args), ctx.uow)
    if not found:
        return [Reply.of("search.none", query=args[:80])]
    parts = [Msg.of("search.header", query=args[:80])]
    people = service.seen_by_many(ctx.uow, ctx.member.id, [hit.member_id for hit in found])
    for rank, hit in enumerate(found, 1):
        seen = people.get(hit.member_id)
        if seen is None:
            continue
        matched = ", ".join(hit.matched)
        parts.append(Msg.of("search.result", rank=rank, name=seen.name, matched=matched))
        parts += _field_lines({f: v for f, v in seen.fields.items() if f in search.SHOWN_FIELDS})
    parts.append(Msg.of("search.tip"))
    return [Reply(tuple(parts))]
