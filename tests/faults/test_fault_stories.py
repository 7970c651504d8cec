"""Stories with the platform failing a share of calls (10 % and 50 %): many members logging
at once in private chats and groups, reminders falling due, button presses and exports.

Afterwards every effect is stored once, every reply and reminder arrived at least once,
nothing arrived twice except after a send that timed out although it was applied, and a
member who was not faulted was answered without waiting for the ones who were."""

from __future__ import annotations

import asyncio
import json

import pytest

from tests.fakes.telegram_faults import FaultPlan
from tests.faults.world import HANG_SECONDS, SLOW_SECONDS, Member, World, together

RATES = [pytest.param(0.1, id="10pct"), pytest.param(0.5, id="50pct")]
QUIET_OFF = "Je hebt geen rusttijd"


def plan(rate: float, **overrides: object) -> FaultPlan:
    values: dict[str, object] = {
        "rate": rate,
        "seed": 17,
        "poll_rate": rate / 5,
        "slow_seconds": SLOW_SECONDS,
        "hang_seconds": HANG_SECONDS,
        **overrides,
    }
    return FaultPlan(**values)  # type: ignore[arg-type]


async def press(world: World, member: Member, label: str, question: str) -> None:
    message = world.with_text(member, question)
    data = dict(message.buttons)[label]
    assert data is not None
    world.api.user_presses(member.user, message, data)


@pytest.mark.parametrize("rate", RATES)
async def test_many_members_at_once_nothing_lost_nothing_doubled(
    faulty: World, rate: float
) -> None:
    world = faulty
    members = world.add_members(12)
    groups = [world.add_group("Lerarenkamer"), world.add_group("Sectie Engels")]
    # Before the faults: reminders may come at any hour (the test may run at night).
    await together(*(lambda m=m: world.says(m, "/rusttijd uit", QUIET_OFF) for m in members))
    faults = world.inject(plan(rate))

    async def story(member: Member, index: int) -> None:
        group = groups[index % 2]
        api, tag = world.api, member.tag
        api.user_sends(member.user, None, f"/log 1u intervisie {tag}")
        world.in_group(member, group, f"/log 30 min lesbezoek {tag}")
        api.user_sends(member.user, None, f"/herinner over 3 seconden water {tag}")
        # A new command drops an open question, so the button comes after these are done.
        for needle in (f"Intervisie {tag}", f"Lesbezoek {tag}", f"staat klaar: water {tag}"):
            await world.arrives(member, needle)
        question = f"Hoe lang duurde 'Webinar {tag}'?"
        await world.says(member, f"/log webinar {tag}", question)
        await press(world, member, "1 uur", question)
        await world.arrives(member, f"Webinar {tag}\n")  # the confirmation
        await world.says(member, "/export", "Je portfolio als JSON")

    async with world.scheduler_running():
        await together(*(lambda m=m, i=i: story(m, i) for i, m in enumerate(members)))
        faults.stop()  # the platform recovers; what is owed must now arrive
        for member in members:
            for needle in (
                f"Intervisie {member.tag}",
                f"Lesbezoek {member.tag}",
                f"Herinnering #1 staat klaar: water {member.tag}",
                f"Herinnering: water {member.tag}",
            ):
                await world.arrives(member, needle, timeout=60)
        await world.api.wait_until(
            lambda: not world.unacknowledged(), 60, "an acknowledgement of every group command"
        )
    assert faults.count() > 0, "the plan injected no fault: the story proves nothing"

    # Every effect stored once.
    activities = await world.stored(
        "SELECT m.display_name, a.title FROM activities a JOIN members m ON m.id = a.member_id"
    )
    for member in members:
        titles = sorted(title for name, title in activities if name == member.name)
        assert titles == sorted(
            [f"Intervisie {member.tag}", f"Lesbezoek {member.tag}", f"Webinar {member.tag}"]
        ), member.name
    reminders = await world.stored("SELECT text FROM reminders")
    assert sorted(text for (text,) in reminders) == sorted(f"water {m.tag}" for m in members)
    # Each export holds what was logged before it in that chat.
    for member in members:
        exported = world.with_text(member, "Je portfolio als JSON")
        assert exported.document is not None
        titles = {a["title"] for a in json.loads(exported.document.content)["activities"]}
        assert {f"Intervisie {member.tag}", f"Webinar {member.tag}"} <= titles
    # Nothing doubled, except a send that timed out although it was applied.
    assert world.all_doubles() == {}


@pytest.mark.parametrize("rate", RATES)
async def test_a_member_who_is_not_faulted_does_not_wait_for_one_who_is(
    faulty: World, rate: float
) -> None:
    world = faulty
    spared = world.add_members(4)
    faulted = world.add_members(8)
    group = world.add_group("Lerarenkamer")
    chats = frozenset(member.user.id for member in spared)
    # Only sends fail here; a failing poll would hold up everyone alike.
    faults = world.inject(plan(rate, poll_rate=0.0, spared=chats))

    async def busy(member: Member) -> None:
        for n in range(6):
            world.api.user_sends(member.user, None, f"/log {n + 1}u intervisie {member.tag}")
            world.in_group(member, group, f"/log 1u lesbezoek {member.tag}")
            await asyncio.sleep(0.4)

    async def calm(member: Member) -> None:
        await asyncio.sleep(0.5)  # the busy members' faults are under way
        for n in range(5):
            await world.says(member, f"/log 1u vakliteratuur {member.tag}", f"#{n + 1} ")
            await asyncio.sleep(0.3)

    await together(*(lambda m=m: busy(m) for m in faulted), *(lambda m=m: calm(m) for m in spared))
    assert faults.faulted_chats() & chats == set()
    assert len(faults.faulted_chats()) >= 4, "too few faults to hold anyone up"
    waits = sorted(wait for member in spared for wait in member.waits)
    # No platform limit applies here (the adapter's shaper is unlimited in these tests):
    # each reply takes milliseconds unless it waits behind someone else's trouble.
    assert waits[-1] < 1.0, f"a member without faults waited {waits[-1]:.2f} s: {waits}"


@pytest.mark.parametrize("rate", RATES)
async def test_polling_survives_hanging_and_failing_polls(faulty: World, rate: float) -> None:
    world = faulty
    members = world.add_members(6)
    # Seed 1 makes the second poll hang at 10 % and several hang at 50 %.
    kinds = {"429": 1.0, "500": 1.0, "502": 1.0, "hang": 1.0}
    faults = world.inject(plan(0.0, poll_rate=rate, seed=1, kinds=kinds))

    async def story(member: Member) -> None:
        for n in range(4):
            await world.says(member, f"/log {n + 1}u zelfstudie {member.tag}", f"#{n + 1} ")

    async with asyncio.timeout(60):
        await together(*(lambda m=m: story(m) for m in members))
    assert faults.count("hang") >= 1 and {f.method for f in faults.log} == {"getupdates"}
    # The last reply goes out just before its update counts as handled.
    await world.api.wait_until(lambda: world.adapter.handled >= 6 * 4, what="24 handled")
    await asyncio.sleep(0.5)  # room for an update handled twice to show up
    assert world.adapter.handled == 6 * 4  # no update lost, none handled twice
    rows = await world.stored("SELECT count(*), count(DISTINCT member_id) FROM activities")
    assert rows == [(24, 6)]
    for member in members:  # one reply per message: no send failed, so none repeats
        assert len(world.private(member)) == 4, world.texts(member)
