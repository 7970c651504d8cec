"""What an adapter tells the health check and the metrics about its connection."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class AdapterStatus:
    connected: bool
    reconnects: int = 0  # times the connection came back after it was lost
    rate_limited: int = 0  # 429 / "retry after" answers from the platform
    reason: str = ""  # why not connected (no personal data)


@runtime_checkable
class Observable(Protocol):
    name: str

    def status(self) -> AdapterStatus: ...


def status_of(adapter: object) -> AdapterStatus:
    """An adapter that cannot tell is taken as connected once started."""
    if isinstance(adapter, Observable):
        return adapter.status()
    return AdapterStatus(connected=True)
