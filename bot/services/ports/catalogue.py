"""The catalogue of offerings and their providers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from datetime import datetime

    from bot.domain.catalogue import (
        Offering,
        OfferingData,
        Provider,
    )


class CatalogueRepository(Protocol):
    def import_batch(self, items: list[OfferingData], now: datetime) -> tuple[int, int]:
        """Add or update offerings by their external ref (and their providers by name);
        (added, updated). Ratings are kept."""

    def version(self) -> tuple[int, datetime | None]:
        """(highest offering id, newest change): changes whenever the catalogue does
        (offerings are added and updated, never deleted)."""

    def titles(self) -> list[tuple[int, str]]:
        """(offering id, title) of every offering, for the in-memory name index."""

    def get(self, offering_id: int) -> Offering | None: ...

    def many(self, offering_ids: list[int]) -> list[Offering]:
        """In the order asked for; unknown ids are left out."""

    def top(self, topic: str | None, limit: int) -> list[Offering]:
        """Rated offerings (on `topic`, if given), best Bayesian average first."""

    def providers(self) -> list[Provider]: ...

    def offerings_of(self, provider_id: int, limit: int) -> tuple[int, list[Offering]]:
        """(how many the provider has, the best `limit` of them)."""

    def refresh_rating(self, offering_id: int) -> None:
        """Recount the offering's rating from its visible reviews."""
