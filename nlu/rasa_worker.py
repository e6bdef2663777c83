"""Short-lived in-process Rasa parser, run in the Rasa environment (Python 3.10):

    PYTHONPATH=<repo> .venv-rasa/bin/python -m nlu.rasa_worker <model.tar.gz>

Reads one message per line on stdin (raw text, or a JSON string literal when the line starts with ``"``,
so messages may contain newlines), and writes, per input line, one JSON object on stdout: Rasa's parse
result (``text``, ``intent``, ``entities``, ``intent_ranking``, ``language``, ``language_confidence``).
Used by ``jisr nlu parse`` and ``jisr nlu eval`` when no Rasa service is reachable.

Logging stays at INFO or above (Rasa's DEBUG lines print message text) and goes to stderr; stdout carries
only the JSON lines.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys


def _configure_quiet_logging() -> None:
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)


async def _run(model_path: str) -> None:
    from rasa.core.agent import Agent
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)  # unconfigured structlog prints DEBUG lines with message text
    out = sys.stdout
    sys.stdout = sys.stderr  # nothing but our JSON lines on the real stdout
    agent = Agent.load(model_path)
    for line in sys.stdin:
        line = line.rstrip("\n")
        text = json.loads(line) if line.startswith('"') else line
        result = await agent.parse_message(text)
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        out.flush()


def main() -> None:
    """Entry point: ``python -m nlu.rasa_worker MODEL``."""
    if len(sys.argv) != 2:
        sys.exit("usage: python -m nlu.rasa_worker MODEL.tar.gz")
    _configure_quiet_logging()
    asyncio.run(_run(sys.argv[1]))


if __name__ == "__main__":
    main()
