"""The safety net: a deterministic danger-now detector.

It runs on every message, before the NLU and the flows, and it does not depend on any service: no NLU, no
Redis, no database. If it fires — or the NLU says ``immediate_danger`` — the message path answers at once with
the emergency numbers (``dialogues/emergency.py``), opens a priority-0 escalation and hands the conversation to
the engine's ``emergency`` flow. The decision itself (net, or NLU + a danger cue) is :func:`nlu.danger.decide`.

Detection works on :func:`~nlu.safety.folding.fold`\\ ed text (``nlu.normalize.normalize`` plus a few matching-only
folds) with hand-written patterns, kept as data in ``nlu/safety/lexicon/`` (one file per kind, loaded by
:mod:`nlu.safety.lexicon`), for ten kinds of danger now, in the four varieties (Darija in Arabic script and in
Latin "Arabizi" with its spelling variants, Modern Standard Arabic, French). Each kind is written as verb
families (their Darija/MSA/French conjugations and spellings), objects and "now" markers, not as sentences:

* ``threat_to_life`` — "il va me tuer", "ghadi yqtelni", "بغا يذبحني", "يهددني بالقتل"; strangling ("kaykhne9
  fiya", "il me serre le cou", "يضغط على رقبتي"); burning (petrol poured, gas opened with the door shut, "غادي
  نحرقك", "il a mis le feu"); acid; "tonight is your last night"; declared danger ("ana f danger daba", "حياتي في
  خطر", "danger immédiat", "j'ai peur pour ma vie");
* ``self_harm`` — self-harm done or under way, a medical emergency: overdose or poisoning (a swallowing verb, a
  substance and a quantity — "j'ai pris toute la boîte", "kliit l7boub kamlin", "ابتلعت حبوبا كثيرة" — or a
  poison: "chrebt ddwa dyal lfar", "شربت ماء جافيل"; "j'ai pris mes médicaments" is not danger), cutting ("je me
  suis coupé les veines", "9ta3t yeddi b lmous", "جرحت نفسي"), the rope ready;
* ``injured`` — bleeding or badly hurt now: "je saigne", "kanzef", "كيسيل ليا الدم", "أنزف", "je ne peux plus
  respirer / me lever", "ma b9itch kanchouf", pregnant and hit, vomiting after a blow ("I can't move" with a
  disability is not an injury);
* ``violence_now`` — a violence verb with a "now" or urgency marker ("kaydrebni daba", "يضربني الآن", "URGENCE il
  me bat"), a presentative ("rah kaydrebni", "إنه يضربني"), cries for help ("3te9ouni", "au secours", "النجدة", the
  bare "urgence" / "خطر" / "حالة طارئة"), calls for the police or an ambulance ("appelez la police", "3ayto l
  bolis", "عيطو للبوليس"), the aggressor at the door, inside, breaking in or coming ("rah 7da lbab", "il
  arrive", "يحاول الدخول"), dragged, trampled, stabbed; violence told as past ("hier", "lbare7", "البارح") is not
  now unless it is happening again now;
* ``weapon`` — a weapon held, fetched, used or on the body ("3ando mous", "il vient de sortir un couteau", "7ett
  lmous 3la 3n9i", "دخل عليا بالسيف"); a kitchen knife is not a weapon;
* ``hiding`` — hiding or fleeing from an aggressor who is near or searching ("mkhbya f l7mam", "je suis cachée",
  "مختبئة في الحمام", "hrebt o howa kay9elleb 3liya", "writing secretly, he is next to me"): the person may not be
  able to speak on the phone;
* ``confinement`` — "il m'a enfermée", "7bsni f dar", "ما خلانيش نخرج", "محتجزة", tied up, trapped, kept from
  calling for help, a child held;
* ``suicidal`` — "bghit nmout", "je veux en finir", "أفكر في الانتحار", "ma b9itch baghi n3ich", "لم أعد أرغب في
  الحياة", "je veux sauter", "bach nmout", no reason to live, sleep and never wake;
* ``followed`` — being followed/stalked now: "rah kayteb3ni f zan9a", "un homme me suit depuis la gare",
  "يلاحقني", "راه كيتبعني فالزنقة" (a street/now/alone context is required for plain "follows me", so "le
  médecin qui me suit" or "tab3ouni 3la instagram" are not danger);
* ``abduction`` — a child or relative taken: "ils ont pris mon fils", "خطفو ولدي", "khtfo bnti", "تم اختطاف ابنتي".

``violence_now`` also covers violence happening now to a child or relative ("rahom kaydorbo weldi", "راه كيضرب
بنتي", "ils le frappent", "إنهم يضربون ابني", "kaykhne9 bnti").

Also (branch ``safety2``): the present "mon mari me tue" and typos of "tuer" ("va me tué"); a beating with a cry
for help ending the message ("il me frappe fort aidez moi", "كيضربني عاونوني"); wounded with a blade ("jra7ni b
lmos", "جرحني بالموس"); blood flowing ("ana kanzel dem", "الدم كينزل"; not menstruation); the whole box of pills
("klit lfanid dyal dwa kaml"); a neighbour beaten now, heard ("ma voisine crie, son mari la frappe"); a missing
child ("mon fils a disparu", "bnti ma rj3atch l dar", "ابنتي لم تعد إلى المنزل"; not missing for years); emergency
emoji read as words ("il a un 🔪") and a message of emoji only with an emergency emoji ("🆘", "🔪🩸😭") as a call
for help — "🔪 pour couper le pain ?" is not danger: when there are words, the words decide.

Figurative "killing"/"dying" ("ce film me tue", "qtelni b d7k", "مت بالضحك", "البرد قتلني", "ce travail me
tue") is ignored for the two kill/die kinds only; weapons, confinement and violence-now are never cancelled.
Some Darija words fold like danger words and are excluded by name: "قيدني" (register me), "نتحرر" (free
myself, folds like "ننتحر"), "kayt9atlo" (they quarrel). The detector is tuned for recall (a missed danger is
far worse than a false alarm): its recall and false-alarm rate on ``tests/safety/danger_set.yml`` are
measured by ``tests/safety/test_danger_set.py`` and quoted in ``bot/README.md`` with its figures on the NLU
training data; every lexicon entry is exercised with its own examples by ``tests/safety/test_lexicon.py``.
Never log the text: :class:`Danger` carries only the kinds and pattern ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlu.safety.folding import DANGER_EMOJI, fold
from nlu.safety.lexicon import DANGER_KINDS, Lexicon, load

__all__ = ["DANGER_KINDS", "Danger", "danger_cue", "detect", "not_literal", "told_as_story"]

_WORDS_RE = re.compile(r"[^\W_]+")


def _story(lex: Lexicon, folded: str) -> bool:
    """Fiction, news, or violence told as over long ago (and not happening again now)."""
    g = lex.guards
    return bool(g["fiction_news"].search(folded) or (g["past_resolved"].search(folded) and not g["again_now"].search(folded)))


def not_literal(text: str | None) -> bool:
    """True when ``text`` is said in jest or as a figure of speech ("😂", "hhh", "ضربني البرد", "ce taf me tue"): the
    dialogue engine then starts no care journey (violence, child, family, elderly, shelter) on it."""
    if not text:
        return False
    folded = fold(text)
    g = load().guards
    return bool(g["joking"].search(folded) or g["figurative"].search(folded))


def told_as_story(text: str | None) -> bool:
    """True when ``text`` is fiction, news, or violence told as over long ago ("dans le film…", "f lakhbar…", "kan
    kaydrebni zman w tl9t mno") and not happening again now: the dialogue engine then starts no journey on it."""
    if not text:
        return False
    return _story(load(), fold(text))


def danger_cue(text: str | None) -> bool:
    """True when ``text`` has a danger-ish word (harm, threat, weapon, blood, confinement, pursuit, flight, fear, a
    call for help) and is not fiction, news, violence over long ago, a figure of speech or one's own accident. Broad
    by design: one of the two signals :func:`nlu.danger.decide` needs before it trusts the NLU alone."""
    if not text:
        return False
    folded = fold(text)
    lex = load()
    g = lex.guards
    if _story(lex, folded):
        return False
    if g["own_accident"].search(folded) or g["joking"].search(folded):
        return False
    return bool(g["cue"].search(folded)) or (bool(g["cue_kill"].search(folded)) and not g["figurative"].search(folded))


@dataclass(frozen=True, slots=True)
class Danger:
    """A danger-now detection: ``kinds`` (subset of :data:`DANGER_KINDS`, or ``("nlu",)`` when only the NLU
    fired) and the ids of the patterns that matched (safe to log; never the text)."""

    kinds: tuple[str, ...]
    pattern_ids: tuple[str, ...]

    @property
    def reason(self) -> str:
        """A short, text-free reason for the escalation: ``danger:<kinds>``."""
        return "danger:" + ",".join(self.kinds)

    def escalation_reason(self, max_chars: int) -> str:
        """The escalation's machine reason, at most ``max_chars`` characters (the database column's width):
        ``danger_nlu`` when only the NLU fired, else ``danger_keyword:<kinds>`` with the kinds in
        :data:`DANGER_KINDS` order (most urgent first) kept while they fit — a message that trips many kinds
        at once must still open its escalation. Raises ``ValueError`` when not even one kind fits."""
        if self.kinds == ("nlu",):
            return "danger_nlu"
        reason = "danger_keyword:"
        for i, kind in enumerate(self.kinds):
            candidate = reason + ("," if i else "") + kind
            if len(candidate) > max_chars:
                break
            reason = candidate
        if reason.endswith(":"):
            raise ValueError(f"no danger kind fits in {max_chars} characters")
        return reason


def _emoji_sos(text: str, lex: Lexicon, folded: str) -> bool:
    """An emergency emoji alone, or with one or two words ("🔪 زوجي"), and no kitchen word."""
    if not any(ch in DANGER_EMOJI for ch in text):
        return False
    max_words = 0 if not any(ch.isalnum() for ch in text) else 2
    return len(_WORDS_RE.findall(text)) <= max_words and not lex.guards["kitchen"].search(folded)


def detect(text: str | None) -> Danger | None:
    """Return a :class:`Danger` when ``text`` says someone is in danger now, else ``None``.

    Pure and fast (about 250 bounded regexes over folded text, ~0.5 ms for an ordinary message, linear in the
    length). Deterministic; independent of the NLU. The lexicon is read on the first call (then cached).
    """
    if not text:
        return None
    folded = fold(text)
    lex = load()
    g = lex.guards
    hits: dict[str, list[str]] = {}
    if _emoji_sos(text, lex, folded):
        hits["violence_now"] = ["emoji-sos"]
    if g["bare_plea"].search(folded) and (g["plea_urgent"].search(folded) or g["stretched"].search(text)):
        hits.setdefault("violence_now", []).append("bare-plea")  # a whole-message plea, said urgently
    unless = lex.unless
    for kind, rules in lex.rules.items():
        for pid, rx in rules:
            if rx.search(folded) and not (pid in unless and unless[pid].search(folded)):
                hits.setdefault(kind, []).append(pid)
    if not hits:
        return None
    if g["figurative"].search(folded):
        for kind in ("threat_to_life", "suicidal"):
            hits.pop(kind, None)
        if not hits:
            return None
    if _story(lex, folded):
        # fiction, news, or violence over long ago: only a cry for help or a request for the numbers still counts
        hits = {k: kept for k, ids in hits.items() if (kept := [p for p in ids if p in lex.override_ids])}
        if not hits:
            return None
    kinds = tuple(k for k in DANGER_KINDS if k in hits)
    return Danger(kinds=kinds, pattern_ids=tuple(p for k in kinds for p in hits[k]))


load()  # compiled at import, like the rest of the message path: the first message pays no compilation
