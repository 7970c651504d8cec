"""What a member reads of a Discord message: its markdown rendered to plain text (escapes
resolved, bold/italic markers and code fences dropped, ``<@id>`` mentions as names)."""

from __future__ import annotations

import re
from collections.abc import Callable

_MENTION = re.compile(r"<@!?(\d+)>")


def plain(markdown: str, name_of: Callable[[int], str] = str) -> str:
    out: list[str] = []
    i, n = 0, len(markdown)
    while i < n:
        ch = markdown[i]
        if ch == "\\" and i + 1 < n and not markdown[i + 1].isalnum() and markdown[i + 1] != " ":
            out.append(markdown[i + 1])
            i += 2
        elif ch == "`":
            run = len(markdown[i:]) - len(markdown[i:].lstrip("`"))
            fence = "`" * run
            end = markdown.find(fence, i + run)
            if end == -1:
                out.append(fence)
                i += run
                continue
            code = markdown[i + run : end]
            if run > 1 and code.startswith(" ") and code.endswith(" "):
                code = code[1:-1]
            out.append(code)
            i = end + run
        elif ch in "*_":
            i += 1  # a bold or italic marker (literal ones arrive escaped)
        elif ch == "<" and (match := _MENTION.match(markdown, i)):
            out.append(name_of(int(match.group(1))))
            i = match.end()
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def mentions(markdown: str) -> list[int]:
    return [int(found) for found in _MENTION.findall(markdown)]
