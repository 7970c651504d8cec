"""/intro through `portfoliobot chat` on both stores: alice asks in the staff-room group
to be introduced to bob (the group sees only an acknowledgement); bob finds the question
in his private chat, says yes, and each has the other's handle — the console's handle is
the name given to --as. carol, asking about someone who does not exist, hears the same
as alice did."""

from __future__ import annotations


def _group_lines(out: str) -> str:
    return "\n".join(line for line in out.splitlines() if not line.startswith("[DM]"))


def test_intro_yes_gives_both_handles(chat) -> None:
    for who in ("alice", "bob"):
        # Quiet hours off: the question and the news may come at any hour of the test run.
        chat(
            "/rusttijd uit",
            f"/profiel expertise lesson study {who}",
            "/delen expertise community",
            user=who,
        )
        chat("/hulp", user=who, group="kamer")
    out = chat("/intro @bob Zullen we lesson study vergelijken?", user="alice", group="kamer")
    assert _group_lines(out) == "✓ Ik heb je een privébericht gestuurd."
    assert "[DM] ✓ Ik heb het bob gevraagd" in out
    asked = chat("/start", "Ja", user="bob")
    assert "alice wil graag met je kennismaken" in asked
    assert "Bericht van alice: „Zullen we lesson study vergelijken?”" in asked
    assert "1. Ja" in asked and "3. Nee, en niet meer vragen" in asked
    question, said = asked.split("3. Nee, en niet meer vragen")
    assert "Je bereikt alice via" not in question
    assert "Je bereikt alice via: alice" in said
    told = chat("/start", user="alice")
    assert "Je bereikt bob via: bob" in told
    unknown = chat("/intro @nobody Zullen we lesson study vergelijken?", user="carol")
    assert unknown.replace("nobody", "bob") == out.split("\n", 1)[1].removeprefix("[DM] ")
