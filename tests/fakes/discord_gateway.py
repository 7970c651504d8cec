"""The fake Discord gateway: one websocket per connected client, plain JSON frames.

HELLO → (client) IDENTIFY → READY + GUILD_CREATE per guild; heartbeats are acknowledged;
RESUME replays what the session missed and answers RESUMED. ``reconnect()`` asks every
client to reconnect (op 7), which discord.py answers with a RESUME.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

if TYPE_CHECKING:
    from collections.abc import Callable

    from tests.fakes.discord_model import JSON

log = logging.getLogger(__name__)

DISPATCH, HEARTBEAT, IDENTIFY, RESUME, RECONNECT, INVALID_SESSION, HELLO, HEARTBEAT_ACK = (
    0,
    1,
    2,
    6,
    7,
    9,
    10,
    11,
)


MESSAGE_CONTENT = 1 << 15  # the privileged intent


@dataclass
class Session:
    id: str
    intents: int
    sequence: int = 0
    history: list[JSON] = field(default_factory=list)  # every dispatch, for RESUME
    socket: web.WebSocketResponse | None = None


class Gateway:
    """The gateway half of the fake. `ready` and `guilds` are callables into the server."""

    def __init__(self, ready: Callable[[], JSON], guilds: Callable[[], list[JSON]]) -> None:
        self._ready = ready
        self._guilds = guilds
        self.sessions: dict[str, Session] = {}
        self.identifies = 0
        self.resumes = 0
        self.heartbeats = 0
        self.url = ""  # set by the server once it listens
        self.connected = asyncio.Event()
        self._sockets: set[web.WebSocketResponse] = set()

    @property
    def live(self) -> list[Session]:
        return [s for s in self.sessions.values() if s.socket is not None]

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(autoping=True)
        await socket.prepare(request)
        self._sockets.add(socket)
        session: Session | None = None
        try:
            await socket.send_str(json.dumps({"op": HELLO, "d": {"heartbeat_interval": 41250}}))
            async for frame in socket:
                if frame.type != WSMsgType.TEXT:
                    continue
                message = json.loads(frame.data)
                op, data = message.get("op"), message.get("d")
                if op == HEARTBEAT:
                    self.heartbeats += 1
                    await socket.send_str(json.dumps({"op": HEARTBEAT_ACK, "d": None}))
                elif op == IDENTIFY:
                    session = await self._identify(socket, data)
                elif op == RESUME:
                    session = await self._resume(socket, data)
        finally:
            self._sockets.discard(socket)
            if session is not None and session.socket is socket:
                session.socket = None
        return socket

    async def _identify(self, socket: web.WebSocketResponse, data: Any) -> Session:
        self.identifies += 1
        session = Session(secrets.token_hex(16), int(data.get("intents", 0)))
        self.sessions[session.id] = session
        session.socket = socket
        ready = self._ready() | {"session_id": session.id, "resume_gateway_url": self.url}
        await self._send(session, "READY", ready)
        for guild in self._guilds():
            await self._send(session, "GUILD_CREATE", guild)
        self.connected.set()
        return session

    async def _resume(self, socket: web.WebSocketResponse, data: Any) -> Session | None:
        session = self.sessions.get(str(data.get("session_id")))
        if session is None:
            await socket.send_str(json.dumps({"op": INVALID_SESSION, "d": False}))
            return None
        self.resumes += 1
        session.socket = socket
        missed = [event for event in session.history if event["s"] > int(data.get("seq") or 0)]
        for event in missed:
            await socket.send_str(json.dumps(event))
        await self._send(session, "RESUMED", {})
        return session

    async def _send(self, session: Session, event: str, data: JSON) -> None:
        session.sequence += 1
        frame = {"op": DISPATCH, "t": event, "s": session.sequence, "d": data}
        session.history.append(frame)
        if session.socket is not None:
            try:
                await session.socket.send_str(json.dumps(frame))
            except ConnectionError:  # gone; a RESUME will replay it
                session.socket = None

    async def dispatch(self, event: str, data: JSON) -> None:
        """Send an event to every session (connected or waiting to resume)."""
        for session in list(self.sessions.values()):
            await self._send(session, event, data)

    async def dispatch_message(self, payload: JSON, *, in_guild: bool) -> None:
        """MESSAGE_CREATE: in a guild, sessions without the message-content intent get
        the message with its content emptied (DMs keep theirs)."""
        for session in list(self.sessions.values()):
            blind = in_guild and not session.intents & MESSAGE_CONTENT
            seen = payload | {"content": ""} if blind else payload
            await self._send(session, "MESSAGE_CREATE", seen)

    async def reconnect(self) -> None:
        """Ask every client to reconnect (op 7): discord.py closes and RESUMEs."""
        for socket in list(self._sockets):
            with contextlib.suppress(ConnectionError):
                await socket.send_str(json.dumps({"op": RECONNECT, "d": None}))

    async def close(self) -> None:
        for socket in list(self._sockets):
            with contextlib.suppress(ConnectionError):
                await socket.close()
