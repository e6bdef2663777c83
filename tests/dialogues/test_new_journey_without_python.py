"""The design's promise, done as a newcomer would in a fresh copy of the project: a new journey is a YAML flow,
locale keys in four varieties and NLU examples — no ``.py`` touched. ``jisr flows check`` accepts it and, after
training, "kan9elleb 3la dar lkra" starts it (the real model, parsed by the copy's own NLU in-process)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import locales
from tests.conftest import ROOT

pytestmark = [pytest.mark.rasa]

SKIP = {".git", ".venv", ".venv-rasa", "var", "reports", "node_modules", "artifacts", ".pytest_cache",
        ".ruff_cache", "__pycache__", ".hypothesis", "models"}

FLOW = """\
id: housing
description: Looking for a home to rent or for housing aid — information, then the nearest social-assistance centers.
intents: [housing_help]
start: info
nodes:
  info:
    say: [housing-info]
    next: location
  location:
    say: [location-ask]
    ask: {kind: location, next: centers}
  centers:
    action: find_centers
    with: {need: homeless, types: [CAS], k: 2, remote: false}
    outcomes: {none: end, unavailable: end, far: end}
    buttons:
      - {label: common-menu, payload: /menu}
    next: end
"""
"""The journey uses an action with typed parameters (``find_centers``: a need, center type codes, a count, a flag)
that ``jisr flows check`` validates; a misspelt center type in the same copy is refused."""
LOCALES = {
    "ary": "housing-info = السكن ماشي من الخدمات ديالنا، ولكن نقدر نوجهك للمساعدة الاجتماعية فأقرب مركز.",
    "ary-Latn": "housing-info = Sakan machi mn lkhadamat dyalna, walakin n9der nwejjhek l mosa3ada ijtima3iya.",
    "ar": "housing-info = السكن ليس من خدماتنا، لكن يمكننا توجيهك إلى المساعدة الاجتماعية في أقرب مركز.",
    "fr": "housing-info = Le logement n'est pas un de nos services, mais nous pouvons vous orienter vers l'aide sociale.",
}
EXAMPLES = {
    "ary-Latn": ["kan9elleb 3la dar l kra", "bghit dar lkra rkhisa", "kan9lleb 3la chi dar n3ich fiha", "ma l9itch dar lkra", "fin n9der nlqa dar lkra", "3afak bghit sakan", "kan9leb 3la chi appartement lkra",
                 "chi dar lkra f l7ay", "bghit nkri dar", "3ndkom chi dar lkra", "mo7taj sakan ana w wladi",
                 "kayn chi da3m dyal sakan", "bghit n3rf kifach nakhod sakan ijtima3i", "dar lkra ghalya bzaf",
                 "kan9elleb 3la bit lkra"],
    "ary": ["كنقلب على دار الكرا", "بغيت دار الكرا رخيصة", "فين نلقى دار الكرا", "محتاج سكن أنا وولادي",
            "بغيت نكري دار", "كاين شي دعم ديال السكن", "كنقلب على شي شقة الكرا", "بغيت سكن اجتماعي",
            "دار الكرا غالية بزاف", "عندكم شي دار الكرا", "كنقلب على بيت الكرا", "بغيت نعرف كيفاش ناخد سكن"],
    "ar": ["أبحث عن منزل للكراء", "أريد سكنا اجتماعيا", "أحتاج إلى مسكن لي ولأطفالي", "هل يوجد دعم للسكن",
           "أبحث عن شقة للإيجار", "كيف أحصل على سكن اقتصادي", "أريد استئجار بيت", "الإيجار مرتفع جدا",
           "أين أجد منزلا للإيجار", "هل لديكم مساكن للكراء", "أبحث عن غرفة للإيجار", "طلب دعم السكن"],
    "fr": ["je cherche un logement à louer", "je veux un logement social", "j'ai besoin d'un logement pour mes enfants",
           "aide au logement", "je cherche un appartement à louer", "comment avoir un logement social",
           "je veux louer une maison", "le loyer est trop cher", "où trouver une maison à louer",
           "avez-vous des logements", "je cherche une chambre à louer", "demande d'aide au logement"],
}


def _copy(tmp: Path) -> Path:
    dest = tmp / "jisr"

    def ignore(directory: str, names: list[str]) -> set[str]:
        return {n for n in names if n in SKIP}

    shutil.copytree(ROOT, dest, ignore=ignore, symlinks=True)
    (dest / ".venv-rasa").symlink_to(ROOT / ".venv-rasa")
    return dest


def _run(copy: Path, *args: str, stdin: str | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(copy)}
    return subprocess.run([sys.executable, "-c", "from bot.cli import main; main()", *args], cwd=copy, env=env,
                          input=stdin, capture_output=True, text=True, timeout=timeout, check=False)


def test_a_journey_added_without_python_is_checked_trained_and_started(tmp_path):
    copy = _copy(tmp_path)
    (copy / "dialogues" / "flows" / "housing.yml").write_text(FLOW, encoding="utf-8")
    for variety, line in LOCALES.items():
        (copy / "locales" / variety / "housing.ftl").write_text(line + "\n", encoding="utf-8")
        examples = "".join(f"    - {e}\n" for e in EXAMPLES.get(variety, EXAMPLES["ary-Latn"]))
        (copy / "nlu" / "data" / variety / "housing.yml").write_text(textwrap.dedent(f"""\
            version: "3.1"
            nlu:
            - intent: housing_help
              metadata:
                variety: {variety}
              examples: |
            """) + examples, encoding="utf-8")
    changed = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True,
                             check=False).stdout
    assert ".py" not in "".join(line for line in changed.splitlines() if "housing" in line)

    check = _run(copy, "flows", "check")
    assert check.returncode == 0, check.stdout + check.stderr
    flow = copy / "dialogues" / "flows" / "housing.yml"
    flow.write_text(FLOW.replace("types: [CAS]", "types: [CASS]"), encoding="utf-8")
    misspelt = _run(copy, "flows", "check")
    assert misspelt.returncode == 1 and "housing.centers: action find_centers: with.types.0: unknown center type 'CASS'" \
        in misspelt.stderr, misspelt.stderr
    flow.write_text(FLOW, encoding="utf-8")
    trained = _run(copy, "nlu", "train")
    assert trained.returncode == 0, trained.stdout[-2000:] + trained.stderr[-2000:]
    parsed = _run(copy, "nlu", "parse", "--jsonl", "--url", "http://127.0.0.1:9", stdin="kan9elleb 3la dar lkra\n")
    assert parsed.returncode == 0, parsed.stderr[-2000:]
    record = json.loads(parsed.stdout.strip().splitlines()[-1])
    assert record["intent"] == "housing_help", record
    # the copy's engine, given that parse, starts the new journey (its own flows and locales)
    script = textwrap.dedent("""\
        import asyncio, json, sys
        from dialogues.engine import ActionContext, ConversationState, FlowEngine, Turn
        from nlu.client import ParseResult
        r = json.loads(sys.stdin.read())
        parse = ParseResult(text=r["text"], intent=r["intent"], confidence=r["confidence"], language=r["language"],
                            intent_ranking=[(r["intent"], r["confidence"])])
        state = ConversationState(variety="ary-Latn")
        ctx = ActionContext(conversation_key="t", channel="rest")  # no database: find_centers says so
        msgs = asyncio.run(FlowEngine.default().step(state, Turn(text=parse.text, parse=parse), ctx))
        asked = [state.flow, state.node]
        then = asyncio.run(FlowEngine.default().step(state, Turn(text="rabat"), ctx))  # menu mode: a place
        print(json.dumps({"flow": asked[0], "node": asked[1], "texts": [m.text for m in msgs],
                          "then": [m.text for m in then]}, ensure_ascii=False))
        """)
    stepped = subprocess.run([sys.executable, "-c", script], cwd=copy, env={**os.environ, "PYTHONPATH": str(copy)},
                             input=json.dumps(record), capture_output=True, text=True, timeout=120, check=False)
    assert stepped.returncode == 0, stepped.stderr[-2000:]
    out = json.loads(stepped.stdout.strip().splitlines()[-1])
    assert any("Sakan machi" in (t or "") for t in out["texts"]), out
    assert (out["flow"], out["node"]) == ("housing", "location"), out
    # the action ran with its validated parameters (a refused model would be outcome ``error``: a service apology)
    assert out["then"][0] == locales.t("ary-Latn", "centers-unavailable"), out
