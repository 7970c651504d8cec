"""Which questions take a typed answer (`ask(..., typed=True)`): decided per question, so a
new question is a conscious choice. A platform where typing does not reach the bot offers a
form for the marked ones only; a question whose buttons cover every answer stays unmarked."""

from __future__ import annotations

import ast
from pathlib import Path

import bot.chat

# Flow kind -> whether its question takes a typed answer.
INTENDED = {
    # Free text, or a value of one's own that buttons cannot offer.
    "review_text": True,  # the review's text
    "reflect": True,  # the reflection
    "nudge_log": True,  # what was learned, as for /log
    "log_duration": True,  # a duration other than the buttons' ("2,5 uur")
    "profile_value": True,  # a profile field's value
    "profile_experience": True,  # role, school, from, to
    # Buttons cover every answer: confirmations and choices from a closed list.
    "share_confirm": False,
    "language": False,
    "forget": False,
    "log_weekday": False,
    "log_split": False,
    "reminder_one_off": False,
    "profile_pick": False,
    "profile_visibility": False,
    "profile_sector": False,
    "goal_region": False,
    "confirm_goal_delete": False,
    "confirm_delete": False,
    # Photos: an image or a yes/no, never typed text (kinds named by their constants).
    "_WAIT": False,
    "_CONFIRM": False,
    "_CLEAR_ASK": False,
    # Linking: confirmations.
    "link": False,
    "unlink": False,
}


def _asks() -> list[tuple[str, str, bool | None]]:
    """(file, kind, typed) of every ask() call in the chat layer; typed None when it is not
    a literal (a draft asked again passes on what the question said)."""
    root = Path(bot.chat.__file__).parent
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "ask"):
                continue
            kind = node.args[1]
            typed_kw = next((k.value for k in node.keywords if k.arg == "typed"), None)
            typed: bool | None = False
            if typed_kw is not None:
                typed = typed_kw.value if isinstance(typed_kw, ast.Constant) else None
            name = kind.value if isinstance(kind, ast.Constant) else ast.unparse(kind)
            found.append((path.name, str(name), typed))
    return found


def test_every_question_is_marked_as_intended() -> None:
    asks = _asks()
    literal = [(file, kind, typed) for file, kind, typed in asks if typed is not None]
    assert len(literal) >= 20
    for file, kind, typed in literal:
        assert kind in INTENDED, f"{file}: decide whether {kind!r} takes a typed answer"
        assert typed is INTENDED[kind], f"{file}: {kind!r} should have typed={INTENDED[kind]}"
    assert {kind for _, kind, _ in literal} == set(INTENDED)
    # Only the draft asked again takes its marker from the stored question.
    assert [(file, kind) for file, kind, typed in asks if typed is None] == [
        ("drafts.py", "draft.kind")
    ]
