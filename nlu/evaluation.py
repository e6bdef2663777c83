"""Held-out evaluation of the NLU model (bot side, Python >= 3.11; pure stdlib + PyYAML).

Reads ``nlu/tests/<variety>/<group>.yml`` (Rasa 3.1 YAML, never trained on), parses every example with the
trained model and computes intent accuracy and macro-F1 overall and per variety, language-ID accuracy
(overall and per variety), ``city`` entity precision/recall on normalised surface text, and the intent
confusion matrix. ``write_report`` writes ``reports/nlu/report.json``, ``report.md``, ``errors.jsonl``
(held-out examples the model gets wrong — these are our own written examples, not user messages) and
``confusion_matrix.png`` (drawn with matplotlib in the Rasa environment).
"""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from nlu import project
from nlu.normalize import normalize

REPORTS_DIR = project.ROOT / "reports" / "nlu"
_ANNOTATION_RE = re.compile(r"\[([^\]]+)\](?:\(([^)]+)\)|\{([^}]*)\})")


@dataclass
class Example:
    """One held-out example: plain ``text``, gold ``intent``, gold ``variety``, gold ``entities``
    as ``(entity type, normalised surface)`` pairs, and the file it comes from."""

    text: str
    intent: str
    variety: str
    entities: list[tuple[str, str]] = field(default_factory=list)
    source: str = ""


def strip_annotations(annotated: str) -> tuple[str, list[tuple[str, str]]]:
    """``"bghit f [casa](city)"`` → ``("bghit f casa", [("city", "casa")])`` (surface normalised)."""
    entities: list[tuple[str, str]] = []

    def repl(m: re.Match[str]) -> str:
        surface, name, jsonish = m.group(1), m.group(2), m.group(3)
        if name is None and jsonish:
            try:
                name = json.loads("{" + jsonish + "}").get("entity")
            except ValueError:
                name = None
        if name:
            entities.append((name.split(":")[0].split("@")[0], normalize(surface)))
        return surface

    return _ANNOTATION_RE.sub(repl, annotated), entities


def load_examples(directory: Path = project.TESTS_DIR) -> list[Example]:
    """All examples of ``directory/<variety>/*.yml``; the variety is the intent block's
    ``metadata.variety``, else the folder name.

    Raises:
        ValueError: a file is not Rasa NLU YAML or names an unknown variety.
    """
    examples: list[Example] = []
    for path in sorted(directory.glob("*/*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in doc.get("nlu") or []:
            if "intent" not in block:
                continue
            variety = ((block.get("metadata") or {}).get("variety")) or path.parent.name
            if variety not in project.VARIETIES:
                raise ValueError(f"{path}: unknown variety {variety!r}")
            raw = block.get("examples") or ""
            items = (
                raw if isinstance(raw, list) else [ln[2:] for ln in raw.splitlines() if ln.startswith("- ")]
            )
            for item in items:
                text_value = item.get("text", "") if isinstance(item, dict) else str(item)
                text, entities = strip_annotations(text_value.strip())
                if text:
                    examples.append(
                        Example(text, block["intent"], variety, entities, str(path.relative_to(project.ROOT)))
                    )
    return examples


def macro_f1(gold: list[str], predicted: list[str]) -> float:
    """Unweighted mean of per-class F1 over the classes present in ``gold`` (a prediction outside them,
    e.g. ``nlu_fallback``, counts as a miss)."""
    classes = sorted(set(gold))
    if not classes:
        return 0.0
    scores = []
    for c in classes:
        tp = sum(1 for g, p in zip(gold, predicted) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, predicted) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, predicted) if g == c and p != c)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(scores) / len(scores)


def _accuracy(pairs: list[tuple[str, str | None]]) -> float:
    return sum(1 for g, p in pairs if g == p) / len(pairs) if pairs else 0.0


def _city_metrics(examples: list[Example], results: list[dict[str, Any]]) -> dict[str, Any]:
    """Precision and recall of the ``city`` entities, compared on normalised surface text."""
    tp = n_gold = n_pred = 0
    for e, r in zip(examples, results):
        gold = Counter(s for t, s in e.entities if t == "city")
        text = r.get("text") or ""
        predicted = Counter(
            normalize(text[x["start"] : x["end"]])
            for x in r.get("entities") or []
            if x.get("entity") == "city" and x.get("start") is not None
        )
        tp += sum((gold & predicted).values())
        n_gold += sum(gold.values())
        n_pred += sum(predicted.values())
    return {"precision": tp / n_pred if n_pred else 0.0, "recall": tp / n_gold if n_gold else 0.0,
            "gold": n_gold, "predicted": n_pred}


def compute_metrics(examples: list[Example], results: list[dict[str, Any]]) -> dict[str, Any]:
    """Metrics of raw Rasa parse ``results`` (same order as ``examples``).

    Returns a dict: ``n``, ``intent_accuracy``, ``intent_macro_f1``, ``language_accuracy``,
    ``per_variety`` {variety: {n, intent_accuracy, intent_macro_f1, language_accuracy}},
    ``language_confusion`` {gold: {predicted: count}}, ``city`` {precision, recall, gold, predicted},
    ``labels`` and ``confusion`` (rows gold, columns predicted, over ``labels``), ``errors`` (list).
    """
    gold_i = [e.intent for e in examples]
    pred_i = [(r.get("intent") or {}).get("name") or "None" for r in results]
    pred_l = [r.get("language") for r in results]
    by_variety: dict[str, list[int]] = defaultdict(list)
    for idx, e in enumerate(examples):
        by_variety[e.variety].append(idx)
    per_variety = {}
    for variety in project.VARIETIES:
        idxs = by_variety.get(variety, [])
        if not idxs:
            continue
        per_variety[variety] = {
            "n": len(idxs),
            "intent_accuracy": _accuracy([(gold_i[i], pred_i[i]) for i in idxs]),
            "intent_macro_f1": macro_f1([gold_i[i] for i in idxs], [pred_i[i] for i in idxs]),
            "language_accuracy": _accuracy([(examples[i].variety, pred_l[i]) for i in idxs]),
        }
    language_confusion: dict[str, dict[str, int]] = {}
    for e, p in zip(examples, pred_l):
        language_confusion.setdefault(e.variety, Counter())[str(p)] += 1
    labels = sorted(set(gold_i) | set(pred_i))
    index = {label: k for k, label in enumerate(labels)}
    confusion = [[0] * len(labels) for _ in labels]
    for g, p in zip(gold_i, pred_i):
        confusion[index[g]][index[p]] += 1
    errors = [
        {
            "text": e.text,
            "variety": e.variety,
            "gold": e.intent,
            "predicted": p,
            "confidence": round(float((r.get("intent") or {}).get("confidence") or 0.0), 3),
            "language": r.get("language"),
            "source": e.source,
        }
        for e, r, p in zip(examples, results, pred_i)
        if p != e.intent
    ]
    part_of = ["open world (near misses)" if "open_world" in e.source else "intents" for e in examples]
    parts = {
        name: {"n": sum(1 for p in part_of if p == name),
               "accuracy": _accuracy([(g, p) for g, p, q in zip(gold_i, pred_i, part_of) if q == name])}
        for name in ("intents", "open world (near misses)") if name in part_of
    }
    return {
        "n": len(examples),
        "parts": parts,
        "intent_accuracy": _accuracy(list(zip(gold_i, pred_i))),
        "intent_macro_f1": macro_f1(gold_i, pred_i),
        "language_accuracy": _accuracy([(e.variety, p) for e, p in zip(examples, pred_l)]),
        "per_variety": per_variety,
        "language_confusion": {k: dict(v) for k, v in language_confusion.items()},
        "city": _city_metrics(examples, results),
        "labels": labels,
        "confusion": confusion,
        "errors": errors,
    }


def evaluate(url: str | None = None) -> dict[str, Any]:
    """Parse the held-out split (service at ``url`` if it answers, else in-process Rasa) and score it."""
    from nlu.parsing import parse_many

    examples = load_examples()
    if not examples:
        raise ValueError(f"no held-out examples under {project.TESTS_DIR}")
    results = list(parse_many([e.text for e in examples], url))
    return compute_metrics(examples, results)


def format_summary(metrics: dict[str, Any]) -> str:
    """Human-readable table of the headline figures."""
    lines = [
        f"held-out examples: {metrics['n']}",
        (
            f"intent accuracy {metrics['intent_accuracy']:.3f} | macro-F1 {metrics['intent_macro_f1']:.3f} | "
            f"language-ID accuracy {metrics['language_accuracy']:.3f}"
        ),
        f"{'variety':<10}{'n':>6}{'intent acc':>12}{'macro-F1':>10}{'lang acc':>10}",
    ]
    for variety, m in metrics["per_variety"].items():
        lines.append(
            f"{variety:<10}{m['n']:>6}{m['intent_accuracy']:>12.3f}{m['intent_macro_f1']:>10.3f}"
            f"{m['language_accuracy']:>10.3f}"
        )
    parts = metrics.get("parts") or {}
    if parts:
        lines.append("by part: " + ", ".join(f"{name} {p['accuracy']:.3f} (n={p['n']})" for name, p in parts.items()))
    city = metrics["city"]
    lines.append(
        f"city entity: precision {city['precision']:.3f}, recall {city['recall']:.3f} "
        f"({city['gold']} gold, {city['predicted']} predicted)"
    )
    return "\n".join(lines)


def write_report(metrics: dict[str, Any], directory: Path = REPORTS_DIR) -> dict[str, Path]:
    """Write report.json, report.md, errors.jsonl and confusion_matrix.png under ``directory``.

    The PNG is drawn by ``nlu/plot_confusion.py`` in the Rasa environment (matplotlib lives there); when
    that fails, the other files are still written and the PNG path is absent from the result.
    """
    directory.mkdir(parents=True, exist_ok=True)
    paths = {
        "json": directory / "report.json",
        "md": directory / "report.md",
        "errors": directory / "errors.jsonl",
        "png": directory / "confusion_matrix.png",
    }
    summary = {k: v for k, v in metrics.items() if k != "errors"}
    paths["json"].write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    with paths["errors"].open("w", encoding="utf-8") as fh:
        for err in metrics["errors"]:
            fh.write(json.dumps(err, ensure_ascii=False) + "\n")
    pairs = Counter((e["gold"], e["predicted"]) for e in metrics["errors"])
    md = [
        "# Jisr NLU held-out evaluation",
        "",
        "```",
        format_summary(metrics),
        "```",
        "",
        "## Most frequent confusions (gold → predicted)",
        "",
    ]
    md += [f"- {g} → {p}: {n}" for (g, p), n in pairs.most_common(15)]
    md += ["", "## Language-ID confusion (gold: predicted counts)", ""]
    md += [f"- {g}: {c}" for g, c in metrics["language_confusion"].items()]
    paths["md"].write_text("\n".join(md) + "\n", encoding="utf-8")
    try:
        subprocess.run(
            [str(project.RASA_PYTHON), "-m", "nlu.plot_confusion", str(paths["json"]), str(paths["png"])],
            cwd=project.ROOT,
            env=project.rasa_env("WARNING"),
            check=True,
            capture_output=True,
            timeout=300,
        )
    except (OSError, subprocess.SubprocessError):
        paths.pop("png")
    return paths
