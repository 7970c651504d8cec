"""Message catalogs (nl default, en) and locale-aware formatting of values.

Catalogs are TOML files beside this module; a key like ``activity.logged`` is the table
``[activity]``, entry ``logged``. An entry may be a table ``{one = ..., other = ...}`` chosen
by the plural rules of the language (Babel) for the parameter ``n``. ``**bold**`` is the only
markup a catalog may use; parameters are inserted as plain text and never parsed as markup.
"""

from __future__ import annotations

import functools
import logging
import tomllib
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import TYPE_CHECKING, Any

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

from bot.i18n.text import Span, Style, Text

if TYPE_CHECKING:
    from collections.abc import Mapping

log = logging.getLogger(__name__)

LANGUAGES = ("nl", "en")
_PLURAL_FORMS = {"zero", "one", "two", "few", "many", "other"}
FALLBACK = "nl"


@dataclass(frozen=True)
class Hours:
    """A duration shown in hours, e.g. "1,5 u" in Dutch and "1.5 h" in English."""

    minutes: int


@dataclass(frozen=True)
class Label:
    """A catalog key whose translation is the value, e.g. ``kind.lesson_study``."""

    key: str


@dataclass(frozen=True)
class Msg:
    """A message still to be rendered: a catalog key and its parameters."""

    key: str
    params: Mapping[str, Any]

    @staticmethod
    def of(key: str, **params: Any) -> Msg:
        return Msg(key, params)


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, str | dict[str, str]]:
    flat: dict[str, str | dict[str, str]] = {}
    for name, value in table.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict) and "other" in value and set(value) <= _PLURAL_FORMS:
            flat[key] = {form: str(text) for form, text in value.items()}
        elif isinstance(value, dict):
            flat.update(_flatten(value, key + "."))
        else:
            flat[key] = str(value)
    return flat


def load_catalog(language: str) -> dict[str, str | dict[str, str]]:
    """``<language>.toml`` plus every ``<area>.<language>.toml`` beside it (one file per
    feature area keeps catalogs short). A key defined twice is an error, not a surprise."""
    folder = resources.files(__package__)
    names = sorted(
        entry.name for entry in folder.iterdir() if entry.name.endswith(f".{language}.toml")
    )
    catalog: dict[str, str | dict[str, str]] = {}
    for name in [f"{language}.toml", *names]:
        part = _flatten(tomllib.loads(folder.joinpath(name).read_text("utf-8")))
        twice = catalog.keys() & part.keys()
        if twice:
            raise ValueError(f"{name}: keys defined twice: {', '.join(sorted(twice))}")
        catalog.update(part)
    return catalog


# Babel formats slowly and the same few values recur all the time.
@functools.lru_cache(maxsize=4096)
def _hours(minutes: int, locale: Locale) -> str:
    return format_decimal(minutes / 60, format="#,##0.##", locale=locale)


@functools.lru_cache(maxsize=4096)
def _date(day: date, locale: Locale) -> str:
    return format_date(day, format="EEE d MMM yyyy", locale=locale)


class _Params(dict[str, str]):
    def __missing__(self, key: str) -> str:
        log.warning("message parameter %r missing", key)
        return ""


class Translator:
    def __init__(self, catalogs: Mapping[str, Mapping[str, str | dict[str, str]]]) -> None:
        self._catalogs = catalogs
        self._locales = {language: Locale.parse(language) for language in catalogs}

    @classmethod
    def load(cls) -> Translator:
        return cls({language: load_catalog(language) for language in LANGUAGES})

    def keys(self, language: str) -> set[str]:
        return set(self._catalogs[language])

    def _template(self, language: str, key: str, params: Mapping[str, Any]) -> str:
        entry = self._catalogs.get(language, {}).get(key)
        if entry is None:
            entry = self._catalogs[FALLBACK].get(key)
        if entry is None:
            log.error("message key %r missing from the catalogs", key)
            return key
        if isinstance(entry, dict):
            count = params.get("n", 0)
            form = self._locales[language].plural_form(abs(count))
            return entry.get(form, entry["other"])
        return entry

    def format_value(self, language: str, value: object) -> str:
        locale = self._locales.get(language, self._locales[FALLBACK])
        if isinstance(value, Msg):
            return self.render(language, value).plain
        if isinstance(value, Label):
            return self.text(language, value.key)
        if isinstance(value, Hours):  # as people say it: "50 min", "1 u 20", "1,5 u"
            whole, rest = divmod(value.minutes, 60)
            if whole == 0 and rest:
                return self.text(language, "unit.minutes", m=rest)
            if rest not in (0, 30):
                return self.text(language, "unit.hours_minutes", h=whole, m=f"{rest:02d}")
            return self.text(language, "unit.hours", h=_hours(value.minutes, locale))
        if isinstance(value, date):
            return _date(value, locale)
        if value is None:
            return ""
        if isinstance(value, (list, tuple)):
            return ", ".join(self.format_value(language, item) for item in value)
        return str(value)

    def text(self, language: str, key: str, **params: Any) -> str:
        return self.render(language, Msg(key, params)).plain

    def render(self, language: str, msg: Msg) -> Text:
        template = self._template(language, msg.key, msg.params)
        values = _Params(
            {name: self.format_value(language, value) for name, value in msg.params.items()}
        )
        spans = []
        for index, part in enumerate(template.split("**")):
            if part:
                style = Style.BOLD if index % 2 else Style.PLAIN
                spans.append(Span(part.format_map(values), style))
        return Text(tuple(spans))

    def render_lines(self, language: str, msgs: tuple[Msg, ...]) -> Text:
        out = Text()
        for index, msg in enumerate(msgs):
            if index:
                out += Text((Span("\n"),))
            out += self.render(language, msg)
        return out
