"""Every message exists in Dutch and English with the same parameters."""

from __future__ import annotations

import re
import string

from bot.chat.handlers import command_specs
from bot.chat.registry import Registry
from bot.i18n import Hours, Label, Msg, Translator, load_catalog

PLACEHOLDER = re.compile(r"{(\w+)}")


def _fields(entry: str | dict[str, str]) -> set[str]:
    texts = entry.values() if isinstance(entry, dict) else [entry]
    return {name for text in texts for _, name, _, _ in string.Formatter().parse(text) if name}


def test_catalogs_have_the_same_keys_and_parameters() -> None:
    nl, en = load_catalog("nl"), load_catalog("en")
    assert set(nl) == set(en)
    for key in nl:
        assert _fields(nl[key]) == _fields(en[key]), key


def test_every_command_has_summary_and_example_in_both_languages() -> None:
    translator = Translator.load()
    for spec in Registry(command_specs()).specs:
        for language in ("nl", "en"):
            assert translator.text(language, spec.summary_key) != spec.summary_key
            example = translator.text(language, spec.example_key)
            assert example.startswith("/"), (spec.key, language)
            assert example.split()[0][1:] in spec.all_names, (spec.key, example)


def test_values_are_formatted_for_the_language() -> None:
    t = Translator.load()
    assert t.format_value("nl", Hours(90)) == "1,5 u"
    assert t.format_value("en", Hours(90)) == "1.5 h"
    assert t.format_value("nl", Hours(50)) == "50 min"
    assert t.format_value("nl", Hours(80)) == "1 u 20"
    assert t.format_value("en", Hours(125)) == "2 h 05"
    assert t.format_value("nl", Hours(120)) == "2 u"
    assert t.format_value("nl", Label("kind.intervision")) == "intervisie"
    assert t.text("nl", "activities.header", n=1) == "Je activiteiten (1)"
    assert t.text("en", "activities.header", n=3) == "Your activities (3)"


def test_parameters_are_never_parsed_as_markup() -> None:
    t = Translator.load()
    text = t.render("nl", Msg.of("activity.card_title", number=1, title="**niet vet** {x}"))
    assert text.plain == "#1 **niet vet** {x}"
    assert [span.style.value for span in text.spans] == ["bold"]
