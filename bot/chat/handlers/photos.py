"""/foto (/photo): a profile photo from an image the member sends, or from their platform
avatar with their consent; shown only to whom the member shares it with (/delen foto).

An image sent privately on its own comes here too (the router sends images here and
other files to /importeer): as the answer to `/foto`'s question it is kept at once;
out of the blue, the bot first asks whether it is meant as the profile photo."""

from __future__ import annotations

import base64
import dataclasses
from typing import TYPE_CHECKING

from bot.chat import drafts
from bot.chat.flows import LABELS, QUESTION, FlowSet, action_choice, ask
from bot.chat.messages import Attachment
from bot.chat.registry import CommandSet, Where
from bot.chat.replies import Effect, Reply, UsageError
from bot.domain.photos import PhotoSource
from bot.domain.profiles import ProfileField
from bot.i18n import Label, Msg
from bot.services import photos as service
from bot.services.photos import ClearPhoto, Prepared, SetPhoto

if TYPE_CHECKING:
    from bot.chat.registry import Context
    from bot.domain.flows import PendingFlow
    from bot.domain.photos import Photo

commands = CommandSet()
flows = FlowSet()

_WAIT = "photo_wait"  # /foto asked for an image
_CONFIRM = "photo_confirm"  # an image came without /foto: meant as the photo?
_CLEAR_ASK = "photo_clear"
_AVATAR = "photo_avatar"  # the consent button: pressing it fetches the avatar
_NO_AVATAR = "photo_no_avatar"
_CLEAR = {"wis", "leeg", "weg", "verwijder", "clear", "delete", "remove", "none"}
_AVATAR_WORDS = {"avatar", "profielfoto", "platform"}


def _who(ctx: Context) -> Label:
    profile = ctx.uow.profiles.get(ctx.member.id)
    visibility = profile.visibility_of(ProfileField.PHOTO) if profile else None
    return Label(f"visibility.{visibility.value if visibility else 'private'}")


def _as_file(photo: Photo, stem: str = "profielfoto") -> Attachment:
    return Attachment(f"{stem}.jpg", photo.content, photo.media_type)


def _keep(ctx: Context, image: Prepared, source: PhotoSource) -> list[Reply]:
    service.set_photo(SetPhoto(ctx.member.id, image, source, ctx.now), ctx.uow)
    return [Reply.done("photo.saved", width=image.width, height=image.height, who=_who(ctx))]


def _platform(ctx: Context) -> str:
    return ctx.incoming.chat.platform.capitalize()


@commands.command(
    "photo", nl=("foto",), en=("photo",), order=83, group_menu=False, where=Where.PRIVATE
)
def photo(ctx: Context, args: str) -> list[Reply]:
    if ctx.in_group:  # reached through /profiel foto
        name = "foto" if ctx.member.language == "nl" else "photo"
        return [Reply.public("command.private_only", command=name)]
    word = args.strip().lower()
    # /foto's own question, interrupted by /foto again or answered by an image: no draft.
    waited = ctx.aside is not None and ctx.aside.kind == _WAIT
    if ctx.aside is not None and waited:
        drafts.discard_aside(ctx, ctx.aside)
        ctx.aside = None
    file = ctx.incoming.attachment
    if file is not None:
        explicit = waited or ctx.incoming.text.strip().startswith("/")
        return _received(ctx, file, explicit=explicit)
    if word in _CLEAR:
        if service.own_photo(ctx.uow, ctx.member.id) is None:
            return [Reply.of("photo.none_to_clear")]
        question = (Msg.of("photo.clear_ask"),)
        choices = [("yes", Msg.of("photo.btn_clear")), ("no", Msg.of("photo.btn_keep"))]
        return [ask(ctx, _CLEAR_ASK, question, choices)]
    if word in _AVATAR_WORDS:
        return [_consent(ctx)]
    if word:
        raise UsageError("photo.usage")
    return _show_and_ask(ctx)


def _show_and_ask(ctx: Context) -> list[Reply]:
    own = service.own_photo(ctx.uow, ctx.member.id)
    replies = []
    if own is not None:
        replies.append(
            Reply(
                (Msg.of("photo.yours", width=own.width, height=own.height, who=_who(ctx)),),
                attachment=_as_file(own),
            )
        )
    choices = [("cancel", Msg.of("photo.btn_cancel"))]
    if ctx.incoming.sender.avatar is not None:
        choices.insert(0, ("avatar", Msg.of("photo.btn_avatar", platform=_platform(ctx))))
    key = "photo.send_new" if own is not None else "photo.send_first"
    replies.append(ask(ctx, _WAIT, (Msg.of(key),), choices))
    return replies


def _received(ctx: Context, file: Attachment, *, explicit: bool) -> list[Reply]:
    image = service.prepare(file.content)
    if explicit:
        return _keep(ctx, image, PhotoSource.UPLOAD)
    question = (Msg.of("photo.confirm_ask"),)
    choices = [("yes", Msg.of("photo.btn_use")), ("no", Msg.of("photo.btn_dont"))]
    data = {
        "image": base64.b64encode(image.content).decode("ascii"),
        "width": image.width,
        "height": image.height,
    }
    reply = ask(ctx, _CONFIRM, question, choices, data)
    # Not kept as a draft when interrupted: an unconfirmed image is not worth keeping.
    flow = ctx.uow.flows.get(ctx.member.id, ctx.now)
    if flow is not None:
        kept = {k: v for k, v in flow.data.items() if k not in (QUESTION, LABELS)}
        ctx.uow.flows.put(dataclasses.replace(flow, data=kept))
    return [reply]


def _consent(ctx: Context) -> Reply:
    if ctx.incoming.sender.avatar is None:
        return Reply.of("photo.no_avatar_here")
    return Reply(
        (Msg.of("photo.avatar_ask", platform=_platform(ctx)),),
        choices=(
            action_choice(_AVATAR, "yes", Msg.of("photo.btn_consent")),
            action_choice(_NO_AVATAR, "no", Msg.of("photo.btn_no_consent")),
        ),
        effect=Effect.ASKED,
    )


@flows.action(_AVATAR, fetches_avatar=True)
def avatar_consented(ctx: Context, argument: str) -> list[Reply]:
    file = ctx.incoming.attachment  # fetched by the router on this press
    if file is None:
        return [Reply.of("photo.no_avatar", platform=_platform(ctx))]
    return _keep(ctx, service.prepare(file.content), PhotoSource.AVATAR)


@flows.action(_NO_AVATAR)
def avatar_refused(ctx: Context, argument: str) -> list[Reply]:
    return [Reply.of("photo.avatar_refused")]


@flows.flow(_WAIT)
def answer_wait(
    ctx: Context, flow: PendingFlow, choice: str | None, text: str | None
) -> list[Reply]:
    if choice == "avatar":
        ctx.uow.flows.clear(ctx.member.id)
        return [_consent(ctx)]
    if choice == "cancel":
        ctx.uow.flows.clear(ctx.member.id)
        return [Reply.of("photo.cancelled")]
    return [Reply.of("photo.send_image_please")]


@flows.flow(_CONFIRM)
def answer_confirm(
    ctx: Context, flow: PendingFlow, choice: str | None, text: str | None
) -> list[Reply]:
    if choice is None:
        return [Reply.of("photo.use_buttons")]
    ctx.uow.flows.clear(ctx.member.id)
    if choice == "no":
        return [Reply.of("photo.not_used")]
    image = Prepared(
        base64.b64decode(flow.data["image"]), int(flow.data["width"]), int(flow.data["height"])
    )
    return _keep(ctx, image, PhotoSource.UPLOAD)


@flows.flow(_CLEAR_ASK)
def answer_clear(
    ctx: Context, flow: PendingFlow, choice: str | None, text: str | None
) -> list[Reply]:
    if choice is None:
        return [Reply.of("photo.use_buttons")]
    ctx.uow.flows.clear(ctx.member.id)
    if choice == "no":
        return [Reply.of("photo.kept")]
    service.clear_photo(ClearPhoto(ctx.member.id, ctx.now), ctx.uow)
    return [Reply.done("photo.cleared")]


def seen_photos(ctx: Context, member_ids: list[int]) -> list[Reply]:
    """`/profiel @naam`: the photos of the members shown that the asker may see."""
    return [
        Reply((Msg.of("photo.of", name=one.name),), attachment=_as_file(one.photo, "foto"))
        for one in service.photos_seen(ctx.uow, ctx.member.id, member_ids)
    ]
