"""/profiel (/profile), /delen (/share) and /zoek (/find)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.chat.flows import FlowSet
from bot.chat.handlers import photos
from bot.chat.registry import CommandSet
from bot.chat.replies import Reply, UsageError
from bot.domain.activities import Visibility
from bot.domain.profiles import FIELD_WORDS, ProfileField
from bot.i18n import Label, Msg
from bot.services import profiles as service
from bot.services import search
from bot.services.profiles import (
    ClearProfileField,
    SetProfileField,
    ShareProfileFields,
    ViewProfile,
)

if TYPE_CHECKING:
    from datetime import date

    from bot.chat.registry import Context
    from bot.domain.profiles import Profile

commands = CommandSet()
flows = FlowSet()  # no guided flows (yet): one field per message

_CLEAR = {"leeg", "wis", "weg", "-", "clear", "empty", "none"}
_ALL = {"alles", "all", "iedereen_alles"}
VISIBILITY_WORDS = {
    "privé": Visibility.PRIVATE,
    "prive": Visibility.PRIVATE,
    "private": Visibility.PRIVATE,
    "niemand": Visibility.PRIVATE,
    "community": Visibility.COMMUNITY,
    "groep": Visibility.COMMUNITY,
    "groepen": Visibility.COMMUNITY,
    "openbaar": Visibility.PUBLIC,
    "iedereen": Visibility.PUBLIC,
    "public": Visibility.PUBLIC,
    "everyone": Visibility.PUBLIC,
}
_FILLER = {"met", "mijn", "en", "deel", "with", "my", "and", "share", ",", "&"}


@dataclass(frozen=True)
class ProfileArgs:
    action: str  # show | set | clear | view
    field: ProfileField | None = None
    value: str = ""


def parse_profile(text: str, today: date) -> ProfileArgs:
    text = text.strip()
    if not text:
        return ProfileArgs("show")
    if text.startswith("@"):
        return ProfileArgs("view", value=text[1:].strip())
    word, _, rest = text.partition(" ")
    field = FIELD_WORDS.get(word.lower())
    if field is None:
        raise UsageError("profile.unknown_field", word=word[:40])
    rest = rest.strip()
    if field is ProfileField.PHOTO:  # an image, not text: /foto does it
        return ProfileArgs("photo", field, rest)
    if not rest:
        raise UsageError("profile.value_missing", word=word.lower())
    if rest.lower() in _CLEAR:
        return ProfileArgs("clear", field)
    return ProfileArgs("set", field, rest)


@dataclass(frozen=True)
class ShareArgs:
    fields: tuple[ProfileField, ...] = ()
    visibility: Visibility | None = None


def parse_share(text: str, today: date) -> ShareArgs:
    """``/delen`` shows; ``/delen expertise werkervaring openbaar`` or ``/delen alles privé``
    changes (the visibility word may come first or last)."""
    words = [w for w in text.lower().replace(",", " ").split() if w not in _FILLER]
    if not words:
        return ShareArgs()
    visibilities = [VISIBILITY_WORDS[w] for w in words if w in VISIBILITY_WORDS]
    if len(visibilities) != 1:
        raise UsageError("share.usage")
    fields: list[ProfileField] = []
    for word in words:
        if word in VISIBILITY_WORDS:
            continue
        if word in _ALL:
            fields += list(ProfileField)
        elif word in FIELD_WORDS:
            fields.append(FIELD_WORDS[word])
        else:
            raise UsageError("profile.unknown_field", word=word[:40])
    if not fields:
        raise UsageError("share.usage")
    return ShareArgs(tuple(dict.fromkeys(fields)), visibilities[0])


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
    return Reply(tuple(parts))


@commands.command(
    "profile", nl=("profiel",), en=("profile",), parse=parse_profile, ack="ack.noted", order=80
)
def profile(ctx: Context, args: ProfileArgs) -> list[Reply]:
    if args.action == "show":
        return [_own(service.own_profile(ctx.uow, ctx.member.id))]
    if args.action == "photo":
        return photos.photo(ctx, args.value)
    if args.action == "view":
        seen = service.view_profile(ViewProfile(ctx.member.id, args.value), ctx.uow)
        if not seen:
            return [Reply.of("profile.nothing_shared", name=args.value[:60])]
        parts: list[Msg] = []
        for one in seen:
            parts.append(Msg.of("profile.other_header", name=one.name))
            parts += _field_lines(one.fields)
        return [Reply(tuple(parts)), *photos.seen_photos(ctx, args.value)]
    assert args.field is not None
    field = Label(f"profile.field.{args.field.value}")
    if args.action == "clear":
        cleared = service.clear_field(
            ClearProfileField(ctx.member.id, args.field, ctx.now), ctx.uow
        )
        return [
            Reply.done("profile.cleared", field=field)
            if cleared
            else Reply.of("profile.was_empty", field=field)
        ]
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
    if args.visibility is None:
        profile = service.own_profile(ctx.uow, ctx.member.id)
        parts = [Msg.of("share.header")]
        for vis in Visibility:
            fields = [f for f in ProfileField if profile.visibility_of(f) is vis]
            labels = [Label(f"profile.field.{f.value}") for f in fields]
            if labels:
                parts.append(Msg.of(f"share.{vis.value}", fields=labels))
        parts.append(Msg.of("share.tip"))
        return [Reply(tuple(parts))]
    service.share_fields(
        ShareProfileFields(ctx.member.id, args.fields, args.visibility, ctx.now), ctx.uow
    )
    labels = [Label(f"profile.field.{f.value}") for f in args.fields]
    return [
        Reply.done(
            "share.changed", fields=labels, who=Label(f"visibility.{args.visibility.value}")
        )
    ]


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
