"""Members acting at the fake Discord: each action dispatches one INTERACTION_CREATE built
the way Discord builds it (member with permissions in a guild, user in a DM, locale,
context, authorizing integration owners), and returns the `Interaction` that records how
the bot answered it."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from tests.fakes.discord_messages import Interaction
from tests.fakes.discord_model import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    CONTEXT_BOT_DM,
    CONTEXT_GUILD,
    CONTEXT_PRIVATE_CHANNEL,
    JSON,
    MESSAGE_COMPONENT,
    MODAL_SUBMIT,
    FakeChannel,
    FakeMember,
    FakeUser,
    snowflake,
    timestamp,
)

if TYPE_CHECKING:
    from tests.fakes.discord_gateway import Gateway
    from tests.fakes.discord_messages import SentMessage
    from tests.fakes.discord_state import DiscordState

_OPTION_TYPES = {str: 3, int: 4, bool: 5, float: 10}
USER_OPTION = 6
GUILD_INSTALL, USER_INSTALL = "0", "1"


class MembersAct:
    """Mixed into the server, which provides these:"""

    state: DiscordState
    gateway: Gateway
    last_event: dict[int, tuple[str, JSON]]

    @property
    def bot(self) -> FakeUser:
        return self.state.bot

    def dm(self, user: FakeUser) -> FakeChannel:
        return self.state.dm_channel(user)

    async def wait_until(self, condition: Any, timeout: float = 5.0, what: str = "") -> None:  # noqa: ASYNC109
        await self.state.wait_until(condition, timeout, what or "condition")

    # --- members act -----------------------------------------------------------------------

    async def _dispatch(
        self,
        kind: int,
        user: FakeUser,
        channel: FakeChannel | None,
        data: JSON,
        *,
        install: str = GUILD_INSTALL,
        locale: str | None = None,
        extra: JSON | None = None,
    ) -> Interaction:
        channel = channel or self.dm(user)
        guild = self.state.guilds.get(channel.guild_id) if channel.guild_id else None
        interaction = Interaction(
            snowflake(), self.state.new_token(), kind, user, channel, guild, {}
        )
        payload: JSON = {
            "id": str(interaction.id),
            "application_id": str(self.state.application_id),
            "type": kind,
            "token": interaction.token,
            "version": 1,
            "data": data,
            "channel_id": str(channel.id),
            "channel": channel.to_api(),
            "locale": locale or user.locale,
            "app_permissions": str((1 << 53) - 1),
            "entitlements": [],
            "attachment_size_limit": 10 * 1024 * 1024,
            **(extra or {}),
        }
        owner = str(guild.id) if guild and install == GUILD_INSTALL else str(user.id)
        payload["authorizing_integration_owners"] = {install: owner}
        if guild is not None:
            member = guild.members.get(user.id) or FakeMember(user)
            payload["guild_id"] = str(guild.id)
            payload["guild_locale"] = guild.locale
            payload["member"] = member.to_api() | {"permissions": str(guild.permissions(user.id))}
            payload["context"] = CONTEXT_GUILD
        else:
            payload["user"] = user.to_api()
            private = channel.recipient is None or channel.recipient.id != user.id
            payload["context"] = CONTEXT_PRIVATE_CHANNEL if private else CONTEXT_BOT_DM
        interaction.payload = payload
        self.state.interactions.append(interaction)
        self.state.interactions_by_token[interaction.token] = interaction
        interaction.dispatched_at = time.perf_counter()
        self.last_event[user.id] = ("INTERACTION_CREATE", payload)
        await self.gateway.dispatch("INTERACTION_CREATE", payload)
        return interaction

    def _command_data(
        self, user: FakeUser, name: str, options: dict[str, Any], guild: int | None, locale: str
    ) -> JSON:
        command = self.state.find_command(name, locale, guild)
        declared = {o["name"]: o for o in (command or {}).get("options", [])}
        by_local = {
            (o.get("name_localizations") or {}).get(locale, o["name"]): o
            for o in declared.values()
        }
        built = []
        users: JSON = {}
        members: JSON = {}
        for key, value in options.items():
            option = declared.get(key) or by_local.get(key)
            kind = option["type"] if option else _OPTION_TYPES[type(value)]
            built.append({"name": option["name"] if option else key, "type": kind, "value": value})
            if kind == USER_OPTION:  # the picked user, sent along as Discord does
                picked = self.state.users[int(value)]
                users[str(value)] = picked.to_api()
                found = self.state.guilds[guild].members.get(picked.id) if guild else None
                if found is not None:
                    members[str(value)] = {k: v for k, v in found.to_api().items() if k != "user"}
        data: JSON = {
            "id": command["id"] if command else str(snowflake()),
            "name": command["name"] if command else name,
            "type": 1,
            "options": built,
        }
        if users:
            data["resolved"] = {"users": users, **({"members": members} if members else {})}
        if command and command.get("guild_id"):
            data["guild_id"] = command["guild_id"]
        return data

    async def run_command(
        self,
        user: FakeUser,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        channel: FakeChannel | None = None,
        install: str = GUILD_INSTALL,
        locale: str | None = None,
        attachments: list[JSON] | None = None,
    ) -> Interaction:
        """`user` runs slash command `name` (base or localised, as synced) in `channel`
        (None: their DM with the bot). `attachments` (from `upload`): the files that
        attachment options refer to by id."""
        loc = locale or user.locale
        guild = channel.guild_id if channel else None
        data = self._command_data(user, name, options or {}, guild, loc)
        if attachments:
            data["resolved"] = {"attachments": {a["id"]: a for a in attachments}}
        return await self._dispatch(
            APPLICATION_COMMAND, user, channel, data, install=install, locale=loc
        )

    async def autocomplete(
        self,
        user: FakeUser,
        name: str,
        focused: str,
        typed: str,
        options: dict[str, Any] | None = None,
        *,
        channel: FakeChannel | None = None,
        locale: str | None = None,
    ) -> Interaction:
        """`user` is typing `typed` into option `focused` of command `name`."""
        loc = locale or user.locale
        guild = channel.guild_id if channel else None
        data = self._command_data(user, name, {**(options or {}), focused: typed}, guild, loc)
        for option in data["options"]:
            if option["value"] == typed:
                option["focused"] = True
                option["type"] = 3 if option["type"] not in (4, 10) else option["type"]
        return await self._dispatch(AUTOCOMPLETE, user, channel, data, locale=loc)

    async def press(self, user: FakeUser, message: SentMessage, custom_id: str) -> Interaction:
        """`user` presses the button `custom_id` on `message`."""
        data = {"custom_id": custom_id, "component_type": 2}
        return await self._component(user, message, data)

    async def select(
        self, user: FakeUser, message: SentMessage, custom_id: str, values: list[str]
    ) -> Interaction:
        data = {"custom_id": custom_id, "component_type": 3, "values": values}
        return await self._component(user, message, data)

    async def _component(self, user: FakeUser, message: SentMessage, data: JSON) -> Interaction:
        channel = self.state.channels[message.channel_id]
        extra = {"message": message.to_api(self.bot)}
        return await self._dispatch(MESSAGE_COMPONENT, user, channel, data, extra=extra)

    async def submit_modal(
        self, user: FakeUser, shown: Interaction, values: dict[str, str]
    ) -> Interaction:
        """`user` fills in the modal that answered `shown` (text inputs by custom_id)."""
        modal = shown.modal
        assert modal is not None, "the bot answered with no modal"
        rows = []
        for row in modal["components"]:
            inner = row.get("components") or [row["component"]]
            inputs = [
                {"type": 4, "custom_id": c["custom_id"], "value": values.get(c["custom_id"], "")}
                for c in inner
                if c.get("type") == 4
            ]
            if row.get("type") == 18:
                rows += [{"type": 18, "id": row.get("id", 0), "component": i} for i in inputs]
            else:
                rows.append({"type": 1, "components": inputs})
        data = {"custom_id": modal["custom_id"], "components": rows}
        return await self._dispatch(MODAL_SUBMIT, user, shown.channel, data)

    async def user_writes(
        self,
        user: FakeUser,
        channel: FakeChannel | None,
        content: str,
        attachments: list[JSON] | None = None,
    ) -> JSON:
        """`user` writes a message in `channel` (None: their DM with the bot), perhaps with
        files (from `upload`). In a guild a bot without the privileged message-content
        intent gets it with empty content."""
        channel = channel or self.dm(user)
        payload: JSON = {
            "id": str(snowflake()),
            "channel_id": str(channel.id),
            "author": user.to_api(),
            "content": content,
            "timestamp": timestamp(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": attachments or [],
            "embeds": [],
            "pinned": False,
            "type": 0,
            "flags": 0,
        }
        if channel.guild_id is not None:
            guild = self.state.guilds[channel.guild_id]
            member = guild.members.get(user.id) or FakeMember(user)
            payload["guild_id"] = str(guild.id)
            payload["member"] = {k: v for k, v in member.to_api().items() if k != "user"}
        self.last_event[user.id] = ("MESSAGE_CREATE", payload)
        await self.gateway.dispatch_message(payload, in_guild=channel.guild_id is not None)
        return payload

    async def redeliver(self, user: FakeUser) -> None:
        """Discord hands the bot `user`'s last interaction or message again (as after a
        RESUME whose acknowledgement was lost)."""
        event, payload = self.last_event[user.id]
        if event == "MESSAGE_CREATE":
            await self.gateway.dispatch_message(payload, in_guild="guild_id" in payload)
        else:
            await self.gateway.dispatch(event, payload)

    async def answered(self, interaction: Interaction, timeout: float = 5.0) -> Interaction:  # noqa: ASYNC109
        await self.wait_until(
            lambda: bool(interaction.callbacks), timeout, f"an answer to {interaction.id}"
        )
        return interaction

    async def completed(self, interaction: Interaction, timeout: float = 5.0) -> Interaction:  # noqa: ASYNC109
        """Answered, and a deferred answer completed by an edit or a followup."""
        await self.wait_until(
            lambda: (
                bool(interaction.callbacks)
                and not (interaction.original and interaction.original.loading)
            ),
            timeout,
            f"interaction {interaction.id} to be completed",
        )
        return interaction
