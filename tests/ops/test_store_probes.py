"""The store's operator probes (storage/ops.py) and the Prometheus side of the metrics
port, without a running bot: what is waiting in the outbox, where the schema is, whether a
store is empty."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.exc import IntegrityError

from adapters.ops.metrics import PrometheusMetrics
from adapters.ops.status import AdapterStatus
from bot.services.ports import NewDelivery, NewMember
from storage import open_store
from storage.migrate import head_revision
from storage.models import activities
from storage.ops import StoreSnapshot, is_empty, schema_status, snapshot
from tests.ops.stores import migrate

NOW = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)


async def test_the_snapshot_counts_what_waits_in_the_outbox(store_url: str) -> None:
    store = await open_store(store_url)
    try:
        assert await store.inspect(is_empty)  # type: ignore[attr-defined]
        assert await store.inspect(snapshot) == StoreSnapshot(0, None, 0)  # type: ignore[attr-defined]

        def queue(uow: object) -> None:
            member = uow.members.create_with_identity(  # type: ignore[attr-defined]
                "test", "u1", NewMember("Leraar", "nl", "Europe/Amsterdam", NOW)
            )
            uow.outbox.enqueue_many(  # type: ignore[attr-defined]
                [
                    NewDelivery(
                        f"k{n}", member.id, "test", "u1", {"v": 1}, NOW + timedelta(minutes=n)
                    )
                    for n in (-30, -5, 10)
                ],
                NOW,
            )

        await store.run(queue)
        found = await store.inspect(snapshot)  # type: ignore[attr-defined]
        assert found.outbox_pending == 3
        assert found.outbox_oldest_due == NOW - timedelta(minutes=30)
        assert found.rounds_open == 0
        assert not await store.inspect(is_empty)  # type: ignore[attr-defined]
    finally:
        await store.close()


async def test_schema_status_names_the_pending_migrations(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    await migrate(url, "0003")
    store = await open_store(url, upgrade=False)
    try:
        status = await store.inspect(schema_status)  # type: ignore[attr-defined]
    finally:
        await store.close()
    assert status.current == "0003" and status.head == head_revision()
    assert status.pending[0] == "0004" and status.pending[-1] == head_revision()
    assert not status.at_head and not status.unknown


def test_prometheus_figures_follow_the_port_and_the_snapshot() -> None:
    metrics = PrometheusMetrics()
    metrics.message_handled("telegram", "ok", 0.004)
    metrics.message_handled("telegram", "ok", 0.3)
    metrics.message_handled("telegram", "ignored", 0.0001)
    metrics.reminder_fired(90)
    metrics.reminder_fired(-0.5)  # a clock a hair behind counts as on time

    class Adapter:
        name = "telegram"

        def status(self) -> AdapterStatus:
            return AdapterStatus(False, reconnects=2, rate_limited=3, reason="x")

    oldest = NOW - timedelta(minutes=4)
    metrics.refresh(StoreSnapshot(7, oldest, 1), NOW, [Adapter()])
    found = {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(metrics.exposition().decode())
        for sample in family.samples
    }
    tg = (("platform", "telegram"),)
    assert found["portfoliobot_messages_handled_total", (("outcome", "ok"), *tg)] == 2
    assert found["portfoliobot_message_handling_seconds_count", tg] == 2  # ignored: not timed
    assert found["portfoliobot_message_handling_seconds_bucket", (("le", "0.005"), *tg)] == 1
    assert found["portfoliobot_reminder_lateness_seconds_count", ()] == 2
    assert found["portfoliobot_reminder_lateness_seconds_bucket", (("le", "1.0"),)] == 1
    assert found["portfoliobot_outbox_pending", ()] == 7
    assert found["portfoliobot_outbox_oldest_due_seconds", ()] == 240
    assert found["portfoliobot_review_rounds_open", ()] == 1
    assert found["portfoliobot_adapter_connected", tg] == 0
    assert found["portfoliobot_adapter_reconnects_total", tg] == 2
    assert found["portfoliobot_platform_rate_limited_total", tg] == 3


async def test_a_failed_statement_does_not_carry_a_members_text(store_url: str) -> None:
    """Errors are logged (the router logs the exception of a failed command): SQLAlchemy
    must not put the statement's values — titles, names — into the message."""
    store = await open_store(store_url)
    row = {
        "member_id": 99_999,  # no such member: a foreign-key violation
        "number": 1,
        "date": NOW.date(),
        "minutes": 60,
        "kind": "reading",
        "title": "Geheimzinnige Gerda over Zuiderzeewerken",
        "competence_areas": [],
        "visibility": "private",
        "created_at": NOW,
    }
    try:
        with pytest.raises(IntegrityError) as failed:
            await store.run(lambda uow: uow.activities._db.execute(activities.insert(), row))  # type: ignore[attr-defined]
    finally:
        await store.close()
    assert "Zuiderzeewerken" not in str(failed.value)
    assert "hidden due to hide_parameters" in str(failed.value)


class RecordingMetrics:
    """A fake of the core's metrics port that remembers what it was told."""

    def __init__(self) -> None:
        self.handled: list[tuple[str, str]] = []
        self.lateness: list[float] = []

    def message_handled(self, platform: str, outcome: str, seconds: float) -> None:
        assert 0 <= seconds < 30
        self.handled.append((platform, outcome))

    def reminder_fired(self, lateness_seconds: float) -> None:
        self.lateness.append(lateness_seconds)


async def test_the_router_reports_each_message_with_its_outcome(tmp_path: Path) -> None:
    from bot.bootstrap import bootstrap
    from bot.chat.messages import Chat, ChatKind, Incoming, Sender
    from bot.settings import Settings

    store = await open_store(f"sqlite:///{tmp_path / 'p.db'}")
    metrics = RecordingMetrics()
    core = bootstrap(store, Settings(data_dir=tmp_path), metrics=metrics)  # type: ignore[arg-type]
    group = Chat("test", "g1", ChatKind.GROUP, title="kamer")
    me = Sender("test", "u1", "Leraar")

    def says(n: int, text: str, chat: Chat) -> Incoming:
        return Incoming(f"m{n}", chat, me, NOW, text=text)

    private = Chat("test", "u1", ChatKind.PRIVATE)
    assert await core.router.handle(says(1, "/log 1u intervisie", private))
    assert await core.router.handle(says(2, "goedemorgen allemaal", group)) == []
    await store.close()  # the store is gone: the command fails, the member hears so
    assert await core.router.handle(says(3, "/activiteiten", private))
    assert metrics.handled == [("test", "ok"), ("test", "ignored"), ("test", "error")]


async def test_the_dispatcher_reports_how_late_each_reminder_is(tmp_path: Path) -> None:
    from bot.bootstrap import bootstrap
    from bot.settings import Settings
    from tests.support.reminder_seed import seed

    store = await open_store(f"sqlite:///{tmp_path / 'p.db'}")
    try:
        metrics = RecordingMetrics()
        core = bootstrap(store, Settings(data_dir=tmp_path), metrics=metrics)  # type: ignore[arg-type]
        due = datetime.now(UTC) - timedelta(minutes=2)
        await seed(store, 2, due, members=2, step=timedelta(seconds=30))
        await core.reminders.dispatch_due()
    finally:
        await store.close()
    early, late = sorted(metrics.lateness)  # due 2 min and 1.5 min before the dispatch
    assert 90 <= early < 150
    assert abs(late - early - 30) < 1
