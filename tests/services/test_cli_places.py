"""``jisr places`` commands, run through Typer's runner on the real data."""

from __future__ import annotations

import json

import typer
from typer.testing import CliRunner

from services.cli_places import register

app = typer.Typer()
register(app)
runner = CliRunner()


def test_resolve_json() -> None:
    r = runner.invoke(app, ["places", "resolve", "--json", "ana f tanja", "bonjour"])
    assert r.exit_code == 0, r.output
    lines = [json.loads(x) for x in r.output.splitlines()]
    assert [m["place_id"] for m in lines[0]["matches"]] == ["tanger"]
    assert lines[1]["matches"] == []


def test_nearest_and_bad_input() -> None:
    r = runner.invoke(app, ["places", "nearest", "--", "33.585", "-7.51"])
    assert r.exit_code == 0 and r.output.startswith("casablanca\t")
    r = runner.invoke(app, ["places", "nearest", "--", "123", "0"])
    assert r.exit_code == 2


def test_export_rasa_and_seed_report(tmp_path) -> None:
    out = tmp_path / "lookup.yml"
    r = runner.invoke(app, ["places", "export-rasa", str(out)])
    assert r.exit_code == 0 and "synonym: casablanca" in out.read_text(encoding="utf-8")
    r = runner.invoke(app, ["places", "seed-report"])
    assert r.exit_code == 0 and "seed centers: 156" in r.output and "EMF" in r.output
