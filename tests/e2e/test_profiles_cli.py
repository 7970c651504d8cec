"""Profiles, sharing and expertise search through `portfoliobot chat` on both stores:
alice fills in her profile in the staff-room group (the group sees only acknowledgements),
shares her expertise with everyone, and bob, a stranger, finds her by a compound and sees
only what she shared."""

from __future__ import annotations

SECRET_BIO = "Geheimbio Kievit"


def _group_lines(out: str) -> str:
    return "\n".join(line for line in out.splitlines() if not line.startswith("[DM]"))


def test_profile_share_and_find(chat) -> None:
    out = chat(
        "/profiel expertise curriculumontwikkeling maatschappijvakken",
        "/profiel school De Linde",
        f"/profiel bio {SECRET_BIO}",
        "/delen expertise openbaar",
        "/profiel",
        "/delen",
        user="alice",
        group="kamer",
    )
    group = _group_lines(out)
    for secret in (SECRET_BIO, "De Linde", "curriculumontwikkeling", "openbaar"):
        assert secret not in group
    assert "bio: Geheimbio Kievit — privé" in out  # in alice's private chat
    found = chat("/zoek ontwikkeling maatschappijvak", user="bob")
    assert "1. alice — ontwikkeling, maatschappijvak" in found
    assert "De Linde" not in found and SECRET_BIO not in found
    seen = chat("/profiel @alice", user="bob")
    assert "expertise: curriculumontwikkeling maatschappijvakken" in seen
    assert "De Linde" not in seen and SECRET_BIO not in seen
    nobody = chat("/profiel @carol", user="bob")
    assert "niemand met die naam die iets met je deelt" in nobody
    assert "alice" not in chat("/zoek curriculum", user="alice").split("🔎")[-1]


def test_guided_edit_and_sharing_goals(chat) -> None:
    """alice edits her profile with numbered choices, shares one goal with her staff room;
    bob, in that group, sees and finds it, until she makes it private again."""
    out = chat(
        "/profiel bewerken",
        "4",  # sector
        "2",  # vo
        "3",  # mbo
        "5",  # Klaar
        "2",  # community
        "/profiel werkervaring",
        "docent aardrijkskunde",
        "De Linde",
        "augustus 2015",
        "heden",
        "3",  # openbaar
        "/doel Lesson study rekenen invoeren",
        "/doel Geheim verbeterplan",
        "/delen doel 1 community",
        "/profiel",
        user="alice",
    )
    assert "Gekozen: vo, mbo" in out
    assert "sector: vo, mbo — community" in out
    assert "werkervaring: docent aardrijkskunde, De Linde (8-2015–heden) — openbaar" in out
    assert "✓ Doel #1 Lesson study rekenen invoeren: nu community." in out
    chat("/hulp", user="alice", group="kamer")
    chat("/hulp", user="bob", group="kamer")
    seen = chat("/profiel @alice", "/zoek lesson study", user="bob")
    assert "• Lesson study rekenen invoeren" in seen and "Geheim" not in seen
    assert "sector: vo, mbo" in seen
    assert "1. alice — lesson, study" in seen
    asked = chat("/delen doelen openbaar", "2", user="alice", group="kamer")
    assert "Daarmee worden 2 doelen" in asked and "er is niets veranderd" in asked
    assert "Doelen" not in _group_lines(asked)
    chat("/delen doel 1 privé", user="alice")
    found = chat("/zoek lesson study", "/profiel @alice", user="bob")
    assert "1. alice" not in found and "Lesson study rekenen" not in found
