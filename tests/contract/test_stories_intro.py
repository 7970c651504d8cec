"""The /intro story on every adapter: alice asks in the staff-room group to be introduced
to bob; bob gets the question privately, with buttons, and says yes; both then have the
other's handle — as their own platform gives it — privately, and the group saw nothing
personal (an acknowledgement, a reaction, or on Discord nothing at all)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.contract.drivers import ChatDriver, Seen

GROUP = "Lerarenkamer"
MESSAGE = "Zullen we onze lesson study vergelijken?"


def texts(messages: list[Seen]) -> str:
    return "\n".join(message.text for message in messages)


def handle(driver: Any, user: str) -> str:
    """The handle each adapter gives for `user`: what the other member needs to reach them."""
    if driver.name == "telegram":  # the fake's users have no @username: a link by id
        return f"tg://user?id={driver.user(user).id}"
    if driver.name == "discord":
        return f"@{driver.user(user).username}"
    if driver.name == "matrix":
        return str(driver._members[user].client.mxid)
    return user  # the console: the name given to --as


async def test_an_introduction_on_yes_gives_both_the_others_handle(driver: ChatDriver) -> None:
    for who in ("alice", "bob"):
        await driver.send(who, f"/profiel expertise lesson study ({who})")
        await driver.send(who, "/delen expertise community")
        await driver.send(who, "/hulp", group=GROUP)
    before = len(driver.group(GROUP))  # /hulp answered in the group
    await driver.send("alice", f"/intro @bob {MESSAGE}", group=GROUP)
    await driver.eventually(
        lambda: "Ik heb het bob gevraagd" in texts(driver.private("alice")),
        "alice to hear privately that bob was asked",
    )
    await driver.tick()  # the outbox: bob's question
    await driver.eventually(
        lambda: "wil graag met je kennismaken" in texts(driver.private("bob")),
        "bob to get the question privately",
    )
    question = next(m for m in driver.private("bob") if "kennismaken" in m.text)
    assert question.text.lower().startswith("👋 alice wil graag met je kennismaken")
    assert MESSAGE in question.text and "lesson study (alice)" in question.text
    assert set(question.buttons) >= {"Ja", "Nee", "Nee, en niet meer vragen"}
    alice_handle, bob_handle = handle(driver, "alice"), handle(driver, "bob")
    assert "via:" not in texts(driver.private("bob"))  # no handle before a yes

    await driver.press("bob", "Ja")
    await driver.eventually(
        lambda: f"via: {alice_handle}" in texts(driver.private("bob")),
        "bob to get alice's handle",
    )
    await driver.tick()  # the outbox: alice's news
    await driver.eventually(
        lambda: f"via: {bob_handle}" in texts(driver.private("alice")),
        "alice to get bob's handle",
    )
    group = texts(driver.group(GROUP)[before:])
    for personal in (alice_handle, bob_handle, MESSAGE, "kennismaken", "gevraagd", "bob"):
        assert personal not in group
