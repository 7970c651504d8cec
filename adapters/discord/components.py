"""Buttons and modals that keep working after a restart: their custom_id carries all the
state (the core's choice key, the command a modal's text is for, or the question a typed
answer is for), so no view has to be remembered in memory. A press reaches the adapter
through `ChoiceButton.callback`; a modal's submission through the adapter's interaction
listener (``MODAL_PREFIX``, ``ANSWER_PREFIX``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

import discord

if TYPE_CHECKING:
    import re

BUTTON_PREFIX = "pb:"
MODAL_PREFIX = "pbm:"
ANSWER_PREFIX = "pba:"  # a typed answer's form: "pba:<question token>"
MAX_CUSTOM_ID = 100
_LABEL = 80


class PressHandler(Protocol):
    async def on_press(self, interaction: discord.Interaction, key: str, label: str) -> None: ...

    async def on_type_answer(
        self, interaction: discord.Interaction, token: str, language: str
    ) -> None: ...


class ChoiceButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"pb:(?P<key>.+)"):
    def __init__(self, key: str, label: str) -> None:
        custom_id = f"{BUTTON_PREFIX}{key}"
        if len(custom_id) > MAX_CUSTOM_ID:
            raise ValueError(f"choice key too long for a custom_id: {key!r}")
        super().__init__(
            discord.ui.Button(
                label=label[:_LABEL] or "·",
                custom_id=custom_id,
                style=discord.ButtonStyle.secondary,
            )
        )
        self.key = key
        self.label = label

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction,
        item: discord.ui.Item[Any],
        match: re.Match[str],
    ) -> ChoiceButton:
        label = getattr(item, "label", None) or ""
        return cls(match["key"], label)

    async def callback(self, interaction: discord.Interaction) -> None:
        handler: PressHandler | None = getattr(interaction.client, "presses", None)
        if handler is not None:
            await handler.on_press(interaction, self.key, self.label)


class TypeAnswerButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"pbt:(?P<language>[a-z]{2}):(?P<token>[0-9a-f]{1,64})",
):
    """A question that takes a typed answer, where typing does not reach the bot: the
    button opens a form (`AnswerModal`). The custom_id carries the question's token and
    the member's language."""

    def __init__(self, token: str, language: str, label: str) -> None:
        super().__init__(
            discord.ui.Button(
                label=label[:_LABEL] or "✏️",
                custom_id=f"pbt:{language}:{token}",
                style=discord.ButtonStyle.primary,
            )
        )
        self.token = token
        self.language = language

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction,
        item: discord.ui.Item[Any],
        match: re.Match[str],
    ) -> TypeAnswerButton:
        label = getattr(item, "label", None) or ""
        return cls(match["token"], match["language"], label)

    async def callback(self, interaction: discord.Interaction) -> None:
        handler: PressHandler | None = getattr(interaction.client, "presses", None)
        if handler is not None:
            await handler.on_type_answer(interaction, self.token, self.language)


class ChoiceSelect(discord.ui.DynamicItem[discord.ui.Select[Any]], template=r"pbs:(?P<n>[0-9]+)"):
    """More choices than fit a row of buttons: a select menu, each option's value the
    core's choice key."""

    def __init__(self, choices: list[tuple[str, str]], n: int = 0) -> None:
        options = [
            discord.SelectOption(label=label[:100] or "·", value=key[:100])
            for key, label in choices[:25]
        ]
        super().__init__(
            discord.ui.Select(custom_id=f"pbs:{n}", options=options, min_values=1, max_values=1)
        )

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction,
        item: discord.ui.Item[Any],
        match: re.Match[str],
    ) -> ChoiceSelect:
        options = getattr(item, "options", None) or []
        return cls([(o.value, o.label) for o in options], int(match["n"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        data: Any = interaction.data or {}
        values = data.get("values") or []
        handler: PressHandler | None = getattr(interaction.client, "presses", None)
        if handler is None or not values:
            return
        labels = {option.value: option.label for option in self.item.options}
        await handler.on_press(interaction, str(values[0]), labels.get(values[0], ""))


class TextModal(discord.ui.Modal):
    """One paragraph of text for a command (a reflection, a review). Its submission is
    handled from the custom_id alone, so it survives a restart too."""

    def __init__(self, command_key: str, title: str, label: str, placeholder: str) -> None:
        super().__init__(title=title[:45], custom_id=f"{MODAL_PREFIX}{command_key}", timeout=None)
        self.add_item(
            discord.ui.TextInput(
                label=label[:45],
                custom_id="text",
                style=discord.TextStyle.paragraph,
                placeholder=placeholder[:100],
                max_length=4000,
            )
        )


class AnswerModal(discord.ui.Modal):
    """The form for a typed answer to one question (`TypeAnswerButton`); its submission is
    handled from the custom_id alone (``ANSWER_PREFIX`` + the question's token)."""

    def __init__(self, token: str, title: str, label: str, placeholder: str) -> None:
        super().__init__(title=title[:45], custom_id=f"{ANSWER_PREFIX}{token}", timeout=None)
        self.add_item(
            discord.ui.TextInput(
                label=label[:45],
                custom_id="text",
                style=discord.TextStyle.paragraph,
                placeholder=placeholder[:100],
                max_length=4000,
            )
        )


def modal_text(data: Any) -> str:
    """The text typed into a `TextModal`, from the raw submission."""
    for row in data.get("components", []):
        inner = row.get("components") or ([row["component"]] if "component" in row else [])
        for component in inner:
            if component.get("custom_id") == "text":
                return str(component.get("value") or "")
    return ""
