"""Console lines <-> neutral messages."""

from __future__ import annotations

import mimetypes
import re
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from bot.chat.messages import Attachment, Chat, ChatKind, Incoming, Outgoing, Sender, Style

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable
    from datetime import datetime

PLATFORM = "console"
DM_PREFIX = "[DM] "
_ANSI = {Style.BOLD: ("\x1b[1m", "\x1b[0m"), Style.ITALIC: ("\x1b[3m", "\x1b[0m")}


def private_chat(user: str) -> Chat:
    return Chat(PLATFORM, f"dm:{user}", ChatKind.PRIVATE, title=user)


def group_chat(name: str) -> Chat:
    return Chat(PLATFORM, f"group:{name}", ChatKind.GROUP, title=name)


def sender(user: str, *, moderator_check: Callable[[], Awaitable[bool]]) -> Sender:
    # The console's handle is the --as name: how the other person runs `chat --as NAME`.
    return Sender(PLATFORM, user, display_name=user, moderator_check=moderator_check, handle=user)


def incoming(
    chat: Chat, who: Sender, now: datetime, *, text: str = "", choice: str | None = None
) -> Incoming:
    # Every line is a new message: a fresh id, unique across runs on one store.
    return Incoming(uuid.uuid4().hex, chat, who, now, text=text, choice=choice)


_SEND_FILE = re.compile(r"^\s*(/(?:import|importeer|foto|photo))\s+(\S.*?)\s*$", re.IGNORECASE)


def file_to_send(line: str) -> tuple[str, Attachment] | None:
    """ "/import PATH" or "/foto PATH" with an existing file: the command and the file as
    an attachment (the core checks what the file really is)."""
    match = _SEND_FILE.match(line)
    if match is None:
        return None
    path = Path(match.group(2)).expanduser()
    if not path.is_file():
        return None
    command = match.group(1)
    if command.lower() in ("/import", "/importeer"):
        kind = "application/json"
    else:
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return command, Attachment(path.name, path.read_bytes(), kind)


def text_of(outgoing: Outgoing, *, ansi: bool) -> str:
    if not ansi:
        return outgoing.text.plain
    pieces = []
    for span in outgoing.text.spans:
        start, end = _ANSI.get(span.style, ("", ""))
        pieces.append(f"{start}{span.text}{end}")
    return "".join(pieces)


def lines_of(
    outgoing: Outgoing, *, dm: bool, saved: Path | None = None, ansi: bool = False
) -> list[str]:
    """The printed form: choices numbered, a file as its path, and `[DM] ` before every line
    that went to the private chat while the user sits in a group."""
    lines = text_of(outgoing, ansi=ansi).split("\n")
    lines += [f"  {number}. {choice.label}" for number, choice in enumerate(outgoing.choices, 1)]
    if saved is not None:
        lines.append(f"📎 {saved}")
    prefix = DM_PREFIX if dm else ""
    return [prefix + line for line in lines]
