"""A member's profile: fields, each with its own visibility (private unless shared)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from bot.domain.activities import Visibility

MAX_FIELD_LENGTH = 500
MAX_BIO_LENGTH = 1000


class ProfileField(StrEnum):
    NAME = "name"
    SCHOOL = "school"
    REGION = "region"
    SECTOR = "sector"
    SUBJECTS = "subjects"
    EXPERIENCE = "experience"
    EXPERTISE = "expertise"
    TAGS = "tags"
    BIO = "bio"
    PHOTO = "photo"  # its value only marks that there is one (bot.domain.photos)


# What members may call a field, in Dutch and English.
FIELD_WORDS: dict[str, ProfileField] = {
    "naam": ProfileField.NAME,
    "name": ProfileField.NAME,
    "school": ProfileField.SCHOOL,
    "regio": ProfileField.REGION,
    "region": ProfileField.REGION,
    "sector": ProfileField.SECTOR,
    "vakken": ProfileField.SUBJECTS,
    "vak": ProfileField.SUBJECTS,
    "subjects": ProfileField.SUBJECTS,
    "subject": ProfileField.SUBJECTS,
    "werkervaring": ProfileField.EXPERIENCE,
    "ervaring": ProfileField.EXPERIENCE,
    "experience": ProfileField.EXPERIENCE,
    "expertise": ProfileField.EXPERTISE,
    "tags": ProfileField.TAGS,
    "tag": ProfileField.TAGS,
    "bio": ProfileField.BIO,
    "over": ProfileField.BIO,
    "about": ProfileField.BIO,
    "foto": ProfileField.PHOTO,
    "photo": ProfileField.PHOTO,
}

SECTORS = ("po", "vo", "mbo", "ho")

# What a search looks at, and how much a match in it weighs.
# Multiples of 5: weight × match quality (tenths) stays a whole number.
SEARCH_WEIGHTS: dict[ProfileField, int] = {
    ProfileField.EXPERTISE: 30,
    ProfileField.TAGS: 30,
    ProfileField.SUBJECTS: 20,
    ProfileField.EXPERIENCE: 10,
    ProfileField.BIO: 10,
}
GOAL_WEIGHT = 15
ACTIVITY_WEIGHT = 10


class Relation(StrEnum):
    """Who is asking, seen from the profile's owner."""

    OWNER = "owner"
    COMMUNITY = "community"  # shares a group with the owner that the bot knows of
    STRANGER = "stranger"


def can_see(visibility: Visibility, relation: Relation) -> bool:
    if relation is Relation.OWNER:
        return True
    if relation is Relation.COMMUNITY:
        return visibility is not Visibility.PRIVATE
    return visibility is Visibility.PUBLIC


class InvalidProfile(ValueError):
    """A value a field cannot hold; `reason` is a stable message key."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def clean_value(field_: ProfileField, value: str) -> str:
    """The value as stored, or InvalidProfile."""
    value = " ".join(value.split())
    if not value:
        raise InvalidProfile("profile.empty_value")
    if field_ is ProfileField.SECTOR:
        sectors = [s.strip(" ,/").lower() for s in value.replace(",", " ").split()]
        if not sectors or any(s not in SECTORS for s in sectors):
            raise InvalidProfile("profile.bad_sector")
        return ", ".join(dict.fromkeys(sectors))
    if field_ is ProfileField.TAGS:
        tags = [t.strip(" #").lower() for t in value.replace("#", ",").split(",")]
        value = ", ".join(dict.fromkeys(t for t in tags if t))
        if not value:
            raise InvalidProfile("profile.empty_value")
    limit = MAX_BIO_LENGTH if field_ is ProfileField.BIO else MAX_FIELD_LENGTH
    if len(value) > limit:
        raise InvalidProfile("profile.too_long")
    return value


@dataclass
class Profile:
    member_id: int
    display_name: str
    values: dict[ProfileField, str] = field(default_factory=dict)
    visibility: dict[ProfileField, Visibility] = field(default_factory=dict)

    def visibility_of(self, field_: ProfileField) -> Visibility:
        return self.visibility.get(field_, Visibility.PRIVATE)

    def visible_to(self, relation: Relation) -> dict[ProfileField, str]:
        """The filled fields `relation` may see, in the fields' order."""
        return {
            f: self.values[f]
            for f in ProfileField
            if f in self.values and can_see(self.visibility_of(f), relation)
        }

    def shown_name(self, relation: Relation) -> str:
        visible = self.visible_to(relation)
        return visible.get(ProfileField.NAME, self.display_name)
