"""User stories, written once, run against every adapter (console, Telegram; Discord and
Matrix join through their drivers). They assert what members see, and where."""

from __future__ import annotations

import json

import pytest

from tests.contract.drivers import (
    EPHEMERAL_PRIVACY,
    REACTS,
    REDELIVERS,
    REFUSES_PRIVATE,
    ChatDriver,
    Seen,
)

SECRET = "Geheime intervisie over leerling Sanne"


def texts(messages: list[Seen]) -> str:
    return "\n".join(message.text for message in messages)


async def test_first_contact_and_help(driver: ChatDriver) -> None:
    await driver.send("Anna", "/start")
    assert "Hoi Anna" in texts(driver.private("Anna"))
    before = len(driver.private("Anna"))
    await driver.send("Anna", "/hulp")
    # The whole help may be longer than one message on a platform: the shaper splits it.
    help_text = texts(driver.private("Anna")[before:])
    for name in ("/log", "/activiteiten", "/doel", "/export", "/profiel", "/zoek"):
        assert name in help_text
    await driver.send("Ben", "/help")  # the English name works for anyone
    assert "/log" in texts(driver.private("Ben"))


@pytest.mark.lacks(REACTS, EPHEMERAL_PRIVACY)
async def test_log_in_a_group_shows_only_an_acknowledgement_there(driver: ChatDriver) -> None:
    await driver.send("Anna", "/start")  # Anna has a private chat with the bot
    await driver.send("Anna", f"/log 1,5 uur {SECRET}", group="Lerarenkamer")
    group = driver.group("Lerarenkamer")
    assert [m.text for m in group] == ["✓ Genoteerd — de details staan in je privéchat."]
    assert "Geheime intervisie" in texts(driver.private("Anna"))
    assert "1,5 u" in driver.private("Anna")[-1].text


@pytest.mark.needs(REACTS)
async def test_log_in_a_group_is_acknowledged_with_a_reaction_only(driver: ChatDriver) -> None:
    await driver.send("Anna", "/start")  # Anna has a private chat with the bot
    await driver.send("Anna", f"/log 1,5 uur {SECRET}", group="Lerarenkamer")
    assert driver.group("Lerarenkamer") == []  # the group stays quiet …
    assert driver.reactions("Lerarenkamer") == [(f"/log 1,5 uur {SECRET}", "✍")]  # … but sees
    assert "Geheime intervisie" in texts(driver.private("Anna"))
    await driver.send("Anna", "/bewerk 1 2 uur", group="Lerarenkamer")
    assert driver.reactions("Lerarenkamer")[-1] == ("/bewerk 1 2 uur", "👌")
    assert driver.group("Lerarenkamer") == []


@pytest.mark.needs(REACTS)
async def test_a_hundred_logs_in_a_group_leave_no_acknowledgement_lines(
    driver: ChatDriver,
) -> None:
    await driver.send("Anna", "/start")
    for n in range(100):
        await driver.send("Anna", f"/log {n % 3 + 1}u intervisie ronde {n}", group="PLG")
    assert driver.group("PLG") == []
    reactions = driver.reactions("PLG")
    assert len(reactions) == 100 and {emoji for _, emoji in reactions} == {"✍"}
    await driver.send("Anna", "/activiteiten")
    assert "(100)" in driver.private("Anna")[-1].text


@pytest.mark.needs(EPHEMERAL_PRIVACY)
async def test_log_in_a_group_is_answered_to_the_member_alone(driver: ChatDriver) -> None:
    await driver.send("Anna", f"/log 1,5 uur {SECRET}", group="Lerarenkamer")
    assert driver.group("Lerarenkamer") == []  # the group sees nothing at all …
    assert "Geheime intervisie" in driver.private("Anna")[-1].text  # … Anna her entry
    assert "1,5 u" in driver.private("Anna")[-1].text
    await driver.send("Ben", "/activiteiten", group="Lerarenkamer")
    assert "Geheime" not in texts(driver.private("Ben"))
    assert driver.group("Lerarenkamer") == []


async def test_guided_log_answered_with_a_button(driver: ChatDriver) -> None:
    await driver.send("Anna", "/log webinar formatief evalueren")
    question = driver.private("Anna")[-1]
    assert "Hoe lang duurde 'Webinar formatief evalueren'?" in question.text
    assert question.buttons == ("30 min", "1 uur", "2 uur", "halve dag", "hele dag")
    await driver.press("Anna", "halve dag")
    assert "4 u · webinar (non-formeel)" in texts(driver.private("Anna"))


async def test_list_activities(driver: ChatDriver) -> None:
    await driver.send("Anna", "/log 2u lesson study rekenen gisteren")
    await driver.send("Anna", "/log 45 min vakliteratuur over feedback")
    await driver.send("Anna", "/activiteiten")
    listing = driver.private("Anna")[-1].text
    assert "Lesson study rekenen" in listing and "Vakliteratuur over feedback" in listing
    assert "(2)" in listing


async def test_goal_with_a_linked_activity(driver: ChatDriver) -> None:
    await driver.send("Anna", "/doel Formatief evalueren in mijn lessen voor 1 maart")
    assert "Nieuw doel #1: Formatief evalueren in mijn lessen" in texts(driver.private("Anna"))
    await driver.send("Anna", "/log 90 min webinar formatief evalueren doel 1")
    await driver.send("Anna", "/doelen")
    goals = driver.private("Anna")[-1].text
    assert "#1 Formatief evalueren in mijn lessen — loopt" in goals
    assert "1 activiteit, 1,5 u" in goals


async def test_export_arrives_as_a_json_document(driver: ChatDriver) -> None:
    await driver.send("Anna", "/log 1u intervisie over feedback")
    await driver.send("Anna", "/export", group="Sectie Engels")
    documents = [m.document for m in driver.private("Anna") if m.document]
    assert len(documents) == 1
    filename, content = documents[0]
    assert filename.startswith("portfolio-") and filename.endswith(".json")
    exported = json.loads(content)
    assert [a["title"] for a in exported["activities"]] == ["Intervisie over feedback"]
    assert not any(m.document for m in driver.group("Sectie Engels"))


async def test_bad_input_gets_a_helpful_reply(driver: ChatDriver) -> None:
    await driver.send("Anna", "/lgo 1u intervisie")
    assert "Bedoel je /log?" in driver.private("Anna")[-1].text
    await driver.send("Anna", "/log")
    assert "Voorbeeld:\n/log 2u" in driver.private("Anna")[-1].text
    await driver.send("Anna", "/verwijder 99")
    assert driver.private("Anna")[-1].text  # answered, never silence
    await driver.send("Anna", "<b>*_[`&")
    assert driver.private("Anna")[-1].text


async def test_titles_with_markup_characters_arrive_intact(driver: ChatDriver) -> None:
    title = "Workshop <Rekenen> & *taal* _met_ [haken] `code`"
    await driver.send("Anna", f"/log 1u {title}")
    assert "<Rekenen> & *taal* _met_ [haken] `code`" in texts(driver.private("Anna"))


async def test_group_chatter_is_ignored(driver: ChatDriver) -> None:
    await driver.send("Anna", "Goedemorgen allemaal!", group="Lerarenkamer")
    assert driver.group("Lerarenkamer") == []
    assert driver.private("Anna") == []


@pytest.mark.needs(REFUSES_PRIVATE)
async def test_a_member_without_a_private_chat_gets_a_deep_link(driver: ChatDriver) -> None:
    await driver.refuse_private("Cas")
    await driver.send("Cas", f"/log 1u {SECRET}", group="Lerarenkamer")
    (note,) = driver.group("Lerarenkamer")
    assert "privégesprek" in note.text and "Geheime" not in note.text
    assert "✓ Genoteerd" not in note.text  # no false claim that the DM arrived
    assert note.quoting == f"/log 1u {SECRET}"  # it answers Cas's command …
    assert note.mentions == ("Cas",)  # … and mentions Cas, so Cas is notified
    assert len(note.links) == 1
    await driver.open_private("Cas", note.links[0])
    await driver.eventually(
        lambda: "Geheime intervisie" in texts(driver.private("Cas")),
        "the waiting entry to arrive once the private chat is open",
    )
    # What Cas asked for comes first, saying which group command it answers; the welcome
    # after it does not suggest the command Cas just used.
    answer, welcome = driver.private("Cas")
    assert answer.text.startswith("↩️ Je vroeg in Lerarenkamer: /log\n")
    assert "Geheime intervisie" in answer.text
    assert welcome.text.startswith("Hoi Cas!") and "/log" not in welcome.text
    assert "Hierboven staat wat je in de groep vroeg." in welcome.text
    await driver.send("Cas", "/activiteiten")
    assert "(1)" in driver.private("Cas")[-1].text
    assert len(driver.group("Lerarenkamer")) == 1  # nothing more went to the group


@pytest.mark.needs(REFUSES_PRIVATE)
async def test_the_private_chat_note_speaks_the_members_language_only(
    driver: ChatDriver,
) -> None:
    await driver.send("Dana", "/taal en")
    await driver.refuse_private("Dana")
    await driver.send("Dana", "/doelen", group="Staff room")
    (note,) = driver.group("Staff room")
    assert note.text.startswith("Dana, I have something for you")
    assert note.buttons == () and len(note.links) == 1
    assert "privé" not in note.text.lower()


async def test_replies_in_a_private_chat_do_not_quote_the_command(driver: ChatDriver) -> None:
    await driver.send("Anna", "/log 1u intervisie")
    await driver.send("Anna", "/activiteiten")
    await driver.send("Anna", "/lgo")
    assert len(driver.private("Anna")) == 3
    assert [m.quoting for m in driver.private("Anna")] == [None, None, None]


@pytest.mark.needs(REACTS)
async def test_group_replies_that_are_not_acknowledgements_quote_the_command(
    driver: ChatDriver,
) -> None:
    await driver.send("Anna", "/lgo 1u", group="PLG")
    (reply,) = driver.group("PLG")
    assert "Bedoel je /log?" in reply.text and reply.quoting == "/lgo 1u"


@pytest.mark.needs(REDELIVERS)
async def test_a_redelivered_message_has_no_second_effect(driver: ChatDriver) -> None:
    await driver.send("Anna", "/log 1u intervisie")
    before = len(driver.private("Anna"))
    await driver.redeliver_last("Anna")
    assert len(driver.private("Anna")) == before  # handled before: no second reply either
    await driver.send("Anna", "/activiteiten")
    assert "(1)" in driver.private("Anna")[-1].text


async def test_moderator_review_round_from_prompt_to_summary(driver: ChatDriver) -> None:
    for member in ("Anna", "Bram"):
        await driver.send(member, "/start")  # both have a private chat with the bot
    await driver.send("Bram", "/reviewronde start feedback", group="PLG")
    assert "alleen moderatoren" in driver.group("PLG")[-1].text
    await driver.send("Mo", "/reviewronde start feedback 2 dagen", group="PLG", moderator=True)
    prompt = driver.group("PLG")[-1]
    assert "Reviewronde: Feedback die werkt" in prompt.text
    assert prompt.buttons == ("1 ★", "2 ★", "3 ★", "4 ★", "5 ★")
    await driver.press("Anna", "4 ★")
    assert "Beoordeling bewaard: ★★★★☆" in texts(driver.private("Anna"))
    await driver.press("Bram", "2 ★")
    assert "Beoordeling bewaard: ★★☆☆☆" in texts(driver.private("Bram"))
    assert "★★" not in texts(driver.group("PLG"))  # the ratings themselves stay private
    await driver.send("Mo", "/reviewronde sluit", group="PLG", moderator=True)
    await driver.tick()
    summary = driver.group("PLG")[-1]
    assert "2 beoordelingen, gemiddeld ★ 3,0" in summary.text
    assert summary.document is not None
    name, chart = summary.document
    assert name.endswith(".png") and chart.startswith(b"\x89PNG")


async def test_a_reminder_arrives_privately_with_buttons(driver: ChatDriver) -> None:
    await driver.send("Anna", "/herinner over 1 seconde reflectie schrijven", group="PLG")
    assert "reflectie schrijven" not in texts(driver.group("PLG"))  # the group sees no text
    assert "Herinnering #1 staat klaar: reflectie schrijven" in texts(driver.private("Anna"))
    await driver.tick()  # not due yet: the drivers' clock stands still …
    assert "⏰ Herinnering: reflectie" not in texts(driver.private("Anna"))
    driver.advance(1.1)  # … until it is moved on
    await driver.tick()
    reminder = driver.private("Anna")[-1]
    assert "⏰ Herinnering: reflectie schrijven" in reminder.text
    assert "Klaar" in reminder.buttons and "Over 1 uur" in reminder.buttons
    await driver.tick()  # delivered once, not again
    assert texts(driver.private("Anna")).count("⏰ Herinnering: reflectie schrijven") == 1
    await driver.press("Anna", "Klaar")
    assert "✓ Mooi, afgevinkt." in texts(driver.private("Anna"))


@pytest.mark.lacks(REACTS, EPHEMERAL_PRIVACY)  # acknowledgements as text in the group
async def test_a_group_acknowledgement_says_what_happened(driver: ChatDriver) -> None:
    await driver.send("Anna", "/start")
    await driver.send("Anna", "/log webinar formatief evalueren", group="PLG")
    assert driver.group("PLG")[-1].text == "❓ Er wacht een vraag op je in je privéchat."
    await driver.send("Anna", "/bewerk 99 2 uur", group="PLG")
    assert driver.group("PLG")[-1].text == "✓ Ik heb je een privébericht gestuurd."
    assert "Aangepast" not in texts(driver.group("PLG"))


@pytest.mark.needs(REACTS)
async def test_a_group_reaction_says_what_happened(driver: ChatDriver) -> None:
    await driver.send("Anna", "/start")
    # A question waiting has no reaction of its own: the group reads it.
    await driver.send("Anna", "/log webinar formatief evalueren", group="PLG")
    assert [m.text for m in driver.group("PLG")] == [
        "❓ Er wacht een vraag op je in je privéchat."
    ]
    assert driver.reactions("PLG") == []
    # A failed change claims none: "sent you a private message", not "changed".
    await driver.send("Anna", "/bewerk 99 2 uur", group="PLG")
    assert driver.reactions("PLG") == [("/bewerk 99 2 uur", "👍")]
    await driver.send("Anna", "/log 1u intervisie", group="PLG")
    assert driver.reactions("PLG")[-1] == ("/log 1u intervisie", "✍")
    assert len(driver.group("PLG")) == 1


async def test_a_moderator_acts_only_in_their_own_group(driver: ChatDriver) -> None:
    await driver.send("Mo", "/reviewronde start feedback 2 dagen", group="PLG", moderator=True)
    await driver.send("Mallory", "/reviewronde sluit", group="Eigen", moderator=True)
    assert "Er loopt nu geen reviewronde" in driver.group("Eigen")[-1].text
    await driver.send("Mallory", "/goedkeuren 1", group="Eigen", moderator=True)
    assert "alleen de beheerders van deze bot" in driver.group("Eigen")[-1].text
    await driver.send("Anna", "/reviewronde", group="PLG")
    assert "Reviewronde: Feedback die werkt" in driver.group("PLG")[-1].text


async def test_an_interrupted_question_is_kept_as_a_draft_privately(driver: ChatDriver) -> None:
    await driver.send("Anna", "/start")
    await driver.send("Anna", f"/log {SECRET}", group="Lerarenkamer")
    await driver.send("Anna", "/doelen", group="Lerarenkamer")
    note = driver.private("Anna")[-1]
    assert f"bewaard als concept: Hoe lang duurde '{SECRET}'?" in note.text
    assert note.buttons == ("Nu afmaken", "Weggooien")
    assert "Geheime" not in texts(driver.group("Lerarenkamer"))
    await driver.press("Anna", "Nu afmaken")
    await driver.press("Anna", "1 uur")
    assert f"#1 {SECRET}" in texts(driver.private("Anna"))


async def test_undo_takes_back_only_the_last_change(driver: ChatDriver) -> None:
    await driver.send("Anna", "/log 1u intervisie")
    await driver.send("Anna", "/log 2u workshop feedback")
    await driver.send("Anna", "/bewerk 2 3 uur")
    await driver.send("Anna", "/ongedaan")
    assert "Ongedaan gemaakt: je wijziging van #2" in driver.private("Anna")[-1].text
    await driver.send("Anna", "/ongedaan")
    assert "Er is niets om ongedaan te maken." in driver.private("Anna")[-1].text
    await driver.send("Anna", "/activiteiten")
    assert "(2)" in driver.private("Anna")[-1].text
