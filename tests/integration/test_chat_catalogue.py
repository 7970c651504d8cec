"""Catalogue and review stories through the whole core on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.chat import wire
from bot.chat.messages import Outgoing
from bot.delivery.groups import GroupPoster, close_due_rounds
from bot.domain.catalogue import MAX_REVIEW_TEXT, REVIEWS_PER_HOUR
from bot.services.catalogue_import import import_catalogue
from tests.support.driver import NOW, Driver

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "catalogus-voorbeeld.csv"


@pytest.fixture
async def bot(store_url: str):
    driver = await Driver.open(store_url, admins="test:op")
    result = await import_catalogue(driver.core.store, EXAMPLE.name, EXAMPLE.read_bytes(), NOW)
    assert (result.added, result.rejected) == (8, [])
    yield driver
    await driver.close()


class FakeGroups:
    platform = "test"

    def __init__(self) -> None:
        self.posts: list[tuple[str, Outgoing]] = []

    async def send_group(self, chat_id: str, message: Outgoing) -> None:
        self.posts.append((chat_id, message))


async def test_course_shows_the_card_publicly_in_a_group(bot: Driver) -> None:
    said = await bot.say("alice", "/cursus taalgericht vakondrwijs", group="kamer")
    assert not said.private and "📚 Taalgericht vakonderwijs" in said.here_text
    assert "Opleidingsschool Fictief (VOORBEELD) (opleidingsschool)" in said.here_text
    assert "8 u, vo" in said.here_text and "Nog geen beoordelingen" in said.here_text


TWINS = (
    "ref;titel;aanbieder\n"
    "T-1;Rekenen in de onderbouw;Hogeschool X\n"
    "T-2;Rekenen in de bovenbouw;Hogeschool X\n"
)


async def test_an_unknown_name_says_so(bot: Driver) -> None:
    said = await bot.say("alice", "/cursus voorbeeld")  # only the providers say VOORBEELD
    assert "Ik vind geen cursus die lijkt op „voorbeeld”" in said.text
    assert "alice" not in bot.last_choices


async def test_one_clear_match_shows_its_card(bot: Driver) -> None:
    said = await bot.say("alice", "/cursus formatief")
    assert "📚 Formatief evalueren in de praktijk" in said.text  # one contains the word


async def test_an_ambiguous_name_offers_choices(bot: Driver) -> None:
    await import_catalogue(bot.core.store, "twins.csv", TWINS.encode(), NOW)
    said = await bot.say("alice", "/cursus rekenen bouw")
    assert "Welke bedoel je?" in said.text
    labels = [label for _, label in bot.last_choices["alice"]]
    assert "Rekenen in de onderbouw (Hogeschool X)" in labels
    assert "Rekenen in de bovenbouw (Hogeschool X)" in labels
    chosen = await bot.press("alice", "Rekenen in de bovenbouw (Hogeschool X)")
    assert "📚 Rekenen in de bovenbouw" in chosen.text

    await bot.say("alice", "/taal en")
    said = await bot.say("alice", "/course rekenen bouw")
    assert "Which one do you mean?" in said.text


async def test_guided_review_with_star_buttons_text_and_anonymity(bot: Driver) -> None:
    said = await bot.say("alice", "/beoordeel feedback die werkt")
    assert "Hoeveel sterren geef je Feedback die werkt?" in said.text
    said = await bot.press("alice", "4 ★")
    assert "✓ Beoordeling bewaard: ★★★★☆ voor Feedback die werkt." in said.text
    said = await bot.say("alice", "x" * (MAX_REVIEW_TEXT + 1))
    assert f"maximaal {MAX_REVIEW_TEXT}" in said.text
    said = await bot.say("alice", "Kort en krachtig.")
    assert "Je toelichting bij Feedback die werkt is bewaard." in said.text
    said = await bot.say("bob", "/beoordeel feedback die werkt 3")
    said = await bot.say("bob", "zo laten")
    assert "Dank je!" in said.text
    said = await bot.say("alice", "/cursus feedback die werkt")
    assert "★ 3,5 uit 5 (2 beoordelingen)" in said.text
    bot.clock.set(NOW + timedelta(days=3))
    said = await bot.say("alice", "/beoordeel feedback die werkt 5 #anoniem")
    assert "is bijgewerkt: ★★★★★ (eerste versie: wo 18 nov 2026)" in said.text
    assert "een collega" in said.text
    card = (await bot.say("bob", "/cursus feedback die werkt")).text
    assert "een collega, bijgewerkt za 21 nov 2026: Kort en krachtig." in card
    assert "Alice" not in card


async def test_reviews_in_a_group_go_privately_and_the_text_is_limited(bot: Driver) -> None:
    said = await bot.say("alice", "/beoordeel rekenen 3f 4 Prima", group="kamer")
    assert said.here_text == "✓ Ik heb je een privébericht gestuurd."
    assert "Beoordeling bewaard" in said.private_text
    long = "/beoordeel rekenen 3f 4 " + "a" * (MAX_REVIEW_TEXT + 1)
    assert "te lang" in (await bot.say("alice", long)).text
    assert "Geef 1 tot 5" in (await bot.say("alice", '/beoordeel "Rekenen 3F" 9')).text


async def test_the_rate_limit_stops_a_review_spree_with_a_clear_reply(bot: Driver) -> None:
    letters = "ABCDEFGHIJKL"
    csv = "ref;titel;aanbieder\n" + "".join(f"Z-{c};Extra cursus {c};Z\n" for c in letters)
    await import_catalogue(bot.core.store, "x.csv", csv.encode(), NOW)
    for letter in letters[:REVIEWS_PER_HOUR]:
        assert "bewaard" in (await bot.say("spam", f"/beoordeel extra cursus {letter} 1")).text
    said = await bot.say("spam", f"/beoordeel extra cursus {letters[-1]} 1")
    assert f"al {REVIEWS_PER_HOUR} beoordelingen" in said.text
    # Changing a review you wrote is not a new one; an hour later new ones are welcome.
    assert "bijgewerkt" in (await bot.say("spam", "/beoordeel extra cursus A 2")).text
    bot.clock.set(NOW + timedelta(hours=1, minutes=1))
    said = await bot.say("spam", f"/beoordeel extra cursus {letters[-1]} 1")
    assert "bewaard" in said.text


async def test_top_and_provider(bot: Driver) -> None:
    await bot.say("alice", "/beoordeel coachend lesgeven 5")
    await bot.say("bob", "/beoordeel coachend lesgeven 4")
    await bot.say("bob", "/beoordeel rekenen 3f 5")
    top = await bot.say("carol", "/top", group="kamer")
    assert not top.private
    lines = top.here_text.splitlines()
    assert lines[1] == "1. Coachend lesgeven — Hogeschool Voorbeeld (VOORBEELD): ★ 4,5 (2)"
    assert lines[2].startswith("2. Rekenen 3F voor het mbo")
    assert "Rekenen" in (await bot.say("carol", "/top rekenen")).text
    assert "Nog geen beoordeelde" in (await bot.say("carol", "/top scheikunde")).text
    said = await bot.say("carol", "/aanbieder hogeschool voorbeeld")
    assert "🏫 Hogeschool Voorbeeld (VOORBEELD)" in said.text
    assert "lerarenopleiding · 3 cursussen" in said.text
    assert "• Coachend lesgeven: ★ 4,5 (2)" in said.text
    assert "geen aanbieder" in (await bot.say("carol", "/aanbieder xyzzy")).text


async def test_moderation_is_refused_politely_to_members(bot: Driver) -> None:
    for text in ("/verberg 1", "/toon 1", "/moderatielog", "/reviewronde start rekenen"):
        said = await bot.say("bob", text, group="kamer")
        assert "alleen moderatoren" in said.text, text
    said = await bot.say("mo", "/moderatielog", group="kamer", moderator=True)
    assert "nog leeg" in said.text
    said = await bot.say("mo", "/moderatielog", moderator=True)  # privately: no group to act for
    assert "in het groepsgesprek dat ze modereren" in said.text


async def test_a_round_prompts_learners_privately_and_closes_at_its_deadline(bot: Driver) -> None:
    await bot.say("erin", "/log 1u workshop feedback die werkt", group="kamer")
    await bot.say("finn", "/log 1u intervisie", group="kamer")
    said = await bot.say(
        "mo", "/reviewronde start feedback 2 dagen", group="kamer", moderator=True
    )
    assert "Reviewronde: Feedback die werkt" in said.here_text
    # Who was asked privately derives from their portfolios: the group hears nothing of it.
    assert "vergelijkbaars" not in said.here_text and "1 lid" not in said.here_text
    pending = await bot.core.store.run(lambda uow: uow.outbox.claim("test", NOW, 10, NOW))
    assert [d.key for d in pending] == [f"round:1:{pending[0].member_id}"]
    prompt = wire.load(pending[0].payload)
    assert "Je hebt iets vergelijkbaars gelogd" in prompt.text.plain
    assert "je naam en wat je logde ziet niemand" in prompt.text.plain
    labels = [c.label for c in prompt.choices]
    assert labels == ["1 ★", "2 ★", "3 ★", "4 ★", "5 ★", "🔕 niet meer vragen"]
    # erin answers with the button of the private prompt
    said = await bot.send(bot.incoming("erin", choice=prompt.choices[3].key))
    assert "Beoordeling bewaard: ★★★★☆" in said.text
    assert "anoniem, tenzij je hieronder kiest voor je naam" in said.text
    await bot.say("erin", "Meteen bruikbaar in de les.")
    await bot.say("gina", "/reviewronde", group="kamer")
    key = next(k for k, label in bot.last_choices["gina"] if label == "2 ★")
    said = await bot.send(bot.incoming("gina", group="kamer", choice=key))
    assert said.here and said.private  # an ack in the group, the answer privately
    said = await bot.press("gina", "toon mijn naam")
    assert "staat nu op je naam" in said.text
    assert (
        "Tot nu toe 2 antwoorden." in (await bot.say("gina", "/reviewronde", group="kamer")).text
    )
    store, groups = bot.core.store, FakeGroups()
    poster = GroupPoster(store, bot.clock, groups)
    assert await close_due_rounds(store, bot.clock, bot.core.translator, "nl") == 0
    bot.clock.set(NOW + timedelta(days=2, seconds=1))
    assert await close_due_rounds(store, bot.clock, bot.core.translator, "nl") == 1
    assert await close_due_rounds(store, bot.clock, bot.core.translator, "nl") == 0
    assert await poster.post_due() == 1 and await poster.post_due() == 1  # sent once
    ((chat, post),) = groups.posts
    assert chat == "group-kamer"
    text = post.text.plain
    assert "2 beoordelingen, gemiddeld ★ 3,0" in text
    # erin answered anonymously (a round's default): her words, not her name
    assert "„Meteen bruikbaar in de les.” — een collega (★★★★☆)" in text
    assert "Erin" not in text
    assert post.attachment is not None and post.attachment.media_type == "image/png"
    assert "Gina" not in text  # named, but without text: no excerpt
    late = await bot.send(bot.incoming("hugo", choice=prompt.choices[4].key))
    assert "al gesloten" in late.text


async def test_english_members_get_english(bot: Driver) -> None:
    await bot.say("eve", "/language en")
    said = await bot.say("eve", "/review coaching lesgeven 4 Good")
    assert "Review saved" in said.text
    assert "Which course" in (await bot.say("eve", "/review")).text


async def test_logging_a_catalogue_course_offers_a_one_tap_review(bot: Driver) -> None:
    said = await bot.say("alice", "/log 2u cursus coachend lesgeven", group="kamer")
    assert said.here_text == "✓ Genoteerd — de details staan in je privéchat."
    assert "Dit lijkt op Coachend lesgeven (Hogeschool Voorbeeld (VOORBEELD))" in said.private_text
    key = next(k for k, label in bot.last_choices["alice"] if label == "5 ★")
    said = await bot.send(bot.incoming("alice", choice=key))
    assert "✓ Beoordeling bewaard: ★★★★★ voor Coachend lesgeven." in said.text
    said = await bot.say("alice", "/log 1u cursus coachend lesgeven")
    assert "Dit lijkt op" not in said.text  # reviewed already: no second nudge
    said = await bot.say("alice", "/log 1u intervisie met de sectie")
    assert "Dit lijkt op" not in said.text and "Was dit" not in said.text


async def test_a_suggested_course_is_approved_by_an_operator(bot: Driver) -> None:
    said = await bot.say(
        "zoe", "/suggestie Rekenen in de onderbouw; Academie X https://voorbeeld.nl/r"
    )
    assert "Je suggestie #1 „Rekenen in de onderbouw”" in said.text
    await bot.say("zoe", "/suggestie Iets anders")
    assert "Geef de titel" in (await bot.say("zoe", "/suggestie")).text
    assert "alleen de beheerders" in (await bot.say("zoe", "/goedkeuren 1")).text
    refused = await bot.say("mo", "/goedkeuren 1", group="kamer", moderator=True)
    assert "alleen de beheerders" in refused.text  # a group's moderator: not catalogue-wide
    listing = (await bot.say("op", "/suggesties")).text
    assert "#1 Rekenen in de onderbouw · Academie X · https://voorbeeld.nl/r · van Zoe" in listing
    said = await bot.say("op", "/goedkeuren 1")
    assert "staat nu in de catalogus: Rekenen in de onderbouw" in said.text
    assert "al besloten" in (await bot.say("op", "/afwijzen 1")).text
    said = await bot.say("op", "/afwijzen 2 te vaag")
    assert "is afgewezen" in said.text
    card = (await bot.say("bob", "/cursus rekenen onderbouw")).text
    assert "📚 Rekenen in de onderbouw" in card and "Academie X" in card
    notes = await bot.core.store.run(lambda uow: uow.outbox.claim("test", NOW, 10, NOW))
    texts = sorted(wire.load(note.payload).text.plain for note in notes)
    assert texts[0].startswith("💡 Je suggestie „Iets anders” is niet toegevoegd. Reden: te vaag")
    assert texts[1].startswith("💡 Je suggestie „Rekenen in de onderbouw” staat nu in")
    log = (await bot.say("op", "/moderatielog")).text
    assert "suggestie goedgekeurd" in log and "suggestie afgewezen" in log


async def test_round_prompts_wait_for_the_morning_and_can_be_switched_off(bot: Driver) -> None:
    await bot.say("erin", "/log 1u workshop feedback die werkt", group="kamer")
    evening = datetime(2026, 11, 18, 21, 30, tzinfo=UTC)  # 22:30 in Amsterdam
    bot.clock.set(evening)
    await bot.say("mo", "/reviewronde start feedback 1 dag", group="kamer", moderator=True)
    soon = await bot.core.store.run(lambda uow: uow.outbox.claim("test", evening, 10, evening))
    assert soon == []
    morning = datetime(2026, 11, 19, 6, 0, tzinfo=UTC)  # 07:00 in Amsterdam
    (prompt,) = await bot.core.store.run(lambda uow: uow.outbox.claim("test", morning, 10, NOW))
    await bot.core.store.run(lambda uow: uow.outbox.mark_sent(prompt.id, morning))
    stop = wire.load(prompt.payload).choices[-1]
    said = await bot.send(bot.incoming("erin", choice=stop.key))
    assert "geen privéberichten meer over reviewrondes" in said.text
    assert "staan uit" in (await bot.say("erin", "/reviewvragen")).text
    await bot.say("mo", "/reviewronde sluit", group="kamer", moderator=True)
    bot.clock.set(morning)
    await bot.say("mo", "/reviewronde start feedback", group="kamer", moderator=True)
    later = morning + timedelta(days=1)
    assert await bot.core.store.run(lambda uow: uow.outbox.claim("test", later, 10, later)) == []
    assert "weer een privébericht" in (await bot.say("erin", "/reviewvragen aan")).text
    assert "Gebruik" in (await bot.say("erin", "/reviewvragen misschien")).text


async def test_a_failed_group_post_is_kept_and_sent_later(bot: Driver) -> None:
    class Flaky(FakeGroups):
        fail = True

        async def send_group(self, chat_id: str, message: Outgoing) -> None:
            if self.fail:
                raise ConnectionError("network down")
            await super().send_group(chat_id, message)

    await bot.say("mo", "/reviewronde start taalgericht", group="kamer", moderator=True)
    said = await bot.say("mo", "/reviewronde sluit", group="kamer", moderator=True)
    assert "samenvatting volgt zo" in said.text
    store, groups = bot.core.store, Flaky()
    assert await close_due_rounds(store, bot.clock, bot.core.translator, "nl") == 1
    poster = GroupPoster(store, bot.clock, groups)
    assert await poster.post_due() == 0 and groups.posts == []
    groups.fail = False
    assert await poster.post_due() == 1
    ((_, post),) = groups.posts
    assert "Er kwamen geen beoordelingen binnen." in post.text.plain


async def test_round_prompts_follow_the_members_own_quiet_hours_and_holiday(bot: Driver) -> None:
    await bot.say("erin", "/log 1u workshop feedback die werkt", group="kamer")
    await bot.say("finn", "/log 1u workshop feedback die werkt", group="kamer")
    await bot.say("erin", "/rusttijd 14:00-18:00")  # NOW is 15:30 in Amsterdam
    await bot.say("finn", "/vakantie tot 1 januari")
    await bot.say("mo", "/reviewronde start feedback 7 dagen", group="kamer", moderator=True)
    assert await bot.core.store.run(lambda uow: uow.outbox.claim("test", NOW, 10, NOW)) == []
    six = datetime(2026, 11, 18, 17, 0, tzinfo=UTC)  # 18:00 in Amsterdam: erin's rest ends
    later = six + timedelta(days=30)
    (prompt,) = await bot.core.store.run(lambda uow: uow.outbox.claim("test", six, 10, six))
    assert prompt.key.startswith("round:1:")
    await bot.core.store.run(lambda uow: uow.outbox.mark_sent(prompt.id, six))
    # finn is on holiday until after the deadline: he is not asked at all.
    assert await bot.core.store.run(lambda uow: uow.outbox.claim("test", later, 10, later)) == []
