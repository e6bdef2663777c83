"""Locale completeness: ``jisr flows check`` passes, and no variety lacks a key another has."""

from __future__ import annotations

import shutil

from typer.testing import CliRunner

import locales
from dialogues import check


def test_flows_check_passes():
    from bot.cli import _register_all, app

    _register_all()
    result = CliRunner().invoke(app, ["flows", "check"])
    assert result.exit_code == 0, result.output


def test_every_variety_has_the_same_keys():
    assert check.locale_problems() == []


def test_every_key_used_by_flows_exists_in_every_variety():
    assert check.flow_problems() == []


def test_a_missing_key_is_reported(tmp_path, monkeypatch):
    """The check itself can fail: drop one key from a copy of the fr locales."""
    copy = tmp_path / "locales"
    shutil.copytree(locales.LOCALES_DIR, copy, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    ftl = copy / "fr" / "violence.ftl"
    ftl.write_text("\n".join(l for l in ftl.read_text().splitlines() if not l.startswith("violence-line ")))
    monkeypatch.setattr(locales, "LOCALES_DIR", copy)
    problems = check.locale_problems() + check.flow_problems()
    assert any("violence-line" in p for p in problems), problems


def test_placeables_are_isolated_for_right_to_left_text():
    """A Latin center name or a number inside Arabic text is wrapped in FSI…PDI (Unicode bidi isolation),
    so it cannot reorder the sentence around it."""
    text = locales.t("ar", "referral-sent", center="EMF Tanger")
    assert "\u2068EMF Tanger\u2069" in text
    assert "\u20688350\u2069" in locales.t("ary", "violence-line", women_line="8350")
