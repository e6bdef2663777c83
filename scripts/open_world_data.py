"""Build the open-world training data (run once per new batch of negatives; stdlib + the project normaliser).

    .venv/bin/python scripts/open_world_data.py NEGATIVES_DIR [NAME]

``NEGATIVES_DIR/<variety>.txt``: everyday messages written as near misses of Jisr's intents (other cards, other
appointments, other centres, deleting a bank or social account, other administrations, violent idioms,
third-person news and plots, everyday chat), one per line. The script

1. drops violent idioms (:func:`violent_idiom`) and the lines that are not out of scope (a greeting, "are you a robot?", "do you speak Darija?", "ok
   thanks", "I didn't understand": those are intents Jisr has), lines already in ``nlu/data`` or ``nlu/tests``,
   and lines of the open-world evaluation sets (``nlu/eval``, never trained on);
2. splits the rest by a hash of the normalised line: one in five goes to the held-out split
   (``nlu/tests/<variety>/open_world.yml``), the others to ``nlu/data/<variety>/open_world.yml``, all as
   ``out_of_scope`` examples of the line's variety (``NAME``: the file's name, default ``open_world``; the
   second batch, ``open_world_more``, was written for the project by its NLU engineer after reading the dev half
   of the evaluation sets: kinds of near misses, never their sentences);
3. annotates the places the gazetteer knows (``[casa](city)``), as in the other training files;
4. removes from ``nlu/data`` every training example that equals (after normalisation) a line of ``nlu/eval``.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlu import evaluation, open_world, project
from nlu.normalize import normalize
from nlu.places import alias_key, find_places


def violent_idiom(text: str) -> bool:
    """Killing, dying, burning, strangling said of things or in jest ("ce froid me tue", "s7d ghadi y9tlni"): left out
    of the NLU's training. As out_of_scope examples they taught the classifier that "ghadi y9tlni lyoum" (he will kill
    me today) is out of scope; the safety net's figures of speech and the danger cue (nlu/safety/) keep them from
    the emergency path, and the engine never starts a journey on an unconfirmed immediate_danger."""
    from nlu.safety import fold, lexicon

    folded, guards = fold(text), lexicon.load().guards
    if guards["fiction_news"].search(folded):  # news and plots stay: the NLU must not start a journey on them
        return False
    return bool(guards["cue_kill"].search(folded) or guards["figurative"].search(folded))


# In scope for Jisr (greet, bot_challenge, change_language, thank, deny/help): not an out_of_scope example.
IN_SCOPE = re.compile(
    r"(^(salam|bonjour|السلام|صباح الخير)\b|(?<!\w)(robot|robo|روبو|روبوت|ia|siri|سيري|chatgpt|darija|الدارجة|tamazight"
    r"|amazigh|الامازيغية|بالامازيغية)(?!\w)|ذكاء اصطناعي|^ok merci$|^اوك مرسي$|^ما فهمت والو$|^ma fhmt walo$"
    r"|^[\W_]*$|^h+$|^ه+$)"
)
HEADER = '''version: "3.1"
# {variety} — open world: everyday messages that are none of Jisr's intents (near misses: other cards, other
# appointments, other centres, deleting a bank or social account, other administrations, violent idioms,
# third-person news and plots, everyday chat). {who}; built by scripts/open_world_data.py. {part}
nlu:
- intent: out_of_scope
  metadata:
    variety: {variety}
  examples: |
'''


WHO = {
    "open_world": "Written by people who never saw the patterns or the training data",
    "open_world_more": "Written by the project's NLU engineer after reading the dev half of nlu/eval (kinds, not sentences: children, family, elderly relatives, where I am now)",
}


def city_aliases() -> dict[str, str]:
    """``alias_key(name) -> place id`` from ``nlu/data/lookup_city.yml`` (as the Rasa city extractor builds it)."""
    doc = yaml.safe_load((project.DATA_DIR / "lookup_city.yml").read_text(encoding="utf-8"))
    table: dict[str, str] = {}
    for block in doc["nlu"]:
        if "synonym" in block:
            for line in block["examples"].splitlines():
                if line.startswith("- "):
                    table[alias_key(line[2:])] = block["synonym"]
            table.setdefault(alias_key(block["synonym"]), block["synonym"])
    return table


NOT_A_PLACE = {"جديده", "الجديده", "جديدة", "الجديدة"}  # "new" (also El Jadida's name)


def annotate(text: str, aliases: dict[str, str]) -> str:
    """``text`` with its gazetteer places annotated ``[surface](city)`` (so the CRF learns them as places, not as
    plain words); unchanged when the normalised text does not keep the offsets."""
    norm = normalize(text)
    if len(norm) != len(text):
        return text
    spans = [(s, e) for s, e, _ in find_places(norm, aliases) if norm[s:e] not in NOT_A_PLACE]
    for s, e in sorted(spans, reverse=True):
        text = f"{text[:s]}[{text[s:e]}](city){text[e:]}"
    return text


def to_tests(text: str) -> bool:
    """One line in five (by SHA-256 of the normalised text) is held out."""
    return hashlib.sha256(normalize(text).encode("utf-8")).digest()[1] % 5 == 0


def main(source: Path, name: str = "open_world") -> None:
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
    known = {normalize(e.text) for directory in (project.DATA_DIR, project.TESTS_DIR)
             for e in evaluation.load_examples(directory) if not e.source.endswith(f"{name}.yml")}
    aliases = city_aliases()
    for variety in project.VARIETIES:
        seen: set[str] = set()
        train, held = [], []
        dropped = 0
        for raw in (source / f"{variety}.txt").read_text(encoding="utf-8").splitlines():
            text = raw.strip()
            norm = normalize(text)
            if (not norm or norm in seen or norm in known or norm in evaluation_lines or IN_SCOPE.search(norm)
                    or violent_idiom(text)):
                dropped += 1
                continue
            seen.add(norm)
            (held if to_tests(text) else train).append(annotate(text, aliases))
        for directory, items, part in ((project.DATA_DIR, train, "Training split."),
                                       (project.TESTS_DIR, held, "Held-out split (never trained on).")):
            body = "".join(f"    - {t}\n" for t in items)
            (directory / variety / f"{name}.yml").write_text(HEADER.format(variety=variety, part=part, who=WHO.get(name, WHO["open_world"])) + body,
                                                               encoding="utf-8")
        print(f"{variety}: {len(train)} training, {len(held)} held out, {dropped} dropped")


if __name__ == "__main__":
    main(Path(sys.argv[1]), *sys.argv[2:3])
