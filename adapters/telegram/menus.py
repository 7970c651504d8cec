"""The command menus Telegram clients show, generated from the core's registry: per
language (nl is the default list) and per scope. Telegram shows a group's administrators
the administrators' list instead of the group list: it holds the group list plus the
moderators' commands."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import (
    BotCommand,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
)

from bot.chat.registry import MenuScope
from bot.i18n import Msg

if TYPE_CHECKING:
    from telegram import Bot

    from bot.chat.registry import Registry
    from bot.i18n import Translator


async def set_menus(bot: Bot, registry: Registry, translator: Translator) -> None:
    for language, code in (("nl", None), ("en", "en")):
        for scope, menu in (
            (BotCommandScopeAllPrivateChats(), MenuScope.PRIVATE),
            (BotCommandScopeAllGroupChats(), MenuScope.GROUP),
            (BotCommandScopeAllChatAdministrators(), MenuScope.MODERATORS),
        ):
            commands = [
                BotCommand(name, translator.render(language, Msg.of(key)).plain[:256])
                for name, key in registry.menu(language, menu)
            ]
            await bot.set_my_commands(commands, scope=scope, language_code=code)
