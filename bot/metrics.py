"""The core's metrics port: what the core reports as it works. An adapter implements it
(adapters/ops/metrics.py: Prometheus); without one, nothing is recorded.

Labels are never personal: a platform name and a fixed outcome word, nothing else."""

from __future__ import annotations

from typing import Literal, Protocol

Outcome = Literal["ok", "error", "ignored"]


class Metrics(Protocol):
    def message_handled(self, platform: str, outcome: Outcome, seconds: float) -> None:
        """One incoming message went through the router (`ignored`: group chatter)."""

    def reminder_fired(self, lateness_seconds: float) -> None:
        """A reminder occurrence was queued this long after its scheduled time."""


class NullMetrics:
    def message_handled(self, platform: str, outcome: Outcome, seconds: float) -> None:
        return None

    def reminder_fired(self, lateness_seconds: float) -> None:
        return None
