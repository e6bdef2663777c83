"""Cost of the safety net on long texts (the message path never refuses a long message: the safety net reads
it whole). Prints milliseconds per input of ~100 kB, natural and adversarial (repeated pattern prefixes).

Run: ``.venv/bin/python bench/safety_long_text.py`` (figures in bot/README.md, "The safety net").
"""

from __future__ import annotations

import random
import time

from nlu import safety


def main() -> None:
    """Print ``name, characters, ms, danger`` for each input (best of 3 runs)."""
    random.seed(1)
    words = ["salam", "bghit", "n3ref", "fin", "kayn", "markaz", "je", "suis", "à", "casablanca", "راجلي", "كيضربني",
             "بغيت", "نعرف", "ma", "khalinich", "il", "a", "un", "couteau", "dabaa"]
    inputs = {
        "mixed prose + danger at the end": " ".join(random.choice(words) for _ in range(18500))[:100_000]
        + " il va me tuer",
        "one letter": "a" * 100_000,
        "one long word": "ma" + "khalini" * 14000,
        "'ma khalinich' repeated": " ".join(["ma khalinich"] * 8000),
        "'قتل' repeated": "قتل" * 33000,
        "'il a un' repeated": " ".join(["il a un"] * 14000),
        "'3te9' repeated": "3te9 " * 20000,
        "'daba kay' repeated": " ".join(["daba kay"] * 11000),
    }
    for name, text in inputs.items():
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            found = safety.detect(text)
            best = min(best, (time.perf_counter() - started) * 1000)
        print(f"{name:34s} {len(text):7d} chars {best:8.1f} ms danger={found is not None}")


if __name__ == "__main__":
    main()
