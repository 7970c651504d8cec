"""The REST half of the fake Discord (API v10), as routes on an aiohttp app.

Answers are JSON with Content-Type exactly ``application/json`` (discord.py parses nothing
else). Every configured bucket sends ``X-RateLimit-*`` headers and refuses with 429 (with the
``Via`` header discord.py insists on) when exhausted; ``rate_limited`` counts those.
"""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import BodyPartReader, web

from tests.fakes.discord_messages import Interaction, RateLimit, SentFile, SentMessage
from tests.fakes.discord_model import (
    DM,
    EPHEMERAL,
    JSON,
    ApiError,
    FakeChannel,
    unknown,
)

if TYPE_CHECKING:
    from tests.fakes.discord_state import DiscordState

Handler = Callable[[web.Request, JSON, list[SentFile]], Awaitable[Any]]
_GONE = object()  # a 204 answer


def _json(status: int, body: Any, headers: dict[str, str] | None = None) -> web.Response:
    return web.Response(
        status=status,
        body=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
    )


async def _body(request: web.Request) -> tuple[JSON, list[SentFile]]:
    """JSON, or multipart with ``payload_json`` and ``files[n]``."""
    if not request.can_read_body:
        return {}, []
    if request.content_type.startswith("multipart/"):
        payload: JSON = {}
        files: list[SentFile] = []
        reader = await request.multipart()
        async for part in reader:
            assert isinstance(part, BodyPartReader)
            if part.name == "payload_json":
                payload = json.loads(await part.text())
            else:
                files.append(
                    SentFile(
                        part.filename or "",
                        bytes(await part.read()),
                        part.headers.get("Content-Type", "application/octet-stream"),
                    )
                )
        return payload, files
    return await request.json(), []


class Rest:
    """Routes over a `DiscordState`; one instance per server."""

    def __init__(self, state: DiscordState) -> None:
        self.state = state
        self.calls: list[tuple[str, str]] = []  # (method, route template)
        self.buckets: dict[str, tuple[int, float]] = {}  # route template -> (limit, per s)
        self._live: dict[str, RateLimit] = {}  # template + major parameter -> bucket
        self.rate_limited = 0  # 429s answered
        # Discord's global limit (50 requests a second; interactions exempt), when set.
        self.global_limit: RateLimit | None = None

    def install(self, app: web.Application) -> None:
        routes: list[tuple[str, str, Handler]] = [
            ("GET", "/users/@me", self._me),
            ("GET", "/oauth2/applications/@me", self._application),
            ("GET", "/gateway", self._gateway),
            ("GET", "/gateway/bot", self._gateway),
            ("POST", "/users/@me/channels", self._open_dm),
            ("POST", "/channels/{channel}/messages", self._create_message),
            ("PATCH", "/channels/{channel}/messages/{message}", self._edit_message),
            ("DELETE", "/channels/{channel}/messages/{message}", self._delete_message),
            ("PUT", "/channels/{channel}/messages/{message}/reactions/{emoji}/@me", self._react),
            ("POST", "/interactions/{interaction}/{token}/callback", self._callback),
            ("GET", "/webhooks/{app}/{token}/messages/@original", self._get_original),
            ("PATCH", "/webhooks/{app}/{token}/messages/@original", self._edit_original),
            ("DELETE", "/webhooks/{app}/{token}/messages/@original", self._delete_original),
            ("POST", "/webhooks/{app}/{token}", self._followup),
            ("PATCH", "/webhooks/{app}/{token}/messages/{message}", self._edit_followup),
            ("PUT", "/applications/{app}/commands", self._sync),
            ("GET", "/applications/{app}/commands", self._commands),
            ("PUT", "/applications/{app}/guilds/{guild}/commands", self._sync),
            ("GET", "/applications/{app}/guilds/{guild}/commands", self._commands),
        ]
        for method, path, handler in routes:
            app.router.add_route(method, "/api/v10" + path, self._wrap(method, path, handler))

    def _wrap(self, method: str, path: str, handler: Handler) -> Any:
        async def serve(request: web.Request) -> web.Response:
            self.calls.append((method, path))
            token = request.headers.get("Authorization", "")
            webhook = path.startswith(("/interactions", "/webhooks"))
            if not webhook and token != f"Bot {self.state.token}":
                return _json(401, {"code": 0, "message": "401: Unauthorized"})
            if self.global_limit is not None and not webhook:
                remaining, reset_after = self.global_limit.take(time.monotonic())
                if remaining < 0:
                    self.rate_limited += 1
                    body = {"message": "You are being rate limited.", "retry_after": reset_after}
                    headers = {"X-RateLimit-Global": "true", "Via": "1.1 google"}
                    return _json(429, body | {"global": True}, headers)
            headers = self._take(method, path, request.match_info)
            if headers.get("X-RateLimit-Remaining") == "-1":
                self.rate_limited += 1
                retry = float(headers["X-RateLimit-Reset-After"])
                headers["X-RateLimit-Remaining"] = "0"
                body = {"message": "You are being rate limited.", "retry_after": retry}
                return _json(429, body | {"global": False}, headers | {"Via": "1.1 google"})
            try:
                payload, files = await _body(request)
                result = await handler(request, payload, files)
            except ApiError as error:
                return _json(error.status, error.to_api(), headers)
            self.state.changed()
            if result is _GONE:
                return web.Response(status=204, headers=headers)
            return _json(200, result, headers)

        return serve

    def _take(self, method: str, path: str, match: Any) -> dict[str, str]:
        spec = self.buckets.get(path)
        if spec is None:
            return {}
        major = match.get("channel") or match.get("token") or match.get("guild") or ""
        key = f"{method} {path} {major}"
        bucket = self._live.setdefault(key, RateLimit(*spec))
        remaining, reset_after = bucket.take(time.monotonic())
        return {
            "X-RateLimit-Limit": str(spec[0]),
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Reset-After": f"{max(reset_after, 0.001):.3f}",
            "X-RateLimit-Reset": f"{time.time() + max(reset_after, 0.001):.3f}",
            "X-RateLimit-Bucket": f"{abs(hash(path)):x}",
        }

    # --- identity ----------------------------------------------------------------------------

    async def _me(self, request: web.Request, body: JSON, files: list[SentFile]) -> JSON:
        return self.state.bot.to_api()

    async def _application(self, request: web.Request, body: JSON, files: list[SentFile]) -> JSON:
        s = self.state
        return {
            "id": str(s.application_id),
            "name": s.bot.username,
            "icon": None,
            "description": "",
            "rpc_origins": [],
            "bot_public": True,
            "bot_require_code_grant": False,
            "bot": s.bot.to_api(),
            "owner": s.owner.to_api(),
            "summary": "",
            "verify_key": "0" * 64,
            "team": None,
            "flags": 0,
            "interactions_endpoint_url": None,
            "redirect_uris": [],
            "integration_types_config": {"0": {}, "1": {}},
        }

    async def _gateway(self, request: web.Request, body: JSON, files: list[SentFile]) -> JSON:
        return {"url": self.state.gateway_url, "shards": 1}

    # --- channels and messages ---------------------------------------------------------------

    async def _open_dm(self, request: web.Request, body: JSON, files: list[SentFile]) -> JSON:
        s = self.state
        user = s.users.get(int(body["recipient_id"]))
        if user is None:
            raise unknown("User", 10013)
        s.dm_opens += 1
        refusal = s.dm_refusals.get(user.id)
        if refusal is not None and refusal.code == 40003:
            raise refusal
        return s.dm_channel(user).to_api()

    def _channel(self, request: web.Request) -> FakeChannel:
        channel = self.state.channels.get(int(request.match_info["channel"]))
        if channel is None:
            raise unknown("Channel", 10003)
        return channel

    async def _create_message(
        self, request: web.Request, body: JSON, files: list[SentFile]
    ) -> JSON:
        channel = self._channel(request)
        if channel.type == DM and channel.recipient is not None:
            refusal = self.state.dm_refusals.get(channel.recipient.id)
            if refusal is not None:
                raise refusal
        message = self.state.record(channel.id, body, files)
        return message.to_api(self.state.bot)

    def _message(self, request: web.Request) -> SentMessage:
        message = self.state.messages_by_id.get(int(request.match_info["message"]))
        if message is None:
            raise unknown("Message", 10008)
        return message

    async def _edit_message(self, request: web.Request, body: JSON, files: list[SentFile]) -> JSON:
        message = self._message(request)
        self.state.edit(message, body, files)
        return message.to_api(self.state.bot)

    async def _delete_message(
        self, request: web.Request, body: JSON, files: list[SentFile]
    ) -> object:
        self.state.delete(self._message(request))
        return _GONE

    async def _react(self, request: web.Request, body: JSON, files: list[SentFile]) -> object:
        self._message(request).reactions.append(request.match_info["emoji"])
        return _GONE

    # --- interactions ------------------------------------------------------------------------

    def _interaction(self, request: web.Request) -> Interaction:
        interaction = self.state.interactions_by_token.get(request.match_info["token"])
        if interaction is None:
            raise unknown("Webhook", 10015)
        return interaction

    async def _callback(self, request: web.Request, body: JSON, files: list[SentFile]) -> JSON:
        interaction = self._interaction(request)
        if str(interaction.id) != request.match_info["interaction"]:
            raise unknown("interaction", 10062)
        return self.state.answer(interaction, body, files)

    async def _get_original(self, request: web.Request, body: JSON, files: list[SentFile]) -> JSON:
        original = self._interaction(request).original
        if original is None:
            raise unknown("Message", 10008)
        return original.to_api(self.state.bot)

    async def _edit_original(
        self, request: web.Request, body: JSON, files: list[SentFile]
    ) -> JSON:
        original = self._interaction(request).original
        if original is None:
            raise unknown("Message", 10008)
        self.state.edit(original, body, files)
        return original.to_api(self.state.bot)

    async def _delete_original(
        self, request: web.Request, body: JSON, files: list[SentFile]
    ) -> object:
        interaction = self._interaction(request)
        if interaction.original is not None:
            self.state.delete(interaction.original)
        return _GONE

    async def _followup(self, request: web.Request, body: JSON, files: list[SentFile]) -> JSON:
        interaction = self._interaction(request)
        if not interaction.callbacks:
            raise ApiError(400, 40060, "Interaction has not been acknowledged.")
        flags = int(body.get("flags") or 0)
        original = interaction.original
        if original is not None and original.loading:
            # The first followup of a deferred response completes it (Discord's rule).
            self.state.edit(original, body, files)
            return original.to_api(self.state.bot)
        message = self.state.record(
            interaction.channel.id,
            body | {"flags": flags & EPHEMERAL},
            files,
            interaction=interaction,
            via="followup",
        )
        interaction.followups.append(message)
        return message.to_api(self.state.bot)

    async def _edit_followup(
        self, request: web.Request, body: JSON, files: list[SentFile]
    ) -> JSON:
        message = self._message(request)
        self.state.edit(message, body, files)
        return message.to_api(self.state.bot)

    # --- application commands ----------------------------------------------------------------

    async def _sync(self, request: web.Request, body: Any, files: list[SentFile]) -> list[JSON]:
        guild = request.match_info.get("guild")
        return self.state.sync(int(guild) if guild else None, list(body))

    async def _commands(self, request: web.Request, body: Any, files: list[SentFile]) -> Any:
        guild = request.match_info.get("guild")
        return self.state.commands.get(int(guild) if guild else None, [])
