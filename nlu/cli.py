"""``jisr nlu …`` commands: train, serve, parse, eval, gazetteer.

Rasa runs in ``.venv-rasa`` (Python 3.10) as a separate process; these commands (Python >= 3.11) start it
with ``PYTHONPATH=<repo root>`` and Rasa's log level at INFO or above (see ``nlu/project.py``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import typer

nlu_app = typer.Typer(help="The Rasa NLU service: train, serve, parse, evaluate.", no_args_is_help=True)


def _rasa_url(url: str | None) -> str:
    if url:
        return url
    if os.environ.get("RASA_URL"):
        return os.environ["RASA_URL"]
    from services.config import get_settings

    return get_settings().rasa_url


@nlu_app.command()
def train(force: bool = typer.Option(False, "--force", help="train even when nothing changed")) -> None:
    """Train the model into nlu/models/ (skipped when config, data and components are unchanged)."""
    from nlu import project

    result = project.train(force=force)
    if result.trained:
        typer.echo(
            f"trained {result.model.relative_to(project.ROOT)} in {result.seconds:.1f} s "
            f"(fingerprint {result.fingerprint[:12]})"
        )
    else:
        typer.echo(f"model up to date ({result.fingerprint[:12]}), training skipped")


@nlu_app.command()
def serve(
    port: int = typer.Option(None, help="TCP port (default: RASA_PORT, 5005)"),
    host: str = typer.Option("127.0.0.1", help="bind address"),
) -> None:
    """Serve the trained model: `rasa run --enable-api` (POST /model/parse), log level INFO."""
    from nlu import project
    from services.config import get_settings

    project.require_rasa()
    if not project.MODEL_PATH.is_file():
        raise typer.BadParameter("no trained model: run `jisr nlu train` first")
    command = project.serve_command(port or get_settings().rasa_port, host)
    os.execve(command[0], command, project.rasa_env())


@nlu_app.command()
def parse(
    jsonl: bool = typer.Option(
        False, "--jsonl", help="one JSON object per input line (the stable interface)"
    ),
    url: str = typer.Option(
        None,
        help="Rasa service URL (default: RASA_URL / settings); "
        "falls back to a short-lived in-process Rasa when unreachable",
    ),
) -> None:
    """Parse messages from stdin, one per line: prints text, intent, confidence, language, entities."""
    from nlu.parsing import parse_many, simplify

    texts = [line.rstrip("\r\n") for line in sys.stdin]
    texts = [t for t in texts if t.strip()]
    if not texts:
        return
    for text, result in zip(texts, parse_many(texts, _rasa_url(url))):
        record = simplify(text, result)
        if jsonl:
            typer.echo(json.dumps(record, ensure_ascii=False))
        else:
            entities = ", ".join(f"{e['entity']}={e['value']}" for e in record["entities"])
            typer.echo(f"{record['intent']} ({record['confidence']:.2f}) [{record['language']}] {entities}")


@nlu_app.command("eval")
def eval_(
    url: str = typer.Option(None, help="Rasa service URL (default: RASA_URL / settings)"),
    as_json: bool = typer.Option(False, "--json", help="print the metrics as JSON"),
) -> None:
    """Evaluate on the held-out split nlu/tests/: intent accuracy and macro-F1 overall and per variety,
    language-ID accuracy; and on the open-world sets nlu/eval/: per variety, the false alarms (emergency path) and
    false starts (a service journey) on everyday messages and the danger recall, decided by the bot's own code
    (safety net + NLU + dialogue engine). Writes reports/nlu/ (report.md, report.json, errors.jsonl,
    confusion_matrix.png, open_world.json)."""
    from nlu import evaluation, open_world, project

    rasa_url = _rasa_url(url)
    metrics = evaluation.evaluate(rasa_url)
    paths = evaluation.write_report(metrics)
    world = open_world.evaluate(rasa_url)
    paths["open_world"] = open_world.write_report(world)
    metrics["open_world"] = world["per_variety"]
    if as_json:
        typer.echo(
            json.dumps(
                {k: v for k, v in metrics.items() if k not in ("errors", "confusion")},
                ensure_ascii=False,
                indent=1,
            )
        )
        return
    typer.echo(evaluation.format_summary(metrics))
    typer.echo(open_world.format_summary(world))
    for kind, path in paths.items():
        typer.echo(f"{kind}: {path.relative_to(project.ROOT)}")


@nlu_app.command()
def calibrate() -> None:
    """5-fold cross-validation on nlu/data: the confidence temperature (into nlu/config.yml), the journey
    thresholds and the NLU danger threshold (nlu/calibration.json). Then retrain: `jisr nlu train`."""
    from nlu import calibration

    result = calibration.calibrate()
    switch = result["switch"]
    typer.echo(f"temperature {result['temperature']} (cross-validated log-loss {result['cv_log_loss']}, "
               f"accuracy {result['cv_accuracy']}) on {result['examples']} training examples")
    typer.echo("journey thresholds: " + ", ".join(f"{k} {v}" for k, v in switch["by_intent"].items()))
    typer.echo(f"  out_of_scope examples that would start a journey: {switch['cv_out_of_scope_start_rate']:.2%} "
               f"(budget {switch['budget']:.1%}); correct journey starts kept: {switch['cv_journey_starts_kept']:.1%}")
    typer.echo(f"NLU danger threshold {result['danger_nlu_min']} (with a danger cue): cross-validated false alarms "
               f"{result['cv_false_alarm_rate']:.3%} of {result['cv_non_danger_left_by_net']} non-danger examples")
    typer.echo(f"wrote {calibration.CALIBRATION_FILE.relative_to(project_root())}; now `jisr nlu train`")


def project_root():  # a Path
    from nlu import project

    return project.ROOT


@nlu_app.command()
def gazetteer() -> None:
    """Regenerate nlu/data/lookup_city.yml from the project gazetteer (services/gazetteer.py)."""
    from nlu import project

    subprocess.run(
        [
            sys.executable,
            "-m",
            "services.gazetteer",
            "--export-rasa",
            str(project.DATA_DIR / "lookup_city.yml"),
        ],
        cwd=project.ROOT,
        check=True,
    )


def register(app: typer.Typer) -> None:
    """Add the ``nlu`` sub-commands to the main ``jisr`` app."""
    app.add_typer(nlu_app, name="nlu")
