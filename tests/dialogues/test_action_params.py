"""Typed action parameters: ``jisr flows check`` validates each node's ``with:`` against its action's ``Params``
model — a misspelt need or an unknown parameter is refused, naming the flow, the node and the field — and the
action runs with the validated model (``$slot`` values read first)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import locales
from dialogues import actions
from dialogues.engine import ActionContext, ConversationState, FlowEngine, Turn
from services.center_types import CENTER_TYPES
from tests.conftest import ROOT


def _flows_copy(tmp: Path) -> Path:
    """A copy of the project's code and data (no virtualenvs, models or caches) to edit a flow in."""
    dest = tmp / "jisr"
    skip = {".git", ".venv", ".venv-rasa", "var", "reports", "node_modules", "models", "__pycache__", ".pytest_cache",
            ".ruff_cache", "tests", "console", "bench", "deploy", "scripts"}
    shutil.copytree(ROOT, dest, ignore=lambda _d, names: {n for n in names if n in skip})
    return dest


def _check(copy: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from bot.cli import main; main()", "flows", "check"], cwd=copy,
                          env={**os.environ, "PYTHONPATH": str(copy)}, capture_output=True, text=True, timeout=300,
                          check=False)


def test_flows_check_refuses_a_misspelt_need_and_an_unknown_parameter(tmp_path):
    copy = _flows_copy(tmp_path)
    assert _check(copy).returncode == 0  # the copy as it is passes
    flow = copy / "dialogues" / "flows" / "elderly.yml"
    text = flow.read_text(encoding="utf-8")
    assert "with: {need: elderly}" in text
    flow.write_text(text.replace("with: {need: elderly}", "with: {need: elderlyy, radius: 20}"), encoding="utf-8")
    refused = _check(copy)
    assert refused.returncode == 1
    assert "elderly.centers: action find_centers: with.need: unknown need 'elderlyy'" in refused.stderr, refused.stderr
    assert "elderly.centers: action find_centers: with.radius: unknown parameter" in refused.stderr, refused.stderr


def test_a_slot_value_is_accepted_by_the_check_and_validated_when_the_action_runs():
    assert actions.param_problems("find_centers", {"need": "$need", "types": ["EMF"], "k": 2}) == []
    assert actions.param_problems("find_centers", {"types": ["EMFF"]}) == [
        f"with.types.0: unknown center type 'EMFF' (known: {', '.join(CENTER_TYPES)}) (got 'EMFF')"]
    assert actions.param_problems("open_escalation", {"priority": 5})[0].startswith("with.priority:")
    assert actions.param_problems("note_channel", {"x": 1}) == ["with.x: unknown parameter (got 1)"]
    params = actions.params_at_run("find_centers", {"need": "$need", "remote": False},
                                   lambda v: {"$need": "child"}[v])
    assert (params.need, params.remote, params.k) == ("child", False, 3)
    unset = actions.params_at_run("find_centers", {"need": "$need"}, lambda v: "")
    assert unset.need is None  # an unset slot leaves the default (the action then reads slot ``need``)
    with pytest.raises(ValueError, match="unknown need"):
        actions.params_at_run("find_centers", {"need": "$need"}, lambda v: "elderlyy")


def test_every_action_declares_a_params_model_and_every_flow_passes_it():
    for name in actions.registry():
        assert issubclass(actions.params_model(name), actions.ActionParams), name
    engine = FlowEngine.load()
    for flow in engine.flows.values():
        for node in flow.nodes.values():
            if node.action:
                assert actions.param_problems(node.action, node.with_) == []


async def test_a_slot_holding_an_unknown_need_is_an_action_error_not_a_silent_empty_list(caplog):
    engine = FlowEngine.load()
    state = ConversationState(variety="fr", slots={"need": "elderlyy", "latitude": 34.0, "longitude": -6.8})
    with caplog.at_level("INFO"):
        replies = await engine.enter_flow(state, "find_center", ActionContext(conversation_key="t"), node="centers")
    assert "problème technique" in replies[0].text  # common-service-error
    assert "find_centers: parameters refused" in caplog.text and "elderlyy" not in caplog.text  # no slot value logged
    ok = ConversationState(variety="fr", slots={"need": "elderly", "latitude": 34.0, "longitude": -6.8})
    replies = await engine.enter_flow(ok, "find_center", ActionContext(conversation_key="t"), node="centers")
    assert replies[0].text == locales.t("fr", "centers-unavailable")  # no database here: the action ran


def test_the_engine_s_public_names_stay_importable_from_dialogues_engine():
    from dialogues import engine

    for name in ("ActionResult", "Reply", "ReplyButton", "QUICK_EXIT", "outside_morocco", "set_place", "PLACE_SLOTS",
                 "LANGUAGE_SWITCH_MIN", "EMERGENCY_FLOW"):
        assert hasattr(engine, name), name
    assert Turn(text="x").quick_exit is False
