"""Slash commands generated from the core's registry: English names as Discord's default,
Dutch through discord.py's translator (``locale_str`` + `CatalogTranslator`, Discord's
``nl`` locale), descriptions from the core's catalogs, usable in guilds, DMs and private
channels, guild- and user-installed.

Options are typed where the core declares a command's arguments (bot.chat.arguments):
integers, numbers, fixed choices, yes/no, texts and attachments (a file travels beside
the text, as a message's attachment does), each with its Dutch name, description
and choice labels, autocompleted where the argument refers to activities, goals, reminders
or offerings. Their values go back to the core's `compose`, which writes the text the
command's parser reads. A command without a declaration has one optional text option.

Sync happens only when the command set changed: a hash of what would be sent is kept in
the data directory, so reconnects never burn Discord's daily command-creation limit."""

from __future__ import annotations

import hashlib
import inspect
import json
import logging
from typing import TYPE_CHECKING, Any, Optional

import discord
from discord import app_commands

from bot.chat.arguments import ArgKind, compose, params_of
from bot.chat.completions import COMPLETES
from bot.chat.registry import Where
from bot.i18n import Msg

if TYPE_CHECKING:
    from pathlib import Path

    from bot.chat.arguments import Param
    from bot.chat.completions import Completes
    from bot.chat.registry import CommandSpec, Registry
    from bot.i18n import Translator

log = logging.getLogger(__name__)

MAX_DESCRIPTION = 100


def text_of(language: str, translator: Translator, key: str) -> str:
    return translator.render(language, Msg.of(key)).plain


def _string(english: str, dutch: str) -> app_commands.locale_str:
    return app_commands.locale_str(english, nl=dutch)


class CatalogTranslator(app_commands.Translator):
    """Dutch names and descriptions, carried in each ``locale_str``'s extras."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        if locale is discord.Locale.dutch:
            dutch = string.extras.get("nl")
            return str(dutch) if dutch and dutch != string.message else None
        return None


def build_commands(
    registry: Registry,
    translator: Translator,
    run: Any,
    complete: Any,
) -> list[app_commands.Command[Any, Any, Any]]:
    """One command per registry entry; `run(interaction, spec, text)` handles it and
    `complete(interaction, spec, completes, typed)` suggests a value for an option."""
    option = _string(
        text_of("en", translator, "interactions.option_text"),
        text_of("nl", translator, "interactions.option_text"),
    )
    option_help = _string(
        text_of("en", translator, "interactions.option_text_description")[:MAX_DESCRIPTION],
        text_of("nl", translator, "interactions.option_text_description")[:MAX_DESCRIPTION],
    )
    built = []
    for spec in registry.specs:
        params = params_of(spec.key)
        if params is None:
            callback = _text_callback(spec, run, option, option_help)
        else:
            callback = _typed_callback(spec, params, translator, run)
        built.append(_command(spec, translator, callback, params, complete))
    return built


def _text_callback(
    spec: CommandSpec[Any],
    run: Any,
    option: app_commands.locale_str,
    help: app_commands.locale_str,
) -> Any:
    async def callback(interaction: discord.Interaction, text: str | None = None) -> None:
        await run(interaction, spec, text or "")

    callback = app_commands.rename(text=option)(callback)
    return app_commands.describe(text=help)(callback)


def _annotation(param: Param) -> Any:
    bounded = param.min_value is not None or param.max_value is not None
    if param.kind is ArgKind.INTEGER:
        kind: Any = app_commands.Range[int, param.min_value, param.max_value] if bounded else int
    elif param.kind is ArgKind.NUMBER:
        kind = app_commands.Range[float, param.min_value, param.max_value] if bounded else float
    elif param.kind is ArgKind.FLAG:
        kind = bool
    elif param.kind is ArgKind.FILE:
        kind = discord.Attachment
    elif param.kind is ArgKind.MEMBER:
        kind = discord.User  # a Member in a guild
    elif param.max_length is not None and param.kind is ArgKind.TEXT:
        kind = app_commands.Range[str, 1, param.max_length]
    else:
        kind = str
    return kind if param.required else Optional[kind]  # noqa: UP045 (a runtime annotation)


def _typed_callback(
    spec: CommandSpec[Any], params: tuple[Param, ...], translator: Translator, run: Any
) -> Any:
    """A callback whose signature declares the options (discord.py reads options from the
    callback's signature; ours is built from the core's declaration)."""

    files = [p.key for p in params if p.kind is ArgKind.FILE]

    async def callback(interaction: discord.Interaction, **values: Any) -> None:
        attached = next((values[key] for key in files if values.get(key) is not None), None)
        # Someone picked from the list: written as a mention (`<@id>`), as typed ones are.
        picked = {
            k: f"<@{v.id}>" if isinstance(v, discord.abc.User) else v for k, v in values.items()
        }
        text = compose(params, picked)
        if attached is None:
            await run(interaction, spec, text)
        else:
            await run(interaction, spec, text, attached)

    signature = [
        inspect.Parameter(
            "interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction
        )
    ]
    for param in params:
        signature.append(
            inspect.Parameter(
                param.key,
                inspect.Parameter.KEYWORD_ONLY,
                annotation=_annotation(param),
                default=inspect.Parameter.empty if param.required else None,
            )
        )
    callback.__signature__ = inspect.Signature(signature)  # type: ignore[attr-defined]

    def both(key: str) -> app_commands.locale_str:
        return _string(
            text_of("en", translator, key)[:MAX_DESCRIPTION],
            text_of("nl", translator, key)[:MAX_DESCRIPTION],
        )

    names = {p.key: both(p.name_key) for p in params}
    helps = {p.key: both(p.description_key) for p in params}
    choices = {
        p.key: [app_commands.Choice(name=both(c.label_key), value=c.value) for c in p.choices]
        for p in params
        if p.choices
    }
    if choices:
        callback = app_commands.choices(**choices)(callback)
    callback = app_commands.rename(**names)(callback)
    return app_commands.describe(**helps)(callback)


def _command(
    spec: CommandSpec[Any],
    translator: Translator,
    callback: Any,
    params: tuple[Param, ...] | None,
    complete: Any,
) -> app_commands.Command[Any, Any, Any]:
    command: app_commands.Command[Any, Any, Any] = app_commands.Command(
        name=_string(spec.name("en"), spec.name("nl")),
        description=_string(
            text_of("en", translator, spec.summary_key)[:MAX_DESCRIPTION] or spec.key,
            text_of("nl", translator, spec.summary_key)[:MAX_DESCRIPTION] or spec.key,
        ),
        callback=callback,
    )
    # Community commands need the bot in the guild; the rest work anywhere, also as the
    # member's own (user-installed) app.
    community = spec.where is Where.GROUP
    personal = spec.where is Where.PRIVATE
    command = app_commands.allowed_installs(guilds=True, users=not community)(command)
    command = app_commands.allowed_contexts(
        guilds=not personal, dms=not community, private_channels=not community
    )(command)
    if params is None:
        if spec.key in COMPLETES:
            command.autocomplete("text")(_suggest(spec, COMPLETES[spec.key], False, complete))
        return command
    for param in params:
        if param.completes is not None:
            numbered = param.kind is ArgKind.INTEGER
            command.autocomplete(param.key)(_suggest(spec, param.completes, numbered, complete))
    return command


def _suggest(spec: CommandSpec[Any], completes: Completes, numbered: bool, complete: Any) -> Any:
    async def suggest(
        interaction: discord.Interaction, current: Any
    ) -> list[app_commands.Choice[Any]]:
        found: list[app_commands.Choice[str]] = await complete(
            interaction, spec, completes, str(current or "")
        )
        if not numbered:
            return list(found)
        return [
            app_commands.Choice(name=c.name, value=int(c.value))
            for c in found
            if c.value.isdigit()
        ]

    return suggest


async def command_hash(tree: app_commands.CommandTree[Any]) -> str:
    """A hash of exactly what a sync would send (names, translations, options)."""
    translator = tree.translator
    payload = []
    for command in sorted(tree.get_commands(), key=lambda c: c.name):
        data = (
            await command.get_translated_payload(tree, translator)
            if translator is not None
            else command.to_dict(tree)
        )
        payload.append(data)
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


async def sync_if_changed(
    tree: app_commands.CommandTree[Any], marker: Path, guild_id: int | None
) -> bool:
    """Sync (globally, or to `guild_id`) when the hash differs from the one in `marker`;
    True when a sync was made."""
    digest = await command_hash(tree)
    if _read(marker) == digest:
        return False
    guild = discord.Object(guild_id) if guild_id else None
    if guild is not None:
        tree.copy_global_to(guild=guild)
    await tree.sync(guild=guild)
    _write(marker, digest)
    log.info("Discord: %s slash commands synced", len(tree.get_commands()))
    return True


def _read(marker: Path) -> str:
    return marker.read_text(encoding="utf-8").strip() if marker.exists() else ""


def _write(marker: Path, digest: str) -> None:
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(digest + "\n", encoding="utf-8")
