"""One tokenizer and grammar for Dutch and English time, shared by /log, /herinner and /doel.

    tokens.tokenize(folded)          -> words, numbers and symbols with their spans
    grammar.expressions(tokens, …)   -> every time expression, with the tokens it consumed
    resolve.moment(expr, now) / resolve.day(expr, today)  -> what it means, or why not

The grammar knows which words it consumed, so a caller can see a time-looking word left over
(`leftover.time_word`) and ask about it instead of storing a misunderstanding.
"""

from bot.chat.parsing.when.grammar import Expr, expressions
from bot.chat.parsing.when.leftover import time_word
from bot.chat.parsing.when.resolve import Resolved, resolve_day, resolve_moment
from bot.chat.parsing.when.tokens import Token, tokenize

__all__ = [
    "Expr",
    "Resolved",
    "Token",
    "expressions",
    "resolve_day",
    "resolve_moment",
    "time_word",
    "tokenize",
]
