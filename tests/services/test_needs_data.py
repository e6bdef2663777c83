"""Needs, escalation priorities and center types come from one data file, ``services/data/needs.yml``: the
``Need`` enum, ``CENTER_TYPES``, the priority rule of ``open_escalation`` and the flows' typed ``need:``
parameters all read it."""

from __future__ import annotations

import pytest
import yaml

from dialogues.actions import open_escalation, param_problems
from dialogues.engine import ConversationState
from services import center_types
from services.center_types import CENTER_TYPES, NEEDS_FILE, Need, priority_for_need, types_for_need

OFFICIAL = {"EMF": "(EMF)", "COAPH": "(COAPH)", "CAPE": "(CAPE)", "CAS": "(CAS)", "SAMU_SOCIAL": "SAMU social"}


def test_the_needs_and_center_types_are_those_of_the_data_file():
    data = yaml.safe_load(NEEDS_FILE.read_text(encoding="utf-8"))
    assert [n.value for n in Need] == list(data["needs"])
    assert list(CENTER_TYPES) == list(data["center_types"])
    for code, marker in OFFICIAL.items():  # the official Moroccan names, with the seed lines they appear at
        assert marker in CENTER_TYPES[code].label_fr and CENTER_TYPES[code].source_lines, code
    assert CENTER_TYPES["JISR_WINDOW"].needs == frozenset(Need)  # `needs: all`
    assert types_for_need("child")[:2] == ["CAPE", "UPE"]


@pytest.mark.parametrize(("slots", "given", "expected"), [
    ({"need": "violence"}, None, 1), ({"need": "child"}, None, 1), ({"need": "mediation"}, None, 2),
    ({"need": "elderly"}, None, 2), ({}, None, 2), ({"need": "violence", "danger": True}, None, 0),
    ({"need": "mediation"}, 0, 0),
])
def test_escalation_priority_by_need_comes_from_the_data(slots, given, expected):
    params = open_escalation.Params(priority=given)
    assert open_escalation.priority_for(ConversationState(slots=slots), params) == expected


def test_a_priority_changed_in_the_data_changes_the_rule(monkeypatch):
    monkeypatch.setitem(center_types.NEED_PRIORITY, "elderly", 1)
    assert priority_for_need("elderly") == 1
    assert open_escalation.priority_for(ConversationState(slots={"need": "elderly"}), open_escalation.Params()) == 1


def test_the_flows_need_parameters_are_checked_against_the_data():
    assert param_problems("find_centers", {"need": "homeless"}) == []
    assert "unknown need 'housing'" in param_problems("find_centers", {"need": "housing"})[0]


def test_a_center_type_naming_an_unknown_need_is_refused(tmp_path):
    data = yaml.safe_load(NEEDS_FILE.read_text(encoding="utf-8"))
    data["center_types"]["EMF"]["needs"] = ["violence", "violense"]
    path = tmp_path / "needs.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match="EMF: unknown needs \\['violense'\\]"):
        center_types._load(path)
    data["center_types"]["EMF"]["needs"] = ["violence"]
    data["needs"]["child"]["priority"] = 7
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match="need 'child': priority"):
        center_types._load(path)
