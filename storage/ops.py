"""Read-only looks into a store for operators: is it answering, where is its schema, what
is waiting. Used by `portfoliobot doctor`, /healthz and /metrics (adapters/ops); nothing
here changes a row."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select, text

from bot.domain.catalogue import RoundState
from bot.domain.outbox import DeliveryState
from storage.migrate import alembic_config, current_revision, head_revision
from storage.models import Base, OutboxRow, ReviewRoundRow

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy.engine import Connection


@dataclass(frozen=True)
class SchemaStatus:
    current: str | None  # None: an empty database, never migrated
    head: str
    pending: tuple[str, ...]  # revisions still to apply, oldest first
    unknown: bool = False  # `current` is not one of ours: written by a newer version

    @property
    def at_head(self) -> bool:
        return not self.pending


@dataclass(frozen=True)
class StoreSnapshot:
    outbox_pending: int
    outbox_oldest_due: datetime | None
    rounds_open: int


def ping(connection: Connection) -> None:
    """Raises when the store does not answer a trivial query."""
    connection.execute(text("SELECT 1")).scalar_one()


def schema_status(connection: Connection) -> SchemaStatus:
    current = current_revision(connection)
    head = head_revision()
    script = ScriptDirectory.from_config(alembic_config())
    if current is not None and current not in {rev.revision for rev in script.walk_revisions()}:
        return SchemaStatus(current, head, (), unknown=True)
    pending = [
        revision.revision
        for revision in script.iterate_revisions(head, current)
        if revision.revision != current
    ]
    return SchemaStatus(current, head, tuple(reversed(pending)))


def snapshot(connection: Connection) -> StoreSnapshot:
    pending = OutboxRow.state == DeliveryState.PENDING.value
    count, oldest = connection.execute(
        select(func.count(), func.min(OutboxRow.due_at)).where(pending)
    ).one()
    rounds = connection.execute(
        select(func.count()).where(ReviewRoundRow.state == RoundState.OPEN.value)
    ).scalar_one()
    return StoreSnapshot(int(count), oldest, int(rounds))


def data_tables(connection: Connection) -> list[str]:
    """Tables of ours that exist in the database (alembic's bookkeeping left out)."""
    present = set(inspect(connection).get_table_names())
    return [name for name in Base.metadata.tables if name in present]


def is_empty(connection: Connection) -> bool:
    """No row in any table of ours: a restore may fill it without losing anything."""
    for name in data_tables(connection):
        table = Base.metadata.tables[name]
        if connection.execute(select(select(table).limit(1).exists())).scalar_one():
            return False
    return True
