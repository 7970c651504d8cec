"""Shared Hypothesis settings and strategies for the parser property tests."""

from datetime import date

from hypothesis import settings
from hypothesis import strategies as st

TODAY = date(2026, 11, 18)  # a Wednesday

# No example database on disk, no per-example deadline (timing is tested separately).
fuzz = settings(database=None, deadline=None, max_examples=150)

# Pieces of real messages, so random combinations reach deep into the parsers.
FRAGMENTS = [
    "2u", "1,5 uur", "90 min", "1u30", "1:30 uur", "anderhalf uur", "drie kwartier",
    "een halve dag", "hele dag", "studiedag", "gisteren", "vandaag", "eergisteren",
    "vorige week dinsdag", "dinsdag vorige week", "afgelopen vr", "last Friday", "3 maart",
    "march 3", "12-11", "12/11/2026", "2026-11-12", "31-02", "32 maart", "29-2", "di", "do",
    "zo", "ma", "voor", "vóór", "uiterlijk", "by", "deadline:", "eind van het schooljaar",
    "#pedagogisch", "#onderzoek", "#zelf", "#onbekend", "#", "doel #2", "goal 3", "doel",
    "https://example.org/a(b)", "http://", "lesson study", "intervisie", "online cursus",
    "cursus", "webinar", "read", "chapter 3", "groep 7/8", "om 14:30 uur", "van 9:00 tot 12:00",
    ",", ";", ":", "-", "–", "(", ")", "'", '"', "\x00", "\u200f", "\u202e", "😀", "👩‍🏫",
    "İ", "ß", "ﬁ", "١٢", "12", "2026", "0", "0u", "9999 min", "99999999999999999999",
    "'; DROP TABLE activities;--", "\n", "\t", "  ", "op", "om", "met", "van",
]  # fmt: skip

messages = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8")),
    st.lists(st.sampled_from(FRAGMENTS), max_size=12).map(" ".join),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=5)), max_size=12).map("".join),
)
todays = st.one_of(st.just(TODAY), st.dates())
