"""Every entry of the safety net's lexicon (``nlu/safety/lexicon/*.yml``) compiles and does what its examples say.

Each pattern flags each of its examples as its own kind (its id among the detection's pattern ids); each exception
(``unless``) matches its examples together with its pattern, and they then give no danger; each guard matches its
examples and they give the outcome they are listed under (``danger``, ``no_danger``, ``cue``, ``no_cue``).
"""

from __future__ import annotations

import re

import pytest

from nlu import safety
from nlu.safety import fold, lexicon
from nlu.safety.folding import DANGER_EMOJI

LEX = lexicon.load()
ENTRIES = {e.id: e for e in LEX.entries}
RULES = {pid: rx for rules in LEX.rules.values() for pid, rx in rules}


def test_every_kind_has_its_file_and_every_entry_its_examples():
    assert tuple(LEX.rules) == safety.DANGER_KINDS
    assert all(LEX.rules[kind] for kind in safety.DANGER_KINDS)
    assert len(ENTRIES) == len(LEX.entries) >= 200
    assert all(e.examples for e in LEX.entries)
    assert all(e.unless_examples for e in LEX.entries if e.unless is not None)
    assert set(LEX.override_ids) <= set(ENTRIES) | {"bare-plea", "emoji-sos"}


@pytest.mark.parametrize("pid", sorted(ENTRIES))
def test_each_pattern_flags_its_examples_as_its_kind(pid):
    entry = ENTRIES[pid]
    for text in entry.examples:
        assert RULES[pid].search(fold(text)), (pid, text)
        found = safety.detect(text)
        assert found is not None and entry.kind in found.kinds and pid in found.pattern_ids, (pid, text, found)


@pytest.mark.parametrize("pid", sorted(e.id for e in LEX.entries if e.unless is not None))
def test_each_exception_leaves_its_examples_without_danger(pid):
    for text in ENTRIES[pid].unless_examples:
        folded = fold(text)
        assert RULES[pid].search(folded) and LEX.unless[pid].search(folded), (pid, text)
        assert safety.detect(text) is None, (pid, text)


@pytest.mark.parametrize("guard", LEX.guard_entries, ids=lambda g: g.name)
def test_each_guard_matches_its_examples_with_their_outcome(guard):
    outcome = {"danger": lambda t: safety.detect(t) is not None, "no_danger": lambda t: safety.detect(t) is None,
               "cue": safety.danger_cue, "no_cue": lambda t: not safety.danger_cue(t)}
    for expected, texts in guard.examples.items():
        for text in texts:
            assert LEX.guards[guard.name].search(text if guard.raw_text else fold(text)), (guard.name, text)
            assert outcome[expected](text), (guard.name, expected, text)


def test_a_no_danger_guard_example_would_be_danger_without_its_guard():
    """The examples of the cancelling guards are real near misses: some pattern, or an emergency emoji, is there."""
    for guard in LEX.guard_entries:
        for text in guard.examples.get("no_danger", ()):
            near = any(rx.search(fold(text)) for rx in RULES.values()) or any(ch in DANGER_EMOJI for ch in text)
            assert near, (guard.name, text)


def test_fragments_expand_and_reject_unknown_names():
    fragments = {"NOW": ["(daba|", "now)"], "X": "a{{NOW:inner}}b", "LOOP": "{{LOOP}}"}
    assert lexicon.expand(["\\b{{NOW}}", "\\b"], fragments) == "\\b(daba|now)\\b"
    assert lexicon.expand("{{X}}", fragments) == "adaba|nowb"
    for bad in ("{{MISSING}}", "{{LOOP}}"):
        with pytest.raises(lexicon.LexiconError):
            lexicon.expand(bad, fragments)
    with pytest.raises(lexicon.LexiconError):
        lexicon.expand("{{X:inner}}", fragments)
    assert not re.search(r"\{\{", "".join(e.regex + (e.unless or "") for e in LEX.entries))
