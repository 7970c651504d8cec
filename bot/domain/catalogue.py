"""The catalogue (providers and their offerings) and the profession's reviews of it.

Ratings are ranked by a Bayesian average: every offering starts with `PRIOR_WEIGHT`
imaginary reviews of `PRIOR_MEAN` stars, so one 5-star review does not beat fifty 4.5s
(one 5: 3.75; fifty 4.5s: 4.41)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime

PRIOR_MEAN = 3.5
PRIOR_WEIGHT = 5
MAX_REVIEW_TEXT = 1000
MAX_REASON = 300
# Reviews (new or changed) one member may write per hour: spam stays a trickle.
REVIEWS_PER_HOUR = 10
ROUND_DEFAULT_SECONDS = 7 * 24 * 3600
ROUND_MAX_SECONDS = 60 * 24 * 3600


class ProviderKind(StrEnum):
    TEACHER_EDUCATION = "teacher_education"  # lerarenopleiding
    SCHOOL_ACADEMY = "school_academy"  # huisacademie
    TRAINING_SCHOOL = "training_school"  # opleidingsschool
    COMMERCIAL = "commercial"  # commerciële trainer
    OTHER = "other"


class Level(StrEnum):
    PO = "po"
    VO = "vo"
    MBO = "mbo"


class RoundState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class ModerationAction(StrEnum):
    FLAG = "flag"  # by any member; listed with the moderators' actions
    HIDE = "hide"
    UNHIDE = "unhide"
    ROUND_START = "round_start"
    ROUND_CLOSE = "round_close"
    APPROVE = "approve"  # a suggested offering
    REJECT = "reject"


class SuggestionState(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Suggestion:
    """A member's suggestion of an offering missing from the catalogue."""

    id: int
    member_id: int
    title: str
    provider: str
    url: str
    state: SuggestionState
    created_at: datetime
    author: str = ""


def bayesian(count: int, total: int) -> float:
    """The ranking score of `count` ratings that add up to `total` stars."""
    return (PRIOR_MEAN * PRIOR_WEIGHT + total) / (PRIOR_WEIGHT + count)


@dataclass(frozen=True)
class Provider:
    id: int
    name: str
    kind: ProviderKind


@dataclass(frozen=True)
class OfferingData:
    """One offering as it comes in from an import file."""

    ref: str
    title: str
    provider: str
    provider_kind: ProviderKind = ProviderKind.OTHER
    description: str = ""
    topics: tuple[str, ...] = ()
    format: str = ""
    hours: float | None = None
    levels: tuple[Level, ...] = ()
    url: str = ""


@dataclass(frozen=True)
class Offering:
    id: int
    ref: str
    title: str
    provider_id: int
    provider_name: str
    provider_kind: ProviderKind
    description: str = ""
    topics: tuple[str, ...] = ()
    format: str = ""
    hours: float | None = None
    levels: tuple[Level, ...] = ()
    url: str = ""
    rating_count: int = 0
    rating_sum: int = 0

    @property
    def mean(self) -> float | None:
        return self.rating_sum / self.rating_count if self.rating_count else None

    @property
    def score(self) -> float:
        return bayesian(self.rating_count, self.rating_sum)


@dataclass(frozen=True)
class Review:
    id: int
    offering_id: int
    member_id: int
    rating: int
    text: str
    anonymous: bool
    hidden: bool
    created_at: datetime
    updated_at: datetime
    author: str = ""  # the member's display name, for showing

    @property
    def edited(self) -> bool:
        return self.updated_at != self.created_at


@dataclass(frozen=True)
class Distribution:
    """How many visible reviews gave 1…5 stars."""

    counts: tuple[int, int, int, int, int] = (0, 0, 0, 0, 0)

    @property
    def count(self) -> int:
        return sum(self.counts)

    @property
    def mean(self) -> float | None:
        total = sum(stars * n for stars, n in enumerate(self.counts, 1))
        return total / self.count if self.count else None


@dataclass(frozen=True)
class ReviewRound:
    id: int
    community_id: int
    offering_id: int
    opened_by: int
    opened_at: datetime
    deadline: datetime
    state: RoundState
    closed_at: datetime | None = None
    platform: str = ""
    chat_id: str = ""


@dataclass(frozen=True)
class ModerationEntry:
    id: int
    moderator: str
    action: ModerationAction
    review_id: int | None
    detail: str
    at: datetime
    community: str = ""  # the group's title; "" for an operator's catalogue-wide action


@dataclass(frozen=True)
class ImportReport:
    added: int = 0
    updated: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
