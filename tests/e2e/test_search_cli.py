"""Sharing and search through `portfoliobot chat`, on SQLite and PostgreSQL: what alice
shares with her group is found by a member of that group only; what she shares with
everyone by anyone; what she keeps private by no one. A group sees no result."""

from __future__ import annotations

import re


def ranking(out: str) -> list[str]:
    return [n.lower() for n in re.findall(r"\d+\. (\w+) — ", out)]


def test_shared_with_the_group_found_by_the_group_only(chat) -> None:
    chat(
        "/profiel expertise lesson study rekenen",
        "/profiel vakken wiskunde",
        "/delen expertise community",
        "/doel Formatief evalueren in de onderbouw #openbaar",
        "/doel Geheimdoel kwaliteitszorg",
        user="alice",
        group="kamer",
    )
    in_group = chat("/zoek lesson study", user="bob", group="kamer")
    group_lines = [line for line in in_group.splitlines() if not line.startswith("[DM]")]
    assert ranking(in_group) == ["alice"]  # in bob's private chat …
    assert not ranking("\n".join(group_lines))  # … not in the group
    assert "lesson" not in "\n".join(group_lines).lower()
    # carol shares no group with alice: community expertise stays hidden, the public
    # goal is found, private things never.
    assert ranking(chat("/zoek lesson study", user="carol", group="andere")) == []
    assert ranking(chat("/zoek formatief evalueren", user="carol")) == ["alice"]
    for hidden in ("wiskunde", "geheimdoel", "kwaliteitszorg"):
        assert ranking(chat(f"/zoek {hidden}", user="bob")) == [], hidden
    seen = chat("/profiel @alice", user="bob")
    assert "expertise: lesson study rekenen" in seen and "wiskunde" not in seen
    assert "lesson study" not in chat("/profiel @alice", user="carol")
