"""The catalogue: providers and offerings, imported in batches and ranked in SQL."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, func, select, update

from bot.domain.catalogue import (
    Level,
    Offering,
    Provider,
    ProviderKind,
    bayesian,
)
from storage.models import offerings, providers, reviews
from storage.repositories._base import Repository, upsert

if TYPE_CHECKING:
    from datetime import datetime

    from bot.domain.catalogue import OfferingData

_o = offerings.c
_p = providers.c
_r = reviews.c

_OFFERING = select(offerings, _p.name.label("provider_name"), _p.kind.label("provider_kind")).join(
    providers, _p.id == _o.provider_id
)
_GET = _OFFERING.where(_o.id == bindparam("id"))
_MANY = _OFFERING.where(_o.id.in_(bindparam("ids", expanding=True)))
_SCORE = _o.rating_score
_TOP = _OFFERING.where(_o.rating_count > 0).order_by(_SCORE.desc(), _o.id).limit(bindparam("n"))
_TOP_TOPIC = (
    _OFFERING.where(_o.rating_count > 0, _o.topics.like(bindparam("pattern")))
    .order_by(_SCORE.desc(), _o.id)
    .limit(bindparam("n"))
)
_OF_PROVIDER = (
    _OFFERING.where(_o.provider_id == bindparam("provider_id"))
    .order_by(_SCORE.desc(), _o.title, _o.id)
    .limit(bindparam("n"))
)
_COUNT_OF_PROVIDER = select(func.count()).where(_o.provider_id == bindparam("provider_id"))
# Both read off an index end (no scan): offerings are only ever added or updated.
_VERSION = select(func.max(_o.id), func.max(_o.updated_at))
_TITLES = select(_o.id, _o.title)
_PROVIDERS = select(providers).order_by(_p.name)
_PROVIDER_IDS = select(_p.name, _p.id).where(_p.name.in_(bindparam("names", expanding=True)))
_REFS = select(_o.ref, _o.id).where(_o.ref.in_(bindparam("refs", expanding=True)))
_INSERT = offerings.insert()
_UPDATE = (
    update(offerings)
    .where(_o.id == bindparam("b_id"))
    .values(
        title=bindparam("b_title"),
        provider_id=bindparam("b_provider_id"),
        description=bindparam("b_description"),
        topics=bindparam("b_topics"),
        format=bindparam("b_format"),
        hours=bindparam("b_hours"),
        levels=bindparam("b_levels"),
        url=bindparam("b_url"),
        updated_at=bindparam("b_now"),
    )
)
_VISIBLE = (_r.offering_id == bindparam("offering_id")) & (_r.hidden.is_(False))
_COUNT_VISIBLE = select(func.count(), func.coalesce(func.sum(_r.rating), 0)).where(_VISIBLE)
_SET_RATING = (
    update(offerings)
    .where(_o.id == bindparam("b_id"))
    .values(
        rating_count=bindparam("b_count"),
        rating_sum=bindparam("b_sum"),
        rating_score=bindparam("b_score"),
    )
)


def topics_text(topics: tuple[str, ...]) -> str:
    return "|" + "|".join(topic.lower() for topic in topics) + "|" if topics else ""


def _offering(row: Any) -> Offering:
    return Offering(
        id=row.id,
        ref=row.ref,
        title=row.title,
        provider_id=row.provider_id,
        provider_name=row.provider_name,
        provider_kind=ProviderKind(row.provider_kind),
        description=row.description,
        topics=tuple(topic for topic in row.topics.split("|") if topic),
        format=row.format,
        hours=row.hours,
        levels=tuple(Level(level) for level in row.levels.split(",") if level),
        url=row.url,
        rating_count=row.rating_count,
        rating_sum=row.rating_sum,
    )


def _columns(item: OfferingData, provider_id: int, prefix: str = "") -> dict[str, Any]:
    values = {
        "title": item.title,
        "provider_id": provider_id,
        "description": item.description,
        "topics": topics_text(item.topics),
        "format": item.format,
        "hours": item.hours,
        "levels": ",".join(level.value for level in item.levels),
        "url": item.url,
    }
    return {prefix + key: value for key, value in values.items()}


class SqlCatalogueRepository(Repository):
    def _provider_ids(self, items: list[OfferingData], now: datetime) -> dict[str, int]:
        kinds = {item.provider: item.provider_kind for item in items}
        names = list(kinds)
        known = dict(self._db.execute(_PROVIDER_IDS, {"names": names}).all())
        missing = [name for name in names if name not in known]
        if missing:
            insert = upsert(self._dialect, providers).on_conflict_do_nothing(
                index_elements=[_p.name]
            )
            self._db.execute(
                insert,
                [{"name": name, "kind": kinds[name].value, "created_at": now} for name in missing],
            )
            known = dict(self._db.execute(_PROVIDER_IDS, {"names": names}).all())
        return known

    def import_batch(self, items: list[OfferingData], now: datetime) -> tuple[int, int]:
        if not items:
            return 0, 0
        provider_ids = self._provider_ids(items, now)
        refs = [item.ref for item in items]
        existing = dict(self._db.execute(_REFS, {"refs": refs}).all())
        new = [
            {
                **_columns(item, provider_ids[item.provider]),
                "ref": item.ref,
                "rating_count": 0,
                "rating_sum": 0,
                "rating_score": bayesian(0, 0),
                "created_at": now,
                "updated_at": now,
            }
            for item in items
            if item.ref not in existing
        ]
        changed = [
            {**_columns(item, provider_ids[item.provider], "b_"), "b_id": existing[item.ref]}
            | {"b_now": now}
            for item in items
            if item.ref in existing
        ]
        if new:
            self._db.execute(_INSERT, new)
        if changed:
            self._db.execute(_UPDATE, changed)
        return len(new), len(changed)

    def version(self) -> tuple[int, datetime | None]:
        highest, newest = self._db.execute(_VERSION).one()
        return int(highest or 0), newest

    def titles(self) -> list[tuple[int, str]]:
        return [(row.id, row.title) for row in self._db.execute(_TITLES)]

    def get(self, offering_id: int) -> Offering | None:
        row = self._db.execute(_GET, {"id": offering_id}).first()
        return _offering(row) if row else None

    def many(self, offering_ids: list[int]) -> list[Offering]:
        if not offering_ids:
            return []
        found = {row.id: _offering(row) for row in self._db.execute(_MANY, {"ids": offering_ids})}
        return [found[i] for i in offering_ids if i in found]

    def top(self, topic: str | None, limit: int) -> list[Offering]:
        if topic:
            escaped = topic.lower().replace("|", " ")
            rows = self._db.execute(_TOP_TOPIC, {"pattern": f"%{escaped}%", "n": limit})
        else:
            rows = self._db.execute(_TOP, {"n": limit})
        return [_offering(row) for row in rows]

    def providers(self) -> list[Provider]:
        return [
            Provider(row.id, row.name, ProviderKind(row.kind))
            for row in self._db.execute(_PROVIDERS)
        ]

    def offerings_of(self, provider_id: int, limit: int) -> tuple[int, list[Offering]]:
        count = self._db.execute(_COUNT_OF_PROVIDER, {"provider_id": provider_id}).scalar_one()
        rows = self._db.execute(_OF_PROVIDER, {"provider_id": provider_id, "n": limit})
        return int(count), [_offering(row) for row in rows]

    def refresh_rating(self, offering_id: int) -> None:
        count, total = self._db.execute(_COUNT_VISIBLE, {"offering_id": offering_id}).one()
        params = {
            "b_id": offering_id,
            "b_count": int(count),
            "b_sum": int(total),
            "b_score": bayesian(int(count), int(total)),
        }
        self._db.execute(_SET_RATING, params)
