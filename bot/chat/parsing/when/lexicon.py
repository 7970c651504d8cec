"""The words of time, Dutch and English (folded)."""

from __future__ import annotations

from bot.chat.parsing.calendar_words import FULL_WEEKDAYS, MONTHS

WEEKDAYS: dict[str, int] = {
    **FULL_WEEKDAYS,
    "ma": 0, "mon": 0, "di": 1, "din": 1, "tue": 1, "tues": 1, "wo": 2, "woe": 2, "wed": 2,
    "do": 3, "don": 3, "thu": 3, "thur": 3, "thurs": 3, "vr": 4, "vrij": 4, "fri": 4,
    "za": 5, "zat": 5, "sat": 5, "zo": 6, "zon": 6, "sun": 6,
}  # fmt: skip
# Abbreviations that are also ordinary words: a day only where a day would stand.
RISKY_WEEKDAYS = {"ma", "do", "zo", "zon", "wed", "sat", "sun", "din", "don", "vrij", "zat",
                  "woe"}  # fmt: skip
MONTH_NAMES: dict[str, int] = {**MONTHS, "sept": 9, "okt": 10, "mrt": 3}
# Month names that are also ordinary words: a month only next to a day number.
RISKY_MONTHS = {"may", "mar", "march", "jan", "mei", "dec", "aug", "jun", "jul", "sep"}

NUMBER_WORDS: dict[str, int] = {
    "een": 1, "one": 1, "a": 1, "an": 1, "twee": 2, "two": 2, "drie": 3, "three": 3,
    "vier": 4, "four": 4, "vijf": 5, "five": 5, "zes": 6, "six": 6, "zeven": 7, "seven": 7,
    "acht": 8, "eight": 8, "negen": 9, "nine": 9, "tien": 10, "ten": 10, "elf": 11,
    "eleven": 11, "twaalf": 12, "twelve": 12, "dertien": 13, "veertien": 14, "vijftien": 15,
    "fifteen": 15, "twintig": 20, "twenty": 20, "vijfentwintig": 25, "dertig": 30,
    "thirty": 30, "veertig": 40, "forty": 40, "vijftig": 50, "fifty": 50,
}  # fmt: skip
ENGLISH_NUMBERS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                   "ten", "eleven", "twelve"}  # fmt: skip
ORDINALS: dict[str, int] = {
    "eerste": 1, "first": 1, "tweede": 2, "second": 2, "derde": 3, "third": 3, "vierde": 4,
    "fourth": 4, "vijfde": 5, "fifth": 5, "zesde": 6, "sixth": 6, "zevende": 7,
    "seventh": 7, "achtste": 8, "eighth": 8, "negende": 9, "ninth": 9, "tiende": 10,
    "tenth": 10, "laatste": -1, "last": -1,
}  # fmt: skip
ORDINAL_SUFFIXES = {"e", "ste", "de", "st", "nd", "rd", "th", "ter"}

# Relative day words: offset in days, and a day part if the word names one.
DAY_WORDS: dict[str, tuple[int, str | None]] = {
    "vandaag": (0, None), "today": (0, None), "gisteren": (-1, None), "gister": (-1, None),
    "yesterday": (-1, None), "morgen": (1, None), "tomorrow": (1, None),
    "tomorrows": (1, None), "overmorgen": (2, None), "eergisteren": (-2, None),
    "eergister": (-2, None), "tonight": (0, "avond"), "tonite": (0, "avond"),
    "vanavond": (0, "avond"), "vanochtend": (0, "ochtend"), "vanmorgen": (0, "ochtend"),
    "vanmiddag": (0, "middag"), "vannacht": (0, "nacht"), "midday": (0, "noon"),
}  # fmt: skip
_DAY_STEMS = {"vandaag": 0, "gisteren": -1, "gister": -1, "morgen": 1, "overmorgen": 2,
              "eergisteren": -2}  # fmt: skip
DAYPART_WORDS: dict[str, str] = {
    "ochtend": "ochtend", "morgen": "ochtend", "morgens": "ochtend", "ochtends": "ochtend",
    "morning": "ochtend", "middag": "middag", "middags": "middag", "namiddag": "middag",
    "afternoon": "middag", "afternoonish": "middag", "avond": "avond", "avonds": "avond",
    "evening": "avond", "nacht": "nacht", "nachts": "nacht", "night": "nacht",
}  # fmt: skip
for _stem, _offset in _DAY_STEMS.items():
    for _part in ("ochtend", "morgen", "middag", "namiddag", "avond", "nacht"):
        DAY_WORDS.setdefault(_stem + _part, (_offset, DAYPART_WORDS[_part]))

# A moment for a day part named without a clock time, and its window's hours.
DAYPART_DEFAULT = {"ochtend": 9, "middag": 14, "avond": 19, "nacht": 22, "noon": 12}
PM_DAYPARTS = {"middag", "avond"}

UNIT_SECONDS: dict[str, int] = {
    "seconde": 1, "seconden": 1, "second": 1, "seconds": 1, "sec": 1, "secs": 1, "s": 1,
    "minuut": 60, "minuten": 60, "minute": 60, "minutes": 60, "min": 60, "mins": 60,
    "m": 60, "kwartier": 900, "uur": 3600, "uren": 3600, "hour": 3600, "hours": 3600,
    "hr": 3600, "hrs": 3600, "h": 3600, "u": 3600,
}  # fmt: skip
UNIT_DAYS: dict[str, int] = {
    "dag": 1, "dagen": 1, "dgn": 1, "day": 1, "days": 1, "d": 1, "week": 7, "weken": 7,
    "weeks": 7, "wk": 7, "fortnight": 14, "fortnights": 14,
}  # fmt: skip
UNIT_MONTHS: dict[str, int] = {
    "maand": 1, "maanden": 1, "month": 1, "months": 1, "jaar": 12, "jaren": 12, "year": 12,
    "years": 12, "yr": 12, "yrs": 12,
}  # fmt: skip

NEXT_WORDS = {"volgende", "komende", "aanstaande", "next", "coming", "upcoming", "following",
              "volgend", "komend"}  # fmt: skip
LAST_WORDS = {"vorige", "afgelopen", "verleden", "last", "past", "previous", "vorig"}
THIS_WORDS = {"deze", "this", "dit", "current", "huidige"}
# Words a time expression may start with (besides numbers and "vrijdagmiddag" compounds).
STARTERS = {
    "om", "at", "@", "rond", "rondom", "around", "tegen", "for", "stipt", "approximately",
    "circa", "ca", "ongeveer", "about", "omstreeks", "half", "halve", "kwart", "quarter",
    "noon", "mid", "midnight", "middernacht", "twaalven", "over", "in", "na", "after",
    "within", "binnen", "'", "early", "vroeg", "late", "laat", "during", "tijdens", "de",
    "the", "op", "on", "day", "few", "paar", "couple", "anderhalf", "anderhalve", "lunch",
    "weekend", "of", "van", "from",
}  # fmt: skip

# Little words that may stand between the parts of one time expression.
CONNECTORS = {
    "op", "om", "on", "at", "de", "the", ",", "van", "of", "@", "rond", "rondom", "around",
    "ongeveer", "about", "approximately", "circa", "ca", ".", "stipt", "tegen", "for", "in",
    "precies", "exactly", "-", "ergens", "sharp",
}  # fmt: skip

STARTERS |= (
    set(WEEKDAYS)
    | set(MONTH_NAMES)
    | set(NUMBER_WORDS)
    | set(ORDINALS)
    | set(DAY_WORDS)
    | set(DAYPART_WORDS)
    | NEXT_WORDS
    | LAST_WORDS
    | THIS_WORDS
)
