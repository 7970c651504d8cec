"""Typed arguments: what a command's text is made of, for platforms that ask for it in
separate fields (slash-command options with types, choices and autocomplete).

The text after a command stays the one thing a command understands: a platform that asks
typed fields hands their values to `compose`, which writes the text the command's parser
reads, so there is one parser and one way through the router. A command without a
declaration here is asked as one free text.

Names and descriptions come from the catalogs: ``args.<key>.name`` (lowercase, at most 32
letters, digits, ``-`` or ``_``) and ``args.<key>.description`` (at most 100 characters);
a choice's label from its own key.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from bot.chat.completions import Completes

if TYPE_CHECKING:
    from collections.abc import Mapping

MAX_CHOICES = 25  # the tightest platform limit on fixed choices


class ArgKind(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    CHOICE = "choice"  # one of fixed `choices`
    FLAG = "flag"  # yes or no: `when_true` is written when yes
    FILE = "file"  # a file sent beside the text (the command reads it from the message)
    # Someone picked from the platform's own list of people: the adapter hands `compose` the
    # form a mention of them has in its messages, which the command reads as a mention.
    MEMBER = "member"


@dataclass(frozen=True)
class ArgChoice:
    value: str  # what a platform sends (stable, ASCII)
    text: str  # what it stands for in the command's text
    label_key: str  # catalog key of its label


@dataclass(frozen=True)
class Param:
    key: str  # catalog: args.<key>.name / args.<key>.description
    kind: ArgKind = ArgKind.TEXT
    required: bool = False
    completes: Completes | None = None
    choices: tuple[ArgChoice, ...] = ()
    min_value: int | None = None
    max_value: int | None = None
    max_length: int | None = None
    suffix: str = ""  # written right after the value: "1.5" + "u"
    when_true: str = ""  # FLAG: the word for yes
    quoted: bool = False  # written between quotes (a name followed by more)
    prefix: str = ""  # written before the value unless it starts so: "doel " + "2", "@" + "Anna"

    @property
    def name_key(self) -> str:
        return f"args.{self.key}.name"

    @property
    def description_key(self) -> str:
        return f"args.{self.key}.description"

    def written(self, value: object) -> str:
        """`value` as the command's text has it ("" for nothing)."""
        if value is None or value is False or self.kind is ArgKind.FILE:
            return ""
        if self.kind is ArgKind.FLAG:
            return self.when_true if value else ""
        if self.kind is ArgKind.CHOICE:
            found = next((c.text for c in self.choices if c.value == str(value)), None)
            if found is None:
                raise ValueError(f"{value!r} is not a choice of {self.key!r}")
            return found
        if self.kind is ArgKind.NUMBER and isinstance(value, float):
            text = f"{value:.2f}".rstrip("0").rstrip(".")
        else:
            text = " ".join(str(value).split())
        if not text:
            return ""
        if self.quoted and not any(mark in text for mark in _QUOTES):
            text = f'"{text}"'
        if self.prefix and not text.startswith(self.prefix.strip()):
            text = f"{self.prefix}{text}"
        return f"{text}{self.suffix}"


_QUOTES = "\"'“”"


def compose(params: tuple[Param, ...], values: Mapping[str, object]) -> str:
    """The command's text for typed `values` (param key -> value; missing: not given)."""
    unknown = set(values) - {p.key for p in params}
    if unknown:
        raise ValueError(f"unknown arguments {sorted(unknown)}")
    return " ".join(part for p in params if (part := p.written(values.get(p.key))))


# --- the declarations --------------------------------------------------------------------


def _choices(group: str, *pairs: tuple[str, str]) -> tuple[ArgChoice, ...]:
    return tuple(ArgChoice(value, text, f"args.{group}.{value}") for value, text in pairs)


VISIBILITY = Param(
    "visibility",
    ArgKind.CHOICE,
    choices=_choices(
        "visibility",
        ("private", "#privé"),
        ("community", "#gedeeld"),
        ("public", "#openbaar"),
    ),
)


def _activity(required: bool) -> Param:
    return Param(
        "activity", ArgKind.INTEGER, required=required, completes=Completes.ACTIVITY, min_value=1
    )


_GOAL = Param("goal", ArgKind.INTEGER, completes=Completes.GOAL, min_value=1)
_REMINDER = Param("reminder", ArgKind.INTEGER, completes=Completes.REMINDER, min_value=1)
_REVIEW_NUMBER = Param("review", ArgKind.INTEGER, required=True, min_value=1)
_SUGGESTION = Param("suggestion", ArgKind.INTEGER, required=True, min_value=1)
_COLLEAGUE = Param("colleague", ArgKind.MEMBER)

# Command key -> its arguments, in the order its text has them.
ARGUMENTS: dict[str, tuple[Param, ...]] = {
    "log": (
        Param("what", required=True),
        Param("hours", ArgKind.NUMBER, min_value=0, max_value=24, suffix="u"),
        VISIBILITY,
    ),
    "activities": (_activity(False), Param("filter")),
    "edit": (_activity(True), Param("changes"), VISIBILITY),
    "delete": (_activity(True),),
    "reflect": (_activity(False), Param("reflection")),
    "evidence": (_activity(False), Param("link", required=True)),
    "goal": (
        Param(
            "goal_action",
            ArgKind.CHOICE,
            choices=_choices(
                "goal_action",
                ("achieved", "behaald"),
                ("dropped", "gestopt"),
                ("link", "koppel"),
                ("edit", "bewerk"),
                ("delete", "verwijder"),
                ("list", "lijst"),
            ),
        ),
        _activity(False),
        _GOAL,
        Param("goal_text"),
        VISIBILITY,
    ),
    "reminders": (
        Param(
            "reminder_action",
            ArgKind.CHOICE,
            choices=_choices(
                "reminder_action",
                ("pause", "pauzeer"),
                ("resume", "hervat"),
                ("delete", "verwijder"),
                ("time", "tijd"),
                ("text", "tekst"),
            ),
        ),
        _REMINDER,
        Param("change"),
    ),
    "course": (Param("offering", completes=Completes.OFFERING, required=True, max_length=100),),
    "review": (
        Param("offering", completes=Completes.OFFERING, max_length=100, quoted=True),
        Param("rating", ArgKind.INTEGER, min_value=1, max_value=5),
        Param("review_text"),
        Param("anonymous", ArgKind.FLAG, when_true="#anoniem"),
    ),
    "flag": (_REVIEW_NUMBER, Param("reason", required=True)),
    "hide": (_REVIEW_NUMBER, Param("reason")),
    "unhide": (_REVIEW_NUMBER, Param("reason")),
    "export": (
        Param(
            "format",
            ArgKind.CHOICE,
            choices=_choices(
                "format", ("pdf", "pdf"), ("csv", "csv"), ("xapi", "xapi"), ("json", "json")
            ),
        ),
        Param("period"),
    ),
    "stats": (Param("period"),),
    "region": (
        Param(
            "region",
            ArgKind.CHOICE,
            choices=_choices("region", ("noord", "noord"), ("midden", "midden"), ("zuid", "zuid")),
        ),
    ),
    "approve": (_SUGGESTION, Param("reason")),
    "reject": (_SUGGESTION, Param("reason")),
    "language": (
        Param(
            "language",
            ArgKind.CHOICE,
            choices=_choices("language", ("nl", "nl"), ("en", "en")),
        ),
    ),
    "nudges": (
        Param("on_off", ArgKind.CHOICE, choices=_choices("on_off", ("on", "aan"), ("off", "uit"))),
    ),
}


# --- profiles, sharing, introductions, linking and photos --------------------------------

# A profile field as the parsers take it (the choice's value is the word itself).
_PROFILE_FIELDS = tuple(
    (word, word)
    for word in (
        "naam",
        "school",
        "regio",
        "sector",
        "vakken",
        "werkervaring",
        "expertise",
        "tags",
        "bio",
        "foto",
    )
)

ARGUMENTS |= {
    "profile": (
        _COLLEAGUE,
        Param(
            "profile_field",
            ArgKind.CHOICE,
            choices=_choices("profile_field", *_PROFILE_FIELDS, ("bewerken", "bewerken")),
        ),
        Param("profile_value"),
    ),
    "share": (
        Param(
            "share_field",
            ArgKind.CHOICE,
            choices=_choices(
                "share_field",
                *_PROFILE_FIELDS,
                ("alles", "alles"),
                ("doelen", "doelen"),
                ("activiteiten", "activiteiten"),
            ),
        ),
        Param("goal", ArgKind.INTEGER, completes=Completes.GOAL, min_value=1, prefix="doel "),
        Param(
            "activity",
            ArgKind.INTEGER,
            completes=Completes.ACTIVITY,
            min_value=1,
            prefix="activiteit ",
        ),
        Param("share_more"),
        Param(
            "visibility",
            ArgKind.CHOICE,
            choices=_choices(
                "visibility",
                ("private", "privé"),
                ("community", "community"),
                ("public", "openbaar"),
            ),
        ),
    ),
    "intro": (_COLLEAGUE, Param("intro_message")),
    "connect": (Param("code", max_length=40),),
    "connections": (
        Param(
            "connection_action",
            ArgKind.CHOICE,
            choices=_choices(
                "connection_action",
                ("unlink", "los"),
                ("prefer", "voorkeur"),
                ("prefer_auto", "voorkeur auto"),
            ),
        ),
        Param("connection", ArgKind.INTEGER, min_value=1),
    ),
    "photo": (
        Param(
            "photo_action",
            ArgKind.CHOICE,
            choices=_choices("photo_action", ("clear", "wis"), ("avatar", "avatar")),
        ),
        Param("image", ArgKind.FILE),
    ),
}


def params_of(command_key: str) -> tuple[Param, ...] | None:
    """The declared arguments of a command (None: one free text)."""
    return ARGUMENTS.get(command_key)
