"""One portfolio for two accounts through `portfoliobot chat` on both stores: anna makes a
code as one console user, enters it as another who already logged something, confirms the
merge, and both accounts see both activities; /koppelingen lists them."""

from __future__ import annotations

import re


def test_two_accounts_become_one_portfolio(chat) -> None:
    made = chat("/log 2u lesson study rekenen gisteren", "/koppel", user="anna")
    match = re.search(r"Je koppelcode: ([A-Z2-9]{4}-[A-Z2-9]{4})", made)
    assert match, made
    code = match.group(1)
    wrong = chat("/koppel ZZZZ-ZZZZ", user="anna-laptop")
    assert "Die code ken ik niet" in wrong and "nog 4 keer" in wrong
    joined = chat(
        "/log 1u intervisie vandaag",
        f"/koppel {code}",
        "1",  # the first choice: merge
        "/activiteiten",
        user="anna-laptop",
    )
    assert "Allebei de accounts hebben al gegevens" in joined
    assert "✓ Samengevoegd tot één portfolio." in joined
    listed = joined.split("✓ Samengevoegd")[-1]
    assert "Lesson study rekenen" in listed and "Intervisie" in listed
    again = chat("/activiteiten", "/koppelingen", "/koppel " + code, user="anna")
    assert "Lesson study rekenen" in again and "Intervisie" in again
    assert "console — anna (hier)" in again and "console — anna-laptop" in again
    assert "je eigen code" in again
    group = chat("/koppel", user="anna", group="kamer")
    group_lines = [line for line in group.splitlines() if not line.startswith("[DM]")]
    assert not any(re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}", line) for line in group_lines)
    assert any(line.startswith("[DM] 🔗 Je koppelcode:") for line in group.splitlines())
