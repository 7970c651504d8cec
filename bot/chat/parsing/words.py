"""Small words members type for a setting: the one on/off parser every command uses."""

from __future__ import annotations

ON_WORDS = frozenset({"aan", "on", "ja", "yes", "alle", "all", "standaard", "default"})
OFF_WORDS = frozenset(
    {"uit", "off", "nee", "no", "geen", "none", "stop", "klaar", "einde", "end"}
)


def on_off(text: str) -> bool | None:
    """True for "aan"/"on"/…, False for "uit"/"off"/…, None for anything else."""
    word = text.strip().lower().rstrip(".!")
    if word in ON_WORDS:
        return True
    if word in OFF_WORDS:
        return False
    return None
