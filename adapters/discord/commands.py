"""Slash commands generated from the core's registry: English names as Discord's default,
Dutch through discord.py's translator (``locale_str`` + `CatalogTranslator`, Discord's
``nl`` locale), descriptions from the core's catalogs, one optional text option with the
command's arguments (autocompleted where the core can suggest them), usable in guilds,
DMs and private channels, guild- and user-installed.

Sync happens only when the command set changed: a hash of what would be sent is kept in
the data directory, so reconnects never burn Discord's daily command-creation limit."""

from __future__ import annotations

import hashlib
import json
import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from bot.chat.completions import COMPLETES
from bot.chat.registry import Where
from bot.i18n import Msg

if TYPE_CHECKING:
    from pathlib import Path

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
    `complete(interaction, spec, typed)` suggests its text."""
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
        built.append(_command(spec, translator, run, complete, option, option_help))
    return built


def _command(
    spec: CommandSpec[Any],
    translator: Translator,
    run: Any,
    complete: Any,
    option: app_commands.locale_str,
    option_help: app_commands.locale_str,
) -> app_commands.Command[Any, Any, Any]:
    async def callback(interaction: discord.Interaction, text: str | None = None) -> None:
        await run(interaction, spec, text or "")

    if spec.key in FILE_COMMANDS:
        callback = _with_file(spec, translator, run)
    callback = app_commands.rename(text=option)(callback)
    callback = app_commands.describe(text=option_help)(callback)
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
    if spec.key in COMPLETES:

        async def suggest(
            interaction: discord.Interaction, current: str
        ) -> list[app_commands.Choice[str]]:
            choices: list[app_commands.Choice[str]] = await complete(interaction, spec, current)
            return choices

        command.autocomplete("text")(suggest)
    return command


# Commands that take a file as a typed attachment option (besides their text).
FILE_COMMANDS = frozenset({"photo"})


def _with_file(spec: CommandSpec[Any], translator: Translator, run: Any) -> Any:
    async def callback(
        interaction: discord.Interaction,
        text: str | None = None,
        image: discord.Attachment | None = None,
    ) -> None:
        await run(interaction, spec, text or "", image)

    name = _string(*(text_of(lang, translator, "photo.option_image") for lang in ("en", "nl")))
    about = _string(
        *(
            text_of(lang, translator, "photo.option_image_description")[:MAX_DESCRIPTION]
            for lang in ("en", "nl")
        )
    )
    callback = app_commands.rename(image=name)(callback)
    return app_commands.describe(image=about)(callback)


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
