"""The words an export document uses, in the member's language, handed in by the caller
(the services render documents but do not own the message catalogs)."""

from __future__ import annotations

from typing import Any, Protocol


class Words(Protocol):
    def __call__(self, key: str, /, **params: Any) -> str:
        """The catalog text for `key` with `params` filled in."""


def hours_text(minutes: int, decimal_comma: bool) -> str:
    """1.5 or 1,5: at most two decimals, no trailing zeros."""
    text = f"{minutes / 60:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if decimal_comma else text
