"""Every conversation script of ``tests/conversations/*.yml``, in each of the four varieties."""

from __future__ import annotations

import pytest

from tests.dialogues.runner import load_scripts, run_conversation

SCRIPTS = load_scripts()


@pytest.mark.parametrize(("variety", "conversation"), [(v, c) for _, v, c in SCRIPTS],
                         ids=[i for i, _, _ in SCRIPTS])
async def test_conversation(conversation_driver, variety, conversation):
    await run_conversation(conversation_driver, variety, conversation)


def test_every_journey_has_a_script_in_every_variety():
    from dialogues.engine import FlowEngine

    covered = {(c.get("journey"), v) for _, v, c in SCRIPTS}
    journeys = {f.id for f in FlowEngine.load().flows.values() if f.intents}
    missing = sorted((j, v) for j in journeys for v in ("ary", "ary-Latn", "ar", "fr") if (j, v) not in covered)
    assert not missing, missing
