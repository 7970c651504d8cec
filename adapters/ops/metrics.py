"""The core's metrics port (bot/metrics.py) in the Prometheus format, with the official
client. Counters and histograms are recorded as the core works; the store and adapter
figures are read when /metrics is scraped (`refresh`).

No label carries personal data: platform names and fixed outcome words only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from adapters.ops.status import status_of

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from datetime import datetime

    from prometheus_client.metrics_core import Metric

    from bot.metrics import Outcome
    from storage.ops import StoreSnapshot

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# Handling a chat message: a few ms on SQLite, tens on a remote PostgreSQL.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
# Reminders: on time is within the poll interval; late is minutes to hours after downtime.
LATENESS_BUCKETS = (1, 2, 5, 15, 60, 300, 900, 3600, 4 * 3600, 12 * 3600, 24 * 3600)


class PrometheusMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.handled = Counter(
            "portfoliobot_messages_handled",
            "Incoming messages handled, per platform and outcome (ok, error, ignored).",
            ["platform", "outcome"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "portfoliobot_message_handling_seconds",
            "Time from an incoming message to its replies being ready.",
            ["platform"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.lateness = Histogram(
            "portfoliobot_reminder_lateness_seconds",
            "How long after its scheduled time a reminder was queued for delivery.",
            buckets=LATENESS_BUCKETS,
            registry=self.registry,
        )
        self._live = _LiveCollector()
        self.registry.register(self._live)
        # labels() validates and locks on every call; the children are few, so keep them.
        self._children: dict[tuple[str, str], tuple[Counter, Histogram]] = {}

    # --- the core's port ---------------------------------------------------------------

    def message_handled(self, platform: str, outcome: Outcome, seconds: float) -> None:
        children = self._children.get((platform, outcome))
        if children is None:
            children = (self.handled.labels(platform, outcome), self.latency.labels(platform))
            self._children[(platform, outcome)] = children
        children[0].inc()
        if outcome != "ignored":
            children[1].observe(seconds)

    def reminder_fired(self, lateness_seconds: float) -> None:
        self.lateness.observe(max(lateness_seconds, 0.0))

    # --- read at scrape time -----------------------------------------------------------

    def refresh(
        self, snapshot: StoreSnapshot | None, now: datetime, adapters: Sequence[object]
    ) -> None:
        self._live.snapshot = snapshot
        self._live.now = now
        self._live.adapters = list(adapters)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


class _LiveCollector:
    def __init__(self) -> None:
        self.snapshot: StoreSnapshot | None = None
        self.now: datetime | None = None
        self.adapters: list[object] = []

    def describe(self) -> list[Metric]:
        return []  # values only exist at scrape time

    def collect(self) -> Iterator[Metric]:
        snapshot = self.snapshot
        if snapshot is not None and self.now is not None:
            yield GaugeMetricFamily(
                "portfoliobot_outbox_pending",
                "Private messages waiting in the outbox (due or not yet due).",
                value=snapshot.outbox_pending,
            )
            oldest = snapshot.outbox_oldest_due
            age = max((self.now - oldest).total_seconds(), 0.0) if oldest is not None else 0.0
            yield GaugeMetricFamily(
                "portfoliobot_outbox_oldest_due_seconds",
                "Seconds since the oldest waiting outbox item became due (0: none overdue).",
                value=age,
            )
            yield GaugeMetricFamily(
                "portfoliobot_review_rounds_open",
                "Review rounds currently open.",
                value=snapshot.rounds_open,
            )
        connected = GaugeMetricFamily(
            "portfoliobot_adapter_connected",
            "1 when the platform adapter is connected.",
            labels=["platform"],
        )
        reconnects = CounterMetricFamily(
            "portfoliobot_adapter_reconnects",
            "Times an adapter's connection came back after it was lost.",
            labels=["platform"],
        )
        limited = CounterMetricFamily(
            "portfoliobot_platform_rate_limited",
            "429 / retry-after answers from the platform's API.",
            labels=["platform"],
        )
        for adapter in self.adapters:
            name = str(getattr(adapter, "name", "unknown"))
            status = status_of(adapter)
            connected.add_metric([name], 1.0 if status.connected else 0.0)
            reconnects.add_metric([name], status.reconnects)
            limited.add_metric([name], status.rate_limited)
        yield connected
        yield reconnects
        yield limited
