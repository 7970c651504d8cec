"""Typed arguments (bot.chat.arguments): every declaration is valid on every platform, and
the text `compose` writes from typed values is read by the command's own parser as meant."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from bot.chat.arguments import ARGUMENTS, MAX_CHOICES, ArgKind, compose, params_of
from bot.chat.handlers import command_specs, photos
from bot.chat.handlers.activities import ListArgs, LogArgs
from bot.chat.handlers.goals import GoalArgs
from bot.chat.handlers.linking import ConnectionsArgs
from bot.chat.handlers.profiles import ProfileArgs, parse_profile
from bot.chat.handlers.reminders import _sub
from bot.chat.handlers.reviews import ReviewArgs, review_number
from bot.chat.handlers.sharing import ShareArgs
from bot.chat.parsing.words import on_off
from bot.chat.registry import Registry
from bot.chat.replies import UsageError
from bot.domain.activities import Visibility
from bot.domain.goals import GoalStatus
from bot.domain.profiles import ProfileField
from bot.i18n import Translator
from bot.services.linking import looks_like_code

TODAY = date(2026, 11, 20)
NAME = re.compile(r"^[-_\w]{1,32}$")
REGISTRY = Registry(command_specs())


def parsed(command: str, values: dict[str, object]) -> Any:
    """The command's text for `values`, read by the command's parser."""
    params = params_of(command)
    assert params is not None
    text = compose(params, values)
    if command == "profile":  # the handler reads a mention first, then this parser
        return parse_profile(text, TODAY)
    spec = next(s for s in REGISTRY.specs if s.key == command)
    return spec.parse(text, TODAY)


def test_every_declaration_belongs_to_a_command_and_has_valid_names() -> None:
    translator = Translator.load()
    keys = {spec.key for spec in REGISTRY.specs}
    for command, params in ARGUMENTS.items():
        assert command in keys, command
        for language in ("nl", "en"):
            names = [translator.text(language, p.name_key) for p in params]
            assert len(set(names)) == len(names), (command, language, names)
            for param in params:
                name = translator.text(language, param.name_key)
                assert NAME.match(name) and name == name.lower(), (param.key, name)
                described = translator.text(language, param.description_key)
                assert described != param.description_key and len(described) <= 100
                assert len(param.choices) <= MAX_CHOICES
                for choice in param.choices:
                    label = translator.text(language, choice.label_key)
                    assert label != choice.label_key and len(label) <= 100


def test_compose_writes_values_in_order_and_leaves_out_what_is_not_given() -> None:
    log = ARGUMENTS["log"]
    assert compose(log, {"what": "intervisie", "hours": 1.5, "visibility": "community"}) == (
        "intervisie 1.5u #gedeeld"
    )
    assert compose(log, {"what": "  intervisie \n gisteren ", "hours": None}) == (
        "intervisie gisteren"
    )
    assert compose(ARGUMENTS["review"], {"offering": "Rekenen 3F", "rating": 4}) == (
        '"Rekenen 3F" 4'
    )
    with pytest.raises(ValueError, match="unknown"):
        compose(log, {"text": "x"})
    with pytest.raises(ValueError, match="not a choice"):
        compose(log, {"what": "x", "visibility": "secret"})


def _log(args: LogArgs) -> tuple[object, ...]:
    p = args.parsed
    return (p.title, p.minutes, p.date, args.visibility)


# Command, typed values, what its parser (or its handler's own) must make of the text.
CASES: list[tuple[str, dict[str, object], Callable[[Any], object], object]] = [
    (
        "log",
        {"what": "intervisie over feedback"},
        _log,
        ("Intervisie over feedback", None, None, None),
    ),
    (
        "log",
        {"what": "lesson study gisteren", "hours": 1.5, "visibility": "public"},
        _log,
        ("Lesson study", 90, date(2026, 11, 19), Visibility.PUBLIC),
    ),
    ("log", {"what": "webinar", "hours": 2}, _log, ("Webinar", 120, None, None)),
    ("activities", {"activity": 3}, lambda a: a.number, 3),
    (
        "activities",
        {"filter": "deze maand"},
        lambda a: (a.number, a.flt.since),
        (None, date(2026, 11, 1)),
    ),
    (
        "edit",
        {"activity": 2, "changes": "3u", "visibility": "private"},
        lambda a: (a[0], a[1].parsed.minutes, a[1].visibility),
        (2, 180, Visibility.PRIVATE),
    ),
    (
        "edit",
        {"activity": 4, "visibility": "community"},
        lambda a: (a[0], a[1].visibility),
        (4, Visibility.COMMUNITY),
    ),
    ("delete", {"activity": 7}, lambda a: a, 7),
    (
        "reflect",
        {"activity": 2, "reflection": "Ik leerde veel"},
        lambda a: a,
        (2, "Ik leerde veel"),
    ),
    ("reflect", {"reflection": "Goed gesprek"}, lambda a: a, (None, "Goed gesprek")),
    ("reflect", {"activity": 5}, lambda a: a, (5, "")),
    (
        "evidence",
        {"activity": 1, "link": "https://example.org/x"},
        lambda a: a,
        (1, "https://example.org/x"),
    ),
    (
        "goal",
        {"goal_text": "Formatief evalueren toepassen", "visibility": "community"},
        lambda a: (a.action, a.new.title, a.visibility),
        ("create", "Formatief evalueren toepassen", Visibility.COMMUNITY),
    ),
    (
        "goal",
        {"goal_action": "achieved", "goal": 2, "goal_text": "Gelukt"},
        lambda a: (a.action, a.numbers, a.status, a.text),
        ("close", (2,), GoalStatus.ACHIEVED, "Gelukt"),
    ),
    (
        "goal",
        {"goal_action": "dropped", "goal": 1},
        lambda a: (a.action, a.numbers, a.status),
        ("close", (1,), GoalStatus.DROPPED),
    ),
    (
        "goal",
        {"goal_action": "link", "activity": 3, "goal": 2},
        lambda a: (a.action, a.numbers),
        ("link", (3, 2)),
    ),
    ("goal", {"goal_action": "list"}, lambda a: a.action, "list"),
    ("goal", {}, lambda a: a.action, "list"),
    (
        "goal",
        {"goal_action": "delete", "goal": 2},
        lambda a: (a.action, a.numbers),
        ("delete", (2,)),
    ),
    (
        "goal",
        {"goal_action": "edit", "goal": 2, "goal_text": "Beter lesgeven"},
        lambda a: (a.action, a.numbers),
        ("edit", (2,)),
    ),
    (
        "review",
        {"offering": "Rekenen 3F", "rating": 4, "review_text": "Sterk!", "anonymous": True},
        lambda a: (a.name, a.rating, a.text, a.anonymous),
        ("Rekenen 3F", 4, "Sterk!", True),
    ),
    (
        "review",
        {"offering": "Formatief evalueren", "rating": 5},
        lambda a: (a.name, a.rating, a.text, a.anonymous),
        ("Formatief evalueren", 5, "", False),
    ),
    (
        "review",
        {"offering": "Formatief evalueren"},
        lambda a: (a.name, a.rating),
        ("Formatief evalueren", None),
    ),
    (
        "review",
        {"offering": "Children's reading", "rating": 3},
        lambda a: (a.name, a.rating),
        ("Children's reading", 3),
    ),
    ("export", {"format": "pdf"}, lambda a: (a.fmt, a.period), ("pdf", None)),
    (
        "export",
        {"format": "csv", "period": "2025"},
        lambda a: (a.fmt, a.period.start),
        ("csv", date(2025, 1, 1)),
    ),
    ("export", {}, lambda a: a.fmt, "json"),
    (
        "stats",
        {"period": "2025"},
        lambda a: (a.start, a.end),
        (date(2025, 1, 1), date(2025, 12, 31)),
    ),
    ("region", {"region": "zuid"}, lambda a: a, "zuid"),
    ("region", {}, lambda a: a, ""),
    ("language", {"language": "en"}, lambda a: a, "en"),
    ("language", {}, lambda a: a, None),
    ("profile", {}, lambda a: a, ProfileArgs("show")),
    ("profile", {"profile_field": "bewerken"}, lambda a: a, ProfileArgs("edit")),
    (
        "profile",
        {"profile_field": "expertise", "profile_value": "lesson study, formatief evalueren"},
        lambda a: a,
        ProfileArgs("set", ProfileField.EXPERTISE, "lesson study, formatief evalueren"),
    ),
    (
        "profile",
        {"profile_field": "werkervaring", "profile_value": "leeg"},
        lambda a: a,
        ProfileArgs("clear", ProfileField.EXPERIENCE),
    ),
    ("profile", {"profile_field": "school"}, lambda a: a, ProfileArgs("ask", ProfileField.SCHOOL)),
    ("profile", {"profile_field": "foto"}, lambda a: a.action, "photo"),
    (
        "share",
        {"share_field": "expertise", "visibility": "public"},
        lambda a: a,
        ShareArgs((ProfileField.EXPERTISE,), Visibility.PUBLIC),
    ),
    (
        "share",
        {"share_field": "vakken", "share_more": "werkervaring bio", "visibility": "community"},
        lambda a: (a.fields, a.visibility),
        (
            (ProfileField.SUBJECTS, ProfileField.EXPERIENCE, ProfileField.BIO),
            Visibility.COMMUNITY,
        ),
    ),
    (
        "share",
        {"goal": 2, "activity": 5, "visibility": "private"},
        lambda a: (a.goals, a.activities, a.visibility),
        ((2,), (5,), Visibility.PRIVATE),
    ),
    (
        "share",
        {"share_field": "doelen", "visibility": "community"},
        lambda a: (a.all_goals, a.all_activities, a.visibility),
        (True, False, Visibility.COMMUNITY),
    ),
    (
        "share",
        {"share_field": "activiteiten", "visibility": "public"},
        lambda a: (a.all_goals, a.all_activities, a.visibility),
        (False, True, Visibility.PUBLIC),
    ),
    (
        "share",
        {"share_field": "alles", "visibility": "private"},
        lambda a: (set(a.fields), a.visibility),
        (set(ProfileField), Visibility.PRIVATE),
    ),
    ("share", {}, lambda a: a, ShareArgs()),
    (
        "connections",
        {"connection_action": "unlink", "connection": 2},
        lambda a: a,
        ConnectionsArgs("unlink", "2"),
    ),
    (
        "connections",
        {"connection_action": "prefer", "connection": 1},
        lambda a: a,
        ConnectionsArgs("prefer", "1"),
    ),
    (
        "connections",
        {"connection_action": "prefer_auto"},
        lambda a: a,
        ConnectionsArgs("prefer", "auto"),
    ),
    ("connections", {}, lambda a: a, ConnectionsArgs()),
]


@pytest.mark.parametrize(
    ("command", "values", "read", "expected"),
    CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)],
)
def test_typed_values_read_back_as_meant(
    command: str, values: dict[str, object], read: Callable[[Any], object], expected: object
) -> None:
    assert read(parsed(command, values)) == expected


# Commands whose handler reads its text itself (the registry's parser passes it on).
def test_handler_read_arguments_read_back_as_meant() -> None:
    reminders = ARGUMENTS["reminders"]
    sub = _sub(compose(reminders, {"reminder_action": "pause", "reminder": 2}))
    assert (sub.verb, sub.number) == ("pause", 2)
    sub = _sub(
        compose(reminders, {"reminder_action": "time", "reminder": 3, "change": "morgen 9u"})
    )
    assert (sub.verb, sub.number, sub.rest) == ("time", 3, "morgen 9u")
    sub = _sub(compose(reminders, {"reminder": 4}))
    assert (sub.verb, sub.number) == ("show", 4)
    assert _sub(compose(reminders, {})).verb == "list"
    for command in ("flag", "hide", "unhide", "approve", "reject"):
        number = "suggestion" if command in ("approve", "reject") else "review"
        text = compose(ARGUMENTS[command], {number: 12, "reason": "Reclame voor eigen bureau"})
        assert review_number(text, "x") == (12, "Reclame voor eigen bureau")
    assert (
        compose(ARGUMENTS["course"], {"offering": "Formatief evalueren"}) == "Formatief evalueren"
    )
    assert on_off(compose(ARGUMENTS["nudges"], {"on_off": "on"})) is True
    assert on_off(compose(ARGUMENTS["nudges"], {"on_off": "off"})) is False
    # A member picked from a platform's list comes as its mention; the handler resolves it
    # (tests/integration/test_chat_profile_mentions.py, tests/discord/).
    profile = ARGUMENTS["profile"]
    assert compose(profile, {"colleague": "<@5>"}) == "<@5>"
    intro = ARGUMENTS["intro"]
    assert compose(intro, {"colleague": "<@5>", "intro_message": "hoi"}) == "<@5> hoi"
    assert looks_like_code(compose(ARGUMENTS["connect"], {"code": "ABCD-EFGH"}))
    assert compose(ARGUMENTS["connect"], {}) == ""
    # /foto: the image travels beside the text, which keeps only the action's word.
    photo = ARGUMENTS["photo"]
    assert compose(photo, {"photo_action": "clear", "image": object()}) in photos._CLEAR
    assert compose(photo, {"photo_action": "avatar"}) in photos._AVATAR_WORDS
    assert compose(photo, {"image": object()}) == ""


def test_every_declared_command_is_read_back_in_a_test() -> None:
    handler_read = {
        *("reminders", "flag", "hide", "unhide", "approve", "reject", "course", "nudges"),
        *("intro", "connect", "photo"),
    }
    assert {c[0] for c in CASES} | handler_read == set(ARGUMENTS)


def test_a_missing_required_value_is_the_parsers_usage_answer() -> None:
    with pytest.raises(UsageError):
        parsed("delete", {})
    with pytest.raises(UsageError):
        parsed("edit", {"activity": 2})  # nothing to change


def test_kinds_used_are_known() -> None:
    assert {p.kind for params in ARGUMENTS.values() for p in params} == set(ArgKind)
    assert ListArgs and GoalArgs and ReviewArgs  # the parsers' results read above
