"""The fake Discord, proven against the real discord.py 2.7 client and raw HTTP."""

from __future__ import annotations

import asyncio
import re
import time
from typing import Any

import aiohttp
import discord
import pytest
from discord import app_commands

from tests.fakes.discord_api import USER_INSTALL, DiscordApiServer
from tests.fakes.discord_fixture import connected, discord_api
from tests.fakes.discord_model import MANAGE_GUILD

__all__ = ["discord_api"]  # the fixture, imported for pytest


class Counter(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"count:(?P<n>\d+)"):
    """A button that survives restarts: its state is in its custom_id."""

    def __init__(self, n: int) -> None:
        super().__init__(discord.ui.Button(label=str(n), custom_id=f"count:{n}"))
        self.n = n

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> Counter:
        return cls(int(match["n"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        view = discord.ui.View(timeout=None).add_item(Counter(self.n + 1))
        await interaction.response.edit_message(content=f"{self.n + 1}", view=view)


class Reflection(discord.ui.Modal, title="Reflectie"):
    text = discord.ui.TextInput(label="Wat nam je mee?", custom_id="text")

    def __init__(self, seen: list[str]) -> None:
        super().__init__(custom_id="reflection:1")
        self.seen = seen

    async def on_submit(self, interaction: discord.Interaction) -> None:
        self.seen.append(self.text.value)
        await interaction.response.send_message("Opgeslagen", ephemeral=True)


class Translations(app_commands.Translator):
    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        dutch = {"log": "noteer", "text": "tekst"}
        return dutch.get(string.message) if locale is discord.Locale.dutch else None


class Bot(discord.Client):
    def __init__(self) -> None:
        super().__init__(intents=discord.Intents.default(), guild_ready_timeout=0.05)
        self.tree = app_commands.CommandTree(self)
        self.modal_texts: list[str] = []
        tree = self.tree

        @tree.command(name=app_commands.locale_str("log"), description="Log an activity")
        @app_commands.rename(text=app_commands.locale_str("text"))
        @app_commands.allowed_installs(guilds=True, users=True)
        @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
        async def log(interaction: discord.Interaction, text: str) -> None:
            moderator = bool(interaction.permissions.manage_guild)
            await interaction.response.send_message(
                f"Genoteerd: {text} (mod={moderator})", ephemeral=interaction.guild is not None
            )

        @log.autocomplete("text")
        async def complete(
            interaction: discord.Interaction, current: str
        ) -> list[app_commands.Choice[str]]:
            titles = ["Lesson study", "Leesgroep", "Intervisie"]
            return [app_commands.Choice(name=t, value=t) for t in titles if current in t][:25]

        @tree.command(description="Export")
        async def export(interaction: discord.Interaction) -> None:
            await interaction.response.defer(ephemeral=True, thinking=True)
            await asyncio.sleep(0.05)
            file = discord.File(__import__("io").BytesIO(b'{"a": 1}'), filename="portfolio.json")
            await interaction.followup.send("Hier is je export", file=file, ephemeral=True)

        @tree.command(description="Count")
        async def count(interaction: discord.Interaction) -> None:
            view = discord.ui.View(timeout=None).add_item(Counter(0))
            await interaction.response.send_message("0", view=view)

        @tree.command(description="Reflect")
        async def reflect(interaction: discord.Interaction) -> None:
            await interaction.response.send_modal(Reflection(self.modal_texts))

    async def setup_hook(self) -> None:
        self.add_dynamic_items(Counter)
        await self.tree.set_translator(Translations())


async def raw(api: DiscordApiServer, method: str, path: str, **body: Any) -> tuple[int, Any]:
    headers = {"Authorization": f"Bot {api.token}"}
    async with (
        aiohttp.ClientSession() as session,
        session.request(method, api.rest_url + path, json=body, headers=headers) as response,
    ):
        assert response.headers["Content-Type"] == "application/json"
        return response.status, await response.json()


async def test_login_connect_ready_and_guilds(discord_api: DiscordApiServer) -> None:
    api = discord_api
    guild = await api.create_guild("Sectie Nederlands")
    bot = Bot()
    async with connected(bot, api):
        assert bot.user is not None and bot.user.id == api.bot.id
        assert bot.application_id == api.state.application_id
        assert [g.name for g in bot.guilds] == ["Sectie Nederlands"]
        assert bot.get_channel(api.text_channel(guild).id) is not None
        assert ("GET", "/users/@me") in api.rest.calls
        assert ("GET", "/oauth2/applications/@me") in api.rest.calls
        assert api.gateway.identifies == 1 and api.gateway.heartbeats >= 1
        late = await api.create_guild("Later")  # joined while connected
        await api.wait_until(lambda: bot.get_guild(late.id) is not None, what="GUILD_CREATE")


async def test_slash_command_in_a_guild_answers_ephemerally(discord_api: DiscordApiServer) -> None:
    api = discord_api
    guild = await api.create_guild("School")
    anna, ben = api.create_user("Anna"), api.create_user("Ben")
    api.join(guild, anna)
    async with connected(Bot(), api):
        channel = api.text_channel(guild)
        command = await api.run_command(anna, "log", {"text": "x"}, channel=channel)
        done = await api.answered(command)
        assert done.response_type == 4
        assert done.original is not None and done.original.ephemeral
        assert done.original.text == "Genoteerd: x (mod=False)"
        assert [m.text for m in api.seen_by(anna, channel)] == ["Genoteerd: x (mod=False)"]
        assert api.seen_by(ben, channel) == []


async def test_permissions_come_with_the_member(discord_api: DiscordApiServer) -> None:
    api = discord_api
    guild = await api.create_guild("School")
    anna = api.create_user("Anna")
    api.join(guild, anna, await api.add_role(guild, "Beheer", MANAGE_GUILD))
    async with connected(Bot(), api):
        channel = api.text_channel(guild)
        command = await api.run_command(anna, "log", {"text": "x"}, channel=channel)
        done = await api.answered(command)
        assert done.original is not None and done.original.text.endswith("(mod=True)")


async def test_dm_and_user_install_contexts(discord_api: DiscordApiServer) -> None:
    api = discord_api
    anna = api.create_user("Anna")
    async with connected(Bot(), api):
        done = await api.answered(await api.run_command(anna, "log", {"text": "dm"}))
        assert done.payload["context"] == 1 and done.original is not None
        assert not done.original.ephemeral and done.original.channel_id == api.dm(anna).id
        elsewhere = await api.create_guild("Zonder bot")
        del elsewhere.members[api.bot.id]
        user_app = await api.run_command(
            anna, "log", {"text": "u"}, channel=api.text_channel(elsewhere), install=USER_INSTALL
        )
        await api.answered(user_app)
        assert user_app.payload["authorizing_integration_owners"] == {"1": str(anna.id)}


async def test_sync_with_dutch_names_then_run_by_the_dutch_name(
    discord_api: DiscordApiServer,
) -> None:
    api = discord_api
    anna = api.create_user("Anna")
    bot = Bot()
    async with connected(bot, api):
        await bot.tree.sync()
        assert api.state.syncs == [None]
        log = next(c for c in api.state.commands[None] if c["name"] == "log")
        assert log["name_localizations"] == {"nl": "noteer"}
        assert log["options"][0]["name_localizations"] == {"nl": "tekst"}
        assert log["integration_types"] == [0, 1] and log["contexts"] == [0, 1, 2]
        done = await api.answered(await api.run_command(anna, "noteer", {"tekst": "nl"}))
        assert done.original is not None and done.original.text.startswith("Genoteerd: nl")


async def test_autocomplete_answers_with_choices(discord_api: DiscordApiServer) -> None:
    api = discord_api
    anna = api.create_user("Anna")
    async with connected(Bot(), api):
        done = await api.answered(await api.autocomplete(anna, "log", "text", "L"))
        assert done.response_type == 8
        assert [c["name"] for c in done.choices] == ["Lesson study", "Leesgroep"]


async def test_deferred_export_completed_by_a_followup_with_a_file(
    discord_api: DiscordApiServer,
) -> None:
    api = discord_api
    guild = await api.create_guild("School")
    anna = api.create_user("Anna")
    async with connected(Bot(), api):
        done = await api.completed(
            await api.run_command(anna, "export", channel=api.text_channel(guild))
        )
        assert done.response_type == 5
        assert done.original is not None and done.original.ephemeral
        assert done.original.text == "Hier is je export"
        assert [(f.filename, f.content) for f in done.original.files] == [
            ("portfolio.json", b'{"a": 1}')
        ]


async def test_dynamic_button_still_works_after_a_restart(discord_api: DiscordApiServer) -> None:
    api = discord_api
    anna = api.create_user("Anna")
    async with connected(Bot(), api):
        done = await api.answered(await api.run_command(anna, "count"))
        message = done.original
        assert message is not None and message.buttons == [("0", "count:0", None)]
    async with connected(Bot(), api):  # a new process: no view in memory
        pressed = await api.answered(await api.press(anna, message, "count:0"))
        assert pressed.response_type == 7
        assert message.text == "1" and message.buttons == [("1", "count:1", None)]


async def test_modal_is_shown_and_submitted(discord_api: DiscordApiServer) -> None:
    api = discord_api
    anna = api.create_user("Anna")
    bot = Bot()
    async with connected(bot, api):
        shown = await api.answered(await api.run_command(anna, "reflect"))
        assert shown.response_type == 9 and shown.modal is not None
        submitted = await api.answered(
            await api.submit_modal(anna, shown, {"text": "Meer wachttijd na vragen"})
        )
        assert bot.modal_texts == ["Meer wachttijd na vragen"]
        assert submitted.original is not None and submitted.original.ephemeral


async def test_direct_messages_and_closed_dms(discord_api: DiscordApiServer) -> None:
    api = discord_api
    anna, ben, cas = (api.create_user(n) for n in ("Anna", "Ben", "Cas"))
    api.close_dms(ben)
    api.close_dms(cas, code=40003)
    bot = Bot()
    async with connected(bot, api):
        channel = await bot.create_dm(discord.Object(anna.id))  # type: ignore[arg-type]
        await channel.send("Herinnering")
        assert [m.text for m in api.dms_of(anna)] == ["Herinnering"]
        closed = await bot.create_dm(discord.Object(ben.id))  # type: ignore[arg-type]
        with pytest.raises(discord.Forbidden) as forbidden:
            await closed.send("x")
        assert forbidden.value.code == 50007
        with pytest.raises(discord.HTTPException) as too_fast:
            await bot.create_dm(discord.Object(cas.id))  # type: ignore[arg-type]
        assert too_fast.value.code == 40003
        message = await channel.send("reageer")
        await message.add_reaction("✅")
        assert api.dms_of(anna)[-1].reactions == ["✅"]


async def test_gateway_resume_keeps_interactions_flowing(discord_api: DiscordApiServer) -> None:
    api = discord_api
    anna = api.create_user("Anna")
    async with connected(Bot(), api):
        await api.gateway.reconnect()
        await api.wait_until(lambda: api.gateway.resumes == 1, what="a RESUME")
        done = await api.answered(await api.run_command(anna, "log", {"text": "na resume"}))
        assert done.original is not None
        assert api.gateway.identifies == 1


async def test_rate_limit_headers_pace_discord_py_without_429(
    discord_api: DiscordApiServer,
) -> None:
    api = discord_api
    api.rest.buckets["/channels/{channel}/messages"] = (2, 0.3)
    anna = api.create_user("Anna")
    bot = Bot()
    async with connected(bot, api):
        channel = await bot.create_dm(discord.Object(anna.id))  # type: ignore[arg-type]
        started = time.monotonic()
        for n in range(5):
            await channel.send(str(n))
        assert time.monotonic() - started >= 0.55  # two full windows waited
    assert [m.text for m in api.dms_of(anna)] == ["0", "1", "2", "3", "4"]
    assert api.rest.rate_limited == 0


async def test_raw_errors(discord_api: DiscordApiServer) -> None:
    api = discord_api
    api.rest.buckets["/users/@me"] = (1, 10.0)
    assert (await raw(api, "GET", "/users/@me"))[0] == 200
    status, body = await raw(api, "GET", "/users/@me")
    assert status == 429 and body["retry_after"] > 0 and api.rest.rate_limited == 1
    anna = api.create_user("Anna")
    interaction = await api.run_command(anna, "log", {"text": "x"})  # nobody listens
    path = f"/interactions/{interaction.id}/{interaction.token}/callback"
    assert (await raw(api, "POST", path, type=4, data={"content": "a"}))[0] == 200
    status, body = await raw(api, "POST", path, type=4, data={"content": "b"})
    assert (status, body["code"]) == (400, 40060)
    api.state.deadline = 0.0
    late = await api.run_command(anna, "log", {"text": "y"})
    path = f"/interactions/{late.id}/{late.token}/callback"
    status, body = await raw(api, "POST", path, type=4, data={"content": "c"})
    assert (status, body["code"]) == (404, 10062)
    async with aiohttp.ClientSession() as session, session.get(api.rest_url + "/users/@me") as r:
        assert r.status == 401
