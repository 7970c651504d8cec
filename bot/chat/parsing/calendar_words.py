"""Names of months and weekdays (Dutch and English, folded), and words that rule out a date."""

from __future__ import annotations

MONTHS: dict[str, int] = {
    "januari": 1, "january": 1, "jan": 1, "februari": 2, "february": 2, "feb": 2,
    "maart": 3, "march": 3, "mrt": 3, "mar": 3, "maa": 3, "april": 4, "apr": 4,
    "mei": 5, "may": 5, "juni": 6, "june": 6, "jun": 6, "juli": 7, "july": 7, "jul": 7,
    "augustus": 8, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))

FULL_WEEKDAYS: dict[str, int] = {
    "maandag": 0, "dinsdag": 1, "woensdag": 2, "donderdag": 3, "vrijdag": 4, "zaterdag": 5,
    "zondag": 6, "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}  # fmt: skip
# Abbreviations that are not ordinary words, so they may stand alone in a sentence.
SAFE_ABBREVIATIONS = {"tue": 1, "tues": 1, "thu": 3, "thur": 3, "thurs": 3, "fri": 4}
# Abbreviations that are also words ("do", "zo", "ma", "sun", "sat"...): only accepted after
# a qualifier ("vorige do") or as the whole text (the answer to "which day?").
RISKY_ABBREVIATIONS = {
    "ma": 0, "di": 1, "wo": 2, "do": 3, "vr": 4, "za": 5, "zo": 6,
    "mon": 0, "wed": 2, "sat": 5, "sun": 6,
}  # fmt: skip

# Words before "7/8" or "3-4" that make it something other than a date ("groep 7/8").
NOT_A_DATE_AFTER = {
    "groep", "groepen", "klas", "klassen", "leerjaar", "jaar", "hoofdstuk", "hoofdstukken",
    "h", "hfst", "blz", "bladzijde", "pagina", "paginas", "p", "pp", "pag", "page", "pages",
    "chapter", "chapters", "ch", "paragraaf", "par", "les", "lessen", "lesson", "lessons",
    "unit", "units", "module", "modules", "week", "weken", "nr", "nummer", "no", "number",
    "doel", "goal", "score", "cijfer", "stap", "stappen", "step", "steps", "grade", "grades",
    "year", "years", "versie", "version", "v",
}  # fmt: skip


def weekday_index(word: str) -> int | None:
    word = word.rstrip(".")
    for name, index in FULL_WEEKDAYS.items():
        if word.startswith(name):
            return index
    return SAFE_ABBREVIATIONS.get(word, RISKY_ABBREVIATIONS.get(word))
