"""The command menus Telegram clients show, generated from the core's registry: per
language (nl is the default list) and per scope."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import BotCommand, BotCommandScopeAllGroupChats, BotCommandScopeAllPrivateChats

from bot.i18n import Msg

if TYPE_CHECKING:
    from telegram import Bot

    from bot.chat.registry import Registry
    from bot.i18n import Translator


async def set_menus(bot: Bot, registry: Registry, translator: Translator) -> None:
    for language, code in (("nl", None), ("en", "en")):
        for scope, group in (
            (BotCommandScopeAllPrivateChats(), False),
            (BotCommandScopeAllGroupChats(), True),
        ):
            commands = [
                BotCommand(name, translator.render(language, Msg.of(key)).plain[:256])
                for name, key in registry.menu(language, group=group)
            ]
            await bot.set_my_commands(commands, scope=scope, language_code=code)
