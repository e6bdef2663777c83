"""Build the open-world training data (run once per new batch of negatives; stdlib + the project normaliser).

    .venv/bin/python scripts/open_world_data.py NEGATIVES_DIR

``NEGATIVES_DIR/<variety>.txt``: everyday messages written as near misses of Jisr's intents (other cards, other
appointments, other centres, deleting a bank or social account, other administrations, violent idioms,
third-person news and plots, everyday chat), one per line. The script

1. drops the lines that are not out of scope (a greeting, "are you a robot?", "do you speak Darija?", "ok
   thanks", "I didn't understand": those are intents Jisr has), lines already in ``nlu/data`` or ``nlu/tests``,
   and lines of the open-world evaluation sets (``nlu/eval``, never trained on);
2. splits the rest by a hash of the normalised line: one in five goes to the held-out split
   (``nlu/tests/<variety>/open_world.yml``), the others to ``nlu/data/<variety>/open_world.yml``, all as
   ``out_of_scope`` examples of the line's variety;
3. removes from ``nlu/data`` every training example that equals (after normalisation) a line of ``nlu/eval``.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlu import evaluation, open_world, project
from nlu.normalize import normalize

# In scope for Jisr (greet, bot_challenge, change_language, thank, deny/help): not an out_of_scope example.
IN_SCOPE = re.compile(
    r"(^(salam|bonjour|السلام|صباح الخير)\b|(?<!\w)(robot|robo|روبو|روبوت|ia|siri|سيري|chatgpt|darija|الدارجة|tamazight"
    r"|amazigh|الامازيغية|بالامازيغية)(?!\w)|ذكاء اصطناعي|^ok merci$|^اوك مرسي$|^ما فهمت والو$|^ma fhmt walo$"
    r"|^[\W_]*$|^h+$|^ه+$)"
)
HEADER = '''version: "3.1"
# {variety} — open world: everyday messages that are none of Jisr's intents (near misses: other cards, other
# appointments, other centres, deleting a bank or social account, other administrations, violent idioms,
# third-person news and plots, everyday chat). Written by people who never saw the patterns or the training
# data; built by scripts/open_world_data.py. {part}
nlu:
- intent: out_of_scope
  metadata:
    variety: {variety}
  examples: |
'''


def to_tests(text: str) -> bool:
    """One line in five (by SHA-256 of the normalised text) is held out."""
    return hashlib.sha256(normalize(text).encode("utf-8")).digest()[1] % 5 == 0


def main(source: Path) -> None:
    evaluation_lines = {normalize(t) for v in open_world.load_sets().values() for lines in v.values() for t in lines}
    # 3. training examples that are evaluation lines leave nlu/data
    removed = 0
    for path in sorted(project.DATA_DIR.glob("*/*.yml")):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = []
        for line in lines:
            if line.startswith("    - "):
                text, _ = evaluation.strip_annotations(line[6:].strip())
                if normalize(text) in evaluation_lines:
                    removed += 1
                    continue
            kept.append(line)
        if len(kept) != len(lines):
            path.write_text("".join(kept), encoding="utf-8")
    print(f"removed {removed} training examples equal to evaluation lines")
    known = {normalize(e.text) for e in evaluation.load_examples(project.DATA_DIR)}
    known |= {normalize(e.text) for e in evaluation.load_examples(project.TESTS_DIR)
              if not e.source.endswith("open_world.yml")}
    for variety in project.VARIETIES:
        seen: set[str] = set()
        train, held = [], []
        dropped = 0
        for raw in (source / f"{variety}.txt").read_text(encoding="utf-8").splitlines():
            text = raw.strip()
            norm = normalize(text)
            if not norm or norm in seen or norm in known or norm in evaluation_lines or IN_SCOPE.search(norm):
                dropped += 1
                continue
            seen.add(norm)
            (held if to_tests(text) else train).append(text)
        for directory, items, part in ((project.DATA_DIR, train, "Training split."),
                                       (project.TESTS_DIR, held, "Held-out split (never trained on).")):
            body = "".join(f"    - {t}\n" for t in items)
            (directory / variety / "open_world.yml").write_text(HEADER.format(variety=variety, part=part) + body,
                                                               encoding="utf-8")
        print(f"{variety}: {len(train)} training, {len(held)} held out, {dropped} dropped")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
