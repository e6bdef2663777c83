"""Draw the intent confusion matrix of ``reports/nlu/report.json`` as a PNG (Rasa environment, which has
matplotlib): ``python -m nlu.plot_confusion REPORT.json OUT.png``. Rows: gold intent; columns: predicted;
cells: number of held-out examples."""

from __future__ import annotations

import json
import sys


def main() -> None:
    """Entry point."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with open(sys.argv[1], encoding="utf-8") as fh:
        report = json.load(fh)
    labels, matrix = report["labels"], report["confusion"]
    size = max(8, 0.42 * len(labels))
    fig, ax = plt.subplots(figsize=(size, size))
    ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=90, fontsize=8)
    ax.set_yticks(range(len(labels)), labels, fontsize=8)
    top = max((max(row) for row in matrix), default=1) or 1
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            if value:
                ax.text(
                    j,
                    i,
                    str(value),
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if value > top / 2 else "black",
                )
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    ax.set_title(f"Jisr NLU held-out: intent accuracy {report['intent_accuracy']:.3f} (n={report['n']})")
    fig.tight_layout()
    fig.savefig(sys.argv[2], dpi=110)


if __name__ == "__main__":
    main()
