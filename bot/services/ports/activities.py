"""Activities a member logged."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from datetime import date

    from bot.domain.activities import (
        Activity,
        ActivityKind,
        CompetenceArea,
        LearningForm,
        Reflection,
    )


@dataclass(frozen=True)
class ActivityFilter:
    since: date | None = None
    until: date | None = None  # inclusive
    kind: ActivityKind | None = None
    goal_number: int | None = None
    learning_form: LearningForm | None = None  # "formeel", "informeel"
    area: CompetenceArea | None = None  # "#pedagogisch"


class ActivityRepository(Protocol):
    def add(self, activity: Activity) -> Activity: ...

    def get(self, member_id: int, number: int) -> Activity | None: ...

    def latest(self, member_id: int) -> Activity | None:
        """The one logged last (highest number)."""

    def save(self, activity: Activity) -> None:
        """Store the activity's own fields; its reflections are not touched."""

    def add_reflection(self, activity: Activity, reflection: Reflection) -> None:
        """Append a reflection to the stored activity (`activity.id`)."""

    def set_reflections(self, activity: Activity, kept: tuple[Reflection, ...]) -> None:
        """Replace the stored activity's reflections by `kept` (restoring an undo)."""

    def delete(self, member_id: int, number: int) -> bool:
        """Remove the activity with its reflections."""

    def list(
        self, member_id: int, flt: ActivityFilter, limit: int | None = None
    ) -> list[Activity]:
        """Newest first: by date, then by number, both descending."""

    def totals(self, member_id: int, flt: ActivityFilter) -> dict[LearningForm, tuple[int, int]]:
        """(count, minutes) per learning form for everything that matches `flt`."""

    def progress(self, member_id: int) -> dict[int, tuple[int, int]]:
        """(count, minutes) of linked activities per goal number."""

    def unlink_goal(self, member_id: int, goal_number: int) -> None: ...
