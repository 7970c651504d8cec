"""Messages as JSON, so that a question can be stored and asked again later (drafts)."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.i18n import Hours, Label, Msg


def _value(value: Any) -> Any:
    if isinstance(value, Msg):
        return {"msg": dump(value)}
    if isinstance(value, Label):
        return {"label": value.key}
    if isinstance(value, Hours):
        return {"minutes": value.minutes}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, (list, tuple)):
        return {"list": [_value(item) for item in value]}
    if value is None or isinstance(value, (int, float)):
        return value
    return str(value)


def _load_value(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    if "msg" in value:
        return load(value["msg"])
    if "label" in value:
        return Label(value["label"])
    if "minutes" in value:
        return Hours(int(value["minutes"]))
    if "date" in value:
        return date.fromisoformat(value["date"])
    return [_load_value(item) for item in value.get("list", [])]


def dump(msg: Msg) -> dict[str, Any]:
    return {"key": msg.key, "params": {name: _value(v) for name, v in msg.params.items()}}


def load(data: dict[str, Any]) -> Msg:
    return Msg(data["key"], {name: _load_value(v) for name, v in data["params"].items()})
