"""The core is the same for every platform: no module or catalog in bot/ names one (a
platform's name or limits belong in its adapter)."""

from __future__ import annotations

import re
from pathlib import Path

BOT = Path(__file__).resolve().parents[2] / "bot"
PLATFORMS = re.compile(r"telegram|discord|matrix|whatsapp|slack", re.IGNORECASE)


def test_no_platform_is_named_in_the_core() -> None:
    named = [
        f"{path.relative_to(BOT.parent)}:{number}: {line.strip()}"
        for path in sorted(BOT.rglob("*"))
        if path.suffix in (".py", ".toml")
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if PLATFORMS.search(line)
    ]
    assert named == []
