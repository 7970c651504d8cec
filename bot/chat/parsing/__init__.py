"""Pure text parsers for chat messages: dates, durations, kinds, areas, periods, goals.

Nothing here does I/O or raises on any string: text that cannot be read gives None (or an
empty/neutral value), and the caller asks again.
"""

from bot.chat.parsing.activity_text import ParsedActivity, parse_activity_text
from bot.chat.parsing.areas import find_competence_areas
from bot.chat.parsing.dates import find_date
from bot.chat.parsing.durations import parse_duration
from bot.chat.parsing.goal_text import ParsedGoal, parse_goal_text
from bot.chat.parsing.kinds import parse_kind
from bot.chat.parsing.periods import parse_period

__all__ = [
    "ParsedActivity",
    "ParsedGoal",
    "find_competence_areas",
    "find_date",
    "parse_activity_text",
    "parse_duration",
    "parse_goal_text",
    "parse_kind",
    "parse_period",
]
