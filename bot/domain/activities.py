"""Professional-development activities and the vocabulary that classifies them."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date, datetime


class LearningForm(StrEnum):
    FORMAL = "formal"
    NON_FORMAL = "non_formal"
    INFORMAL = "informal"


class ActivityKind(StrEnum):
    DEGREE = "degree"
    COURSE = "course"
    TRAINING = "training"
    WORKSHOP = "workshop"
    CONFERENCE = "conference"
    STUDY_DAY = "study_day"
    WEBINAR = "webinar"
    PLG = "plg"
    LESSON_STUDY = "lesson_study"
    INTERVISION = "intervision"
    PEER_OBSERVATION = "peer_observation"
    COACHING = "coaching"
    NETWORK = "network"
    RESEARCH = "research"
    READING = "reading"
    SELF_STUDY = "self_study"
    OTHER = "other"

    @property
    def learning_form(self) -> LearningForm:
        return _FORM_OF_KIND[self]


_FORM_OF_KIND: dict[ActivityKind, LearningForm] = {
    ActivityKind.DEGREE: LearningForm.FORMAL,
    ActivityKind.COURSE: LearningForm.NON_FORMAL,
    ActivityKind.TRAINING: LearningForm.NON_FORMAL,
    ActivityKind.WORKSHOP: LearningForm.NON_FORMAL,
    ActivityKind.CONFERENCE: LearningForm.NON_FORMAL,
    ActivityKind.STUDY_DAY: LearningForm.NON_FORMAL,
    ActivityKind.WEBINAR: LearningForm.NON_FORMAL,
    ActivityKind.PLG: LearningForm.INFORMAL,
    ActivityKind.LESSON_STUDY: LearningForm.INFORMAL,
    ActivityKind.INTERVISION: LearningForm.INFORMAL,
    ActivityKind.PEER_OBSERVATION: LearningForm.INFORMAL,
    ActivityKind.COACHING: LearningForm.INFORMAL,
    ActivityKind.NETWORK: LearningForm.INFORMAL,
    ActivityKind.RESEARCH: LearningForm.INFORMAL,
    ActivityKind.READING: LearningForm.INFORMAL,
    ActivityKind.SELF_STUDY: LearningForm.INFORMAL,
    ActivityKind.OTHER: LearningForm.INFORMAL,
}


class CompetenceArea(StrEnum):
    SUBJECT_MATTER = "subject_matter"
    DIDACTICS = "didactics"
    PEDAGOGY = "pedagogy"
    COLLABORATION = "collaboration"
    ORGANISATION = "organisation"
    RESEARCH = "research"
    LEADERSHIP = "leadership"
    SELF = "self"


class Visibility(StrEnum):
    PRIVATE = "private"
    COMMUNITY = "community"
    PUBLIC = "public"


MAX_TITLE_LENGTH = 200
MAX_TEXT_LENGTH = 4000  # reflections, closing notes
MAX_EVIDENCE_LENGTH = 2000
MAX_MINUTES = 1000 * 60  # a whole degree programme logged as one item still fits


class InvalidActivity(ValueError):
    """An activity that breaks a rule of the domain; `reason` is a stable message key."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Reflection:
    """What the member learned, written at `written_at`. An activity keeps every one."""

    text: str
    written_at: datetime


@dataclass
class Activity:
    """One thing a teacher did to learn. `number` is the member's own running number (#3)."""

    member_id: int
    number: int
    date: date
    minutes: int
    kind: ActivityKind
    title: str
    created_at: datetime
    competence_areas: tuple[CompetenceArea, ...] = ()
    reflections: tuple[Reflection, ...] = ()  # oldest first
    evidence: str | None = None
    goal_number: int | None = None
    visibility: Visibility = Visibility.PRIVATE
    id: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        self.check()

    @property
    def learning_form(self) -> LearningForm:
        return self.kind.learning_form

    @property
    def reflection(self) -> str | None:
        """The newest reflection, if any."""
        return self.reflections[-1].text if self.reflections else None

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 2)

    def check(self) -> None:
        if not 0 < self.minutes <= MAX_MINUTES:
            raise InvalidActivity("activity.invalid_duration")
        if len(self.title) > MAX_TITLE_LENGTH:
            self.title = self.title[: MAX_TITLE_LENGTH - 1].rstrip() + "…"
        if any(len(r.text) > MAX_TEXT_LENGTH for r in self.reflections):
            raise InvalidActivity("activity.reflection_too_long")
        if self.evidence is not None and len(self.evidence) > MAX_EVIDENCE_LENGTH:
            raise InvalidActivity("activity.evidence_too_long")

    def changed(self, **changes: object) -> Activity:
        """A copy with some fields changed, checked again."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]
