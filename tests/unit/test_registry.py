from __future__ import annotations

import pytest

from bot.chat.handlers import command_specs
from bot.chat.registry import CommandSpec, MenuScope, Registry


def test_names_in_both_languages_find_the_same_command() -> None:
    registry = Registry(command_specs())
    assert registry.find("activiteiten") is registry.find("activities")
    assert registry.find("HULP") is registry.find("help")
    assert registry.find("doel").key == "goal"
    assert registry.suggest("activitieten").key == "activities"


def test_menu_is_generated_per_language() -> None:
    registry = Registry(command_specs())
    nl = dict(registry.menu("nl"))
    en = dict(registry.menu("en"))
    assert "activiteiten" in nl and "activities" in en
    assert len(nl) == len(en)
    listed = {name for scope in MenuScope for name, _ in registry.menu("nl", scope)}
    assert listed == {spec.name("nl") for spec in registry.specs}  # each in some menu
    assert "verberg" not in nl and "verberg" in dict(registry.menu("nl", MenuScope.MODERATORS))


def test_duplicate_or_invalid_names_are_refused() -> None:
    spec = command_specs()[0]
    with pytest.raises(ValueError, match="twice"):
        Registry([spec, CommandSpec("other", spec.names, spec.handler, spec.parse)])
    with pytest.raises(ValueError, match="not valid"):
        Registry([CommandSpec("x", {"nl": ("Hé",), "en": ("x",)}, spec.handler, spec.parse)])
