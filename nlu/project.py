"""Paths, training fingerprint and Rasa process helpers of the NLU project (bot side, Python >= 3.11).

The Rasa service runs in its own environment (``.venv-rasa``, Python 3.10, rasa==3.6.21); everything here
only starts processes in it, with ``PYTHONPATH=<repo root>`` so Rasa finds ``nlu.components.*`` and
``nlu.normalize``, and with Rasa's log level forced to INFO or above: Rasa's DEBUG lines print the
message text (``processor.message.parse … parse_data_text=…``), which must never reach a log.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NLU_DIR = ROOT / "nlu"
CONFIG = NLU_DIR / "config.yml"
DATA_DIR = NLU_DIR / "data"
TESTS_DIR = NLU_DIR / "tests"
COMPONENTS_DIR = NLU_DIR / "components"
MODELS_DIR = NLU_DIR / "models"
MODEL_NAME = "jisr-nlu"
MODEL_PATH = MODELS_DIR / f"{MODEL_NAME}.tar.gz"
FINGERPRINT_PATH = MODELS_DIR / f"{MODEL_NAME}.sha256"
TRAINING_INFO_PATH = MODELS_DIR / f"{MODEL_NAME}.training.json"
RASA_VENV = ROOT / ".venv-rasa"
RASA_BIN = RASA_VENV / "bin" / "rasa"
RASA_PYTHON = RASA_VENV / "bin" / "python"
VARIETIES = ("ary", "ary-Latn", "ar", "fr")
_SAFE_LEVELS = ("INFO", "WARNING", "ERROR", "CRITICAL")


def fingerprint_inputs() -> list[Path]:
    """Every file whose content changes the trained model: config, training data, custom components,
    the stdlib modules they import (normaliser, place finder) and the Rasa pin (sorted, so the hash is stable)."""
    files = [CONFIG, NLU_DIR / "normalize.py", NLU_DIR / "places.py", NLU_DIR / "requirements-rasa.txt"]
    files += sorted(DATA_DIR.rglob("*.yml")) + sorted(DATA_DIR.rglob("*.yaml"))
    files += sorted(COMPONENTS_DIR.rglob("*.py"))
    return [f for f in files if f.is_file()]


def training_fingerprint() -> str:
    """SHA-256 over the relative path and bytes of each ``fingerprint_inputs()`` file (hex)."""
    digest = hashlib.sha256()
    for path in fingerprint_inputs():
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def model_is_current() -> bool:
    """True when the model exists and was trained from exactly the current inputs."""
    return (
        MODEL_PATH.is_file()
        and FINGERPRINT_PATH.is_file()
        and FINGERPRINT_PATH.read_text().strip() == training_fingerprint()
    )


def model_id(model: Path = MODEL_PATH) -> str | None:
    """The ``model_id`` Rasa gave the trained model ``model`` (from the ``metadata.json`` inside the archive;
    a new id at every training), or None when there is no readable model. Rasa's ``GET /status`` reports
    the ``model_id`` of the model a service has loaded: equal ids = the same trained model (the file name,
    ``jisr-nlu.tar.gz``, is the same in every checkout)."""
    import tarfile

    try:
        with tarfile.open(model, "r:gz") as archive:
            for member in archive:
                if member.name.lstrip("./") == "metadata.json":
                    handle = archive.extractfile(member)
                    value = json.load(handle).get("model_id") if handle is not None else None
                    return str(value) if value else None
    except (OSError, tarfile.TarError, ValueError):
        return None
    return None


def rasa_env(log_level: str | None = None) -> dict[str, str]:
    """Environment for Rasa processes: ``PYTHONPATH`` = repo root, log level INFO or above (a caller's
    ``LOG_LEVEL=DEBUG`` is overridden: DEBUG would log message text), quiet TensorFlow."""
    level = (log_level or os.environ.get("LOG_LEVEL") or "INFO").upper()
    if level not in _SAFE_LEVELS:
        level = "INFO"
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["LOG_LEVEL"] = level
    env["LOG_LEVEL_LIBRARIES"] = "ERROR"
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("RASA_TELEMETRY_ENABLED", "false")
    return env


def require_rasa() -> None:
    """Raise ``FileNotFoundError`` with the set-up command when the Rasa environment is missing."""
    if not RASA_BIN.exists():
        raise FileNotFoundError(f"{RASA_BIN} not found: run ./scripts/setup.sh (or `make setup`) first")


@dataclass
class TrainResult:
    """Outcome of ``train``: ``trained`` False when skipped; ``seconds`` wall time of Rasa's training."""

    trained: bool
    seconds: float
    fingerprint: str
    model: Path


def train(force: bool = False) -> TrainResult:
    """Train the NLU model into ``nlu/models/jisr-nlu.tar.gz`` unless it is current.

    Runs ``.venv-rasa/bin/rasa train nlu -c nlu/config.yml --nlu nlu/data --out nlu/models
    --fixed-model-name jisr-nlu`` and writes the fingerprint next to the model afterwards.

    Raises:
        FileNotFoundError: the Rasa environment is missing.
        subprocess.CalledProcessError: Rasa's training failed.
    """
    fingerprint = training_fingerprint()
    if not force and model_is_current():
        return TrainResult(False, 0.0, fingerprint, MODEL_PATH)
    require_rasa()
    MODELS_DIR.mkdir(parents=True, exist_ok=True)
    FINGERPRINT_PATH.unlink(missing_ok=True)
    started = time.monotonic()
    subprocess.run(
        [
            str(RASA_BIN),
            "train",
            "nlu",
            "-c",
            str(CONFIG),
            "--nlu",
            str(DATA_DIR),
            "--out",
            str(MODELS_DIR),
            "--fixed-model-name",
            MODEL_NAME,
        ],
        cwd=ROOT,
        # Rasa's training cache keys on config and data, not on our components' code: disable it, or a
        # changed normaliser could be trained with stale cached outputs (we skip unchanged inputs anyway).
        env={**rasa_env(), "RASA_MAX_CACHE_SIZE": "0"},
        check=True,
    )
    seconds = time.monotonic() - started
    FINGERPRINT_PATH.write_text(fingerprint + "\n")
    TRAINING_INFO_PATH.write_text(
        json.dumps(
            {
                "seconds": round(seconds, 1),
                "fingerprint": fingerprint,
                "cpus": os.cpu_count(),
                "finished_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            }
        )
        + "\n"
    )
    return TrainResult(True, seconds, fingerprint, MODEL_PATH)


def serve_command(port: int, host: str = "127.0.0.1", models: Path = MODELS_DIR) -> list[str]:
    """The ``rasa run`` command line serving the model over HTTP (``POST /model/parse``)."""
    return [str(RASA_BIN), "run", "--enable-api", "-m", str(models), "-i", host, "-p", str(port)]


def worker_command(model: Path = MODEL_PATH) -> list[str]:
    """The in-process parser (``nlu/rasa_worker.py``) command line, run in the Rasa environment."""
    return [str(RASA_PYTHON), "-m", "nlu.rasa_worker", str(model)]
