"""The conversation scripts with the real trained Rasa model: through the engine with real parses, and end
to end through the REST channel (``bot.app``)."""

from __future__ import annotations

import pytest

from tests.dialogues.runner import load_scripts, run_conversation

SCRIPTS = load_scripts()


@pytest.mark.rasa
@pytest.mark.parametrize(("variety", "conversation"), [(v, c) for _, v, c in SCRIPTS],
                         ids=[i for i, _, _ in SCRIPTS])
async def test_conversation_over_rest(rest_conversation_driver, variety, conversation):
    await run_conversation(rest_conversation_driver, variety, conversation)


@pytest.mark.rasa
@pytest.mark.parametrize(("variety", "conversation"), [(v, c) for _, v, c in SCRIPTS],
                         ids=[i for i, _, _ in SCRIPTS])
async def test_conversation_with_real_nlu(nlu_conversation_driver, variety, conversation):
    await run_conversation(nlu_conversation_driver, variety, conversation)
