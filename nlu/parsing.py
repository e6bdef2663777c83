"""Batch parsing for tools (``jisr nlu parse``, ``jisr nlu eval``, benchmarks), bot side (Python >= 3.11).

Two back-ends, same output: the running Rasa service over HTTP (``POST {url}/model/parse``), or, when no
service answers, a short-lived in-process Rasa (``nlu/rasa_worker.py`` in ``.venv-rasa``; ~20–60 s to load
the model, then ~15 ms a message). The bot itself uses ``nlu.client.NLUClient`` (async), not this module.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable, Iterator
from typing import Any

import httpx

from nlu import project


def simplify(text: str, result: dict[str, Any]) -> dict[str, Any]:
    """The stable ``jisr nlu parse --jsonl`` record of one Rasa parse result.

    Returns:
        ``{"text": str (as given), "intent": str | None, "confidence": float, "language": str | None,
        "entities": [{"entity": str, "value": str}]}``.
    """
    intent = result.get("intent") or {}
    return {
        "text": text,
        "intent": intent.get("name"),
        "confidence": round(float(intent.get("confidence") or 0.0), 4),
        "language": result.get("language"),
        "entities": [
            {"entity": e.get("entity"), "value": e.get("value")} for e in result.get("entities") or []
        ],
    }


def service_reachable(url: str, timeout: float = 1.0) -> bool:
    """True when a Rasa service answers ``GET {url}/status`` with 200 and has a model loaded."""
    try:
        response = httpx.get(f"{url.rstrip('/')}/status", timeout=timeout)
        return response.status_code == 200 and bool(response.json().get("model_file"))
    except (httpx.HTTPError, ValueError):
        return False


def parse_http(texts: Iterable[str], url: str, timeout: float = 10.0) -> Iterator[dict[str, Any]]:
    """Raw Rasa parse results from the service at ``url``, one per text, in order.

    Raises:
        httpx.HTTPError: the service failed.
    """
    with httpx.Client(base_url=url.rstrip("/"), timeout=timeout) as client:
        for text in texts:
            response = client.post("/model/parse", json={"text": text})
            response.raise_for_status()
            yield response.json()


def parse_worker(texts: Iterable[str]) -> Iterator[dict[str, Any]]:
    """Raw Rasa parse results from a short-lived in-process Rasa (loads ``nlu/models/jisr-nlu.tar.gz``).

    Raises:
        FileNotFoundError: no Rasa environment or no trained model.
        RuntimeError: the worker exited early.
    """
    project.require_rasa()
    if not project.MODEL_PATH.is_file():
        raise FileNotFoundError(f"no trained model at {project.MODEL_PATH}: run `jisr nlu train`")
    proc = subprocess.Popen(
        project.worker_command(),
        cwd=project.ROOT,
        env=project.rasa_env("WARNING"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        encoding="utf-8",
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        for text in texts:
            proc.stdin.write(json.dumps(text, ensure_ascii=False) + "\n")
            proc.stdin.flush()
            line = proc.stdout.readline()
            if not line:
                raise RuntimeError(f"rasa worker exited with code {proc.wait()}")
            yield json.loads(line)
    finally:
        proc.stdin.close()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def parse_many(texts: Iterable[str], url: str | None) -> Iterator[dict[str, Any]]:
    """Raw parse results through the service at ``url`` when it answers, else through the worker."""
    if url and service_reachable(url):
        return parse_http(texts, url)
    print(
        f"no Rasa service at {url}: loading the model in a short-lived Rasa process (30 s or more; "
        "`jisr nlu serve` avoids this)",
        file=sys.stderr,
    )
    return parse_worker(texts)
