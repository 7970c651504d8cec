"""Guided profile editing: which field (buttons), its value (typed, or buttons for the
sector), its visibility the first time it is filled; work experience step by step (role,
school, from, to). Every change can be put back with /ongedaan."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from bot.chat import drafts
from bot.chat.flows import FlowSet, action_choice, ask
from bot.chat.handlers.sharing import VISIBILITY_WORDS
from bot.chat.parsing import find_date
from bot.chat.parsing.calendar_words import MONTHS
from bot.chat.parsing.normalise import fold
from bot.chat.replies import ChoiceSpec, Effect, Reply
from bot.domain.activities import Visibility
from bot.domain.profiles import FIELD_WORDS, MAX_FIELD_LENGTH, SECTORS, ProfileField
from bot.i18n import Label, Msg
from bot.services import profiles as service
from bot.services.errors import ServiceError
from bot.services.profiles import ClearProfileField, SetProfileField, ShareProfileFields

if TYPE_CHECKING:
    from datetime import date

    from bot.chat.registry import Context
    from bot.domain.flows import PendingFlow

flows = FlowSet()

ACTION = "profile"  # the button under /profiel: "act:profile:edit"
# The fields edited here, in the order of the buttons.
GUIDED_FIELDS = (
    ProfileField.NAME,
    ProfileField.SCHOOL,
    ProfileField.REGION,
    ProfileField.SECTOR,
    ProfileField.SUBJECTS,
    ProfileField.EXPERIENCE,
    ProfileField.EXPERTISE,
    ProfileField.TAGS,
    ProfileField.BIO,
)
CLEAR_WORDS = {"leeg", "leegmaken", "wis", "weg", "-", "clear", "empty", "none"}
_NOW_WORDS = {"heden", "nu", "now", "present", "huidig", "current"}
_CANCEL_WORDS = {"annuleer", "annuleren", "stop", "cancel"}
_DONE_WORDS = {"klaar", "done", "ok", "oké"}
_MONTH_YEAR = re.compile(r"^([a-z]+)\.?\s+(\d{4})$")
_NUMERIC_MONTH_YEAR = re.compile(r"^(\d{1,2})[-/](\d{4})$")
_YEAR = re.compile(r"^\d{4}$")
_EXPERIENCE_STEPS = ("role", "school", "from", "to")
_PRESENT = {"nl": "heden", "en": "present"}  # stored in the member's own language


def edit_button() -> ChoiceSpec:
    return action_choice(ACTION, "edit", Msg.of("profile_edit.btn_edit"))


def _field_label(field: ProfileField) -> Msg:
    return Msg.of(f"profile.field.{field.value}")


def _cancel() -> tuple[str, Msg]:
    return ("cancel", Msg.of("profile_edit.btn_cancel"))


def _cancelled(ctx: Context) -> list[Reply]:
    ctx.uow.flows.clear(ctx.member.id)
    return [Reply.of("profile_edit.cancelled")]


def start(ctx: Context) -> Reply:
    """Which field? One button per field."""
    choices = [(f.value, _field_label(f)) for f in GUIDED_FIELDS]
    return ask(ctx, "profile_pick", (Msg.of("profile_edit.pick"),), [*choices, _cancel()])


@flows.action(ACTION)
def edit_pressed(ctx: Context, argument: str) -> list[Reply]:
    if argument != "edit":
        return [Reply.public("flow.expired")]
    aside = drafts.set_aside(ctx)  # an open question is kept, as a new command would
    return [start(ctx), *([drafts.note(aside)] if aside is not None else [])]


@flows.flow("profile_pick")
def answer_pick(
    ctx: Context, flow: PendingFlow, choice: str | None, text: str | None
) -> list[Reply]:
    if choice is None:
        word = (text or "").strip().lower()
        if word in _CANCEL_WORDS:
            return _cancelled(ctx)
        field = FIELD_WORDS.get(word)
        if field is None or field not in GUIDED_FIELDS:
            return [Reply.public("profile_edit.pick_again")]
        choice = field.value
    if choice == "cancel":
        return _cancelled(ctx)
    return [ask_value(ctx, ProfileField(choice))]


def ask_value(ctx: Context, field: ProfileField) -> Reply:
    """The question for one field's value."""
    if field is ProfileField.SECTOR:
        current = service.own_profile(ctx.uow, ctx.member.id).values.get(field, "")
        return _ask_sector(ctx, [s for s in SECTORS if s in current.split(", ")])
    if field is ProfileField.EXPERIENCE:
        return _ask_experience(ctx, "role", {})
    value = service.own_profile(ctx.uow, ctx.member.id).values.get(field)
    question = [Msg.of("profile_edit.ask_value", field=_field_label(field))]
    choices = [_cancel()]
    if value is not None:
        question.append(Msg.of("profile_edit.now", value=value))
        choices.insert(0, ("clear", Msg.of("profile_edit.btn_clear")))
    question.append(Msg.of(f"profile_edit.hint.{field.value}"))
    return ask(ctx, "profile_value", tuple(question), choices, {"field": field.value}, typed=True)


@flows.flow("profile_value")
def answer_value(
    ctx: Context, flow: PendingFlow, choice: str | None, text: str | None
) -> list[Reply]:
    field = ProfileField(flow.data["field"])
    typed = (text or "").strip()
    if choice == "cancel" or typed.lower() in _CANCEL_WORDS:
        return _cancelled(ctx)
    if choice == "clear" or typed.lower() in CLEAR_WORDS:
        return _clear(ctx, field)
    if not typed:
        return [Reply.public("profile_edit.type_value")]
    return _store(ctx, field, typed)


def _clear(ctx: Context, field: ProfileField) -> list[Reply]:
    ctx.uow.flows.clear(ctx.member.id)
    label = Label(f"profile.field.{field.value}")
    if not service.clear_field(ClearProfileField(ctx.member.id, field, ctx.now), ctx.uow):
        return [Reply.of("profile.was_empty", field=label)]
    parts = (Msg.of("profile.cleared", field=label), Msg.of("profile_edit.undo_tip"))
    return [Reply(parts, effect=Effect.CHANGED)]


def _store(ctx: Context, field: ProfileField, value: str) -> list[Reply]:
    """Store the value; the first time a field is filled, ask who may see it."""
    first_time = field not in service.own_profile(ctx.uow, ctx.member.id).visibility
    try:
        stored = service.set_field(SetProfileField(ctx.member.id, field, value, ctx.now), ctx.uow)
    except ServiceError as error:  # the question stays open: try again
        return [Reply((Msg(error.key, error.params), Msg.of("profile_edit.try_again")))]
    ctx.uow.flows.clear(ctx.member.id)
    label = Label(f"profile.field.{field.value}")
    if first_time:
        saved = Msg.of("profile_edit.saved", field=label, value=stored)
        return [Reply((saved,), effect=Effect.CHANGED), _ask_visibility(ctx, field)]
    who = Label(f"visibility.{service.own_profile(ctx.uow, ctx.member.id).visibility_of(field)}")
    parts = (Msg.of("profile.set", field=label, value=stored, who=who), _undo_tip())
    return [Reply(parts, effect=Effect.CHANGED)]


def _undo_tip() -> Msg:
    return Msg.of("profile_edit.undo_tip")


# --- who may see it ------------------------------------------------------------------


def _ask_visibility(ctx: Context, field: ProfileField) -> Reply:
    current = service.own_profile(ctx.uow, ctx.member.id).visibility_of(field)
    choices = []
    for vis in Visibility:
        label = Label(f"visibility.{vis.value}")
        key = "profile_edit.marked" if vis is current else "profile_edit.option"
        choices.append((vis.value, Msg.of(key, option=label)))
    question = (
        Msg.of("profile_edit.ask_visibility", field=_field_label(field)),
        Msg.of("profile_edit.visibility_explained"),
    )
    return ask(ctx, "profile_visibility", question, choices, {"field": field.value})


@flows.flow("profile_visibility")
def answer_visibility(
    ctx: Context, flow: PendingFlow, choice: str | None, text: str | None
) -> list[Reply]:
    field = ProfileField(flow.data["field"])
    typed = (text or "").strip().lower()
    visibility = Visibility(choice) if choice else VISIBILITY_WORDS.get(typed)
    if visibility is None:
        return [Reply.public("profile_edit.visibility_again")]
    ctx.uow.flows.clear(ctx.member.id)
    # Part of the change just made: /ongedaan undoes the value and its visibility at once.
    service.share_fields(
        ShareProfileFields(ctx.member.id, (field,), visibility, ctx.now, journal=False), ctx.uow
    )
    labels = [Label(f"profile.field.{field.value}")]
    who = Label(f"visibility.{visibility.value}")
    parts = (Msg.of("share.changed", fields=labels, who=who), _undo_tip())
    return [Reply(parts, effect=Effect.CHANGED)]


# --- sector: buttons, several may be chosen ----------------------------------------------


def _ask_sector(ctx: Context, selected: list[str]) -> Reply:
    choices: list[tuple[str, Msg]] = []
    for sector in SECTORS:
        key = "profile_edit.marked" if sector in selected else "profile_edit.option"
        choices.append((sector, Msg.of(key, option=sector)))
    choices.append(("done", Msg.of("profile_edit.btn_done")))
    if service.own_profile(ctx.uow, ctx.member.id).values.get(ProfileField.SECTOR):
        choices.append(("clear", Msg.of("profile_edit.btn_clear")))
    choices.append(_cancel())
    question = (Msg.of("profile_edit.ask_sector", chosen=", ".join(selected) or "—"),)
    return ask(ctx, "profile_sector", question, choices, {"selected": selected})


@flows.flow("profile_sector")
def answer_sector(
    ctx: Context, flow: PendingFlow, choice: str | None, text: str | None
) -> list[Reply]:
    selected: list[str] = list(flow.data.get("selected", []))
    typed = (text or "").strip()
    if choice == "cancel" or typed.lower() in _CANCEL_WORDS:
        return _cancelled(ctx)
    if choice == "clear" or typed.lower() in CLEAR_WORDS:
        return _clear(ctx, ProfileField.SECTOR)
    if choice in SECTORS:
        toggled = (
            [s for s in selected if s != choice] if choice in selected else [*selected, choice]
        )
        return [_ask_sector(ctx, [s for s in SECTORS if s in toggled])]
    if choice == "done" or typed.lower() in _DONE_WORDS:
        if not selected:
            return [Reply.public("profile_edit.sector_none")]
        return _store(ctx, ProfileField.SECTOR, ", ".join(selected))
    return _store(ctx, ProfileField.SECTOR, typed)  # typed: "vo, mbo"


# --- work experience: role → school → from → to --------------------------------------


def _ask_experience(ctx: Context, step: str, entry: dict[str, Any]) -> Reply:
    choices: list[tuple[str, Msg]] = []
    question = [Msg.of(f"profile_edit.experience_{step}")]
    if step == "role":
        current = service.own_profile(ctx.uow, ctx.member.id).values.get(ProfileField.EXPERIENCE)
        if current:
            question.insert(0, Msg.of("profile_edit.now", value=current))
            question.append(Msg.of("profile_edit.experience_adds"))
            choices.append(("clear", Msg.of("profile_edit.btn_clear")))
    if step == "school":
        school = service.own_profile(ctx.uow, ctx.member.id).values.get(ProfileField.SCHOOL)
        if school and len(f"own:{school}".encode()) <= 60:
            choices.append(("own", Msg.of("profile_edit.option", option=school)))
    if step == "to":
        choices.append(("now", Msg.of("profile_edit.btn_now")))
    choices.append(_cancel())
    data = {"step": step, "entry": entry}
    return ask(ctx, "profile_experience", tuple(question), choices, data, typed=True)


@flows.flow("profile_experience")
def answer_experience(
    ctx: Context, flow: PendingFlow, choice: str | None, text: str | None
) -> list[Reply]:
    step: str = flow.data["step"]
    entry: dict[str, Any] = dict(flow.data["entry"])
    typed = " ".join((text or "").split())
    if choice == "cancel" or typed.lower() in _CANCEL_WORDS:
        return _cancelled(ctx)
    if step == "role" and (choice == "clear" or typed.lower() in CLEAR_WORDS):
        return _clear(ctx, ProfileField.EXPERIENCE)
    if step == "school" and choice == "own":
        profile = service.own_profile(ctx.uow, ctx.member.id)
        typed = profile.values.get(ProfileField.SCHOOL, "")
    if step in ("from", "to"):
        now = choice == "now" or (step == "to" and typed.lower() in _NOW_WORDS)
        moment = None if now else parse_moment(typed, ctx.today)
        if moment is None and not now:
            return [Reply.public("profile_edit.bad_moment")]
        if step == "to" and moment is not None and moment[1] < tuple(entry["from_key"]):
            return [Reply.public("profile_edit.to_before_from")]
        if step == "from":
            assert moment is not None
            entry["from"], entry["from_key"] = moment
        else:
            entry["to"] = None if moment is None else moment[0]
            return _store_experience(ctx, entry)
    elif not typed:
        return [Reply.public("profile_edit.type_value")]
    else:
        entry[step] = typed[:200]
    following = _EXPERIENCE_STEPS[_EXPERIENCE_STEPS.index(step) + 1]
    return [_ask_experience(ctx, following, entry)]


def _store_experience(ctx: Context, entry: dict[str, Any]) -> list[Reply]:
    until = entry["to"] or _PRESENT.get(ctx.member.language, _PRESENT["nl"])
    line = f"{entry['role']}, {entry['school']} ({entry['from']}–{until})"
    current = service.own_profile(ctx.uow, ctx.member.id).values.get(ProfileField.EXPERIENCE)
    value = f"{current}; {line}" if current else line
    if len(value) > MAX_FIELD_LENGTH:
        ctx.uow.flows.clear(ctx.member.id)
        return [Reply.of("profile_edit.experience_full")]
    return _store(ctx, ProfileField.EXPERIENCE, value)


def parse_moment(text: str, today: date) -> tuple[str, tuple[int, int, int]] | None:
    """A year ("2015"), a month ("augustus 2015", "8-2015") or a day ("1-8-2015") in the
    past: as written in the profile, and a key to compare two of them."""
    folded = fold(text.strip())
    if _YEAR.match(folded):
        year = int(folded)
        return (folded, (year, 0, 0)) if 1940 <= year <= today.year else None
    month_year = _MONTH_YEAR.match(folded) or _NUMERIC_MONTH_YEAR.match(folded)
    if month_year:
        raw_month, raw_year = month_year.groups()
        month = int(raw_month) if raw_month.isdigit() else MONTHS.get(raw_month)
        year = int(raw_year)
        if month is None or not 1 <= month <= 12 or not year >= 1940:
            return None
        if (year, month) > (today.year, today.month):
            return None
        return f"{month}-{year}", (year, month, 0)
    found = find_date(text, today)
    if found is None or found[1] != (0, len(text.strip())) or found[0] > today:
        return None
    day = found[0]
    return f"{day.day}-{day.month}-{day.year}", (day.year, day.month, day.day)
