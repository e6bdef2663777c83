"""The safety net: a deterministic danger-now detector and the emergency reply.

It runs on every message, before the NLU and the flows, and it does not depend on any service: no NLU, no
Redis, no database. If it fires — or the NLU says ``immediate_danger`` — the message path answers at once with
the emergency numbers of ``services/data/emergency_numbers.yml`` (each number with its source and the date it
was checked), opens a priority-0 escalation and hands the conversation to the engine's ``emergency`` flow.

Detection works on :func:`fold`\\ ed text (``nlu.normalize.normalize`` plus a few matching-only folds) with
hand-written patterns for ten kinds of danger now, in the four varieties (Darija in Arabic script and in
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
training data. Never log the text: :class:`Danger` carries only the kinds and pattern ids.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

import locales
from bot.messages import OutboundMessage
from nlu.normalize import ALEF, ALEF_FORMS, normalize

EMERGENCY_NUMBERS_FILE = Path(__file__).resolve().parent.parent / "services" / "data" / "emergency_numbers.yml"

DANGER_KINDS = ("threat_to_life", "self_harm", "injured", "violence_now", "weapon", "hiding", "confinement", "suicidal",
                "followed", "abduction")
"""Every kind of danger now, most urgent first (the escalation's reason keeps the first ones that fit)."""

# --------------------------------------------------------------------------------------------------
# Folding (matching only; the NLU sees plain ``normalize``d text)
# --------------------------------------------------------------------------------------------------
_FOLD_TABLE = {
    ord("\u0649"): "\u064a",  # alef maqsura -> ya: people write both at word ends (على/علي)
    ord("\u0629"): "\u0647",  # ta marbuta -> ha (محبوسة / محبوسه)
    ord("\u06a9"): "\u0643",  # keheh -> kaf
    ord("\u06cc"): "\u064a",  # Farsi yeh -> ya
    ord("\u06af"): "\u0643",  # gaf (ݣ/گ in Darija) -> kaf
    ord("\u0762"): "\u0643",  # ݢ -> kaf
    ord("\u0621"): "",  # lone hamza dropped (ء)
    ord("\u0624"): "\u0648",  # ؤ -> و
    ord("\u0626"): "\u064a",  # ئ -> ي
}
_ALEF_TABLE = {ord(c): ALEF for c in ALEF_FORMS}
_NON_WORD = re.compile(r"[^\w]+")
_DOUBLE_LETTER = re.compile(r"([^\W\d_])\1+")
# French written as text messages, spelled out for matching ("jsuis en danger", "jvais me tuer", "g avalé").
_SMS = {"jsui": "je suis", "jsuis": "je suis", "chui": "je suis", "chuis": "je suis", "jvai": "je vais", "jvais": "je vais",
        "jveu": "je veux", "jveux": "je veux", "jsaigne": "je saigne", "jai": "j ai", "g": "j ai", "ds": "dans",
        "bcp": "beaucoup", "tt": "tout", "jpeu": "je peux", "jpeux": "je peux"}
MAX_WORD_CHARS = 40  # longer "words" are cut: no real word is that long, and it bounds regex work
_LONG_WORD = re.compile(r"\w{%d,}" % (MAX_WORD_CHARS + 1))


def fold(text: str) -> str:
    """Normalise ``text`` for danger matching.

    ``nlu.normalize.normalize`` first, then: alef maqsura → ya, ta marbuta → ha, hamza carriers folded,
    every run of a repeated letter → one letter ("yqattel" → "yqatel", "frappe" → "frape"; digits are kept
    as written), punctuation and apostrophes → spaces ("m'a" → "m a"), French text-message words spelled out
    ("jsuis" → "je suis", "g" → "j ai", "ds" → "dans"). The result is padded with one
    space at each end so patterns can use ``\\b`` or spaces freely. Patterns below are written in this
    folded form (no doubled letters).
    """
    for emoji, word in _EMOJI_WORDS.items():
        if emoji in text:
            text = text.replace(emoji, word)
    for emoji, word in _MOOD_EMOJI.items():
        if emoji in text:
            text = text.replace(emoji, word)
    out = normalize(text).translate(_FOLD_TABLE)
    out = _NON_WORD.sub(" ", out).replace("_", " ")
    out = _DOUBLE_LETTER.sub(r"\1", out)
    out = _LONG_WORD.sub(lambda m: m.group(0)[:MAX_WORD_CHARS], out)
    return " " + " ".join(_SMS.get(w, w) for w in out.split()) + " "


# --------------------------------------------------------------------------------------------------
# Lexicon. Each entry: (pattern id, regex over folded text). Ids are logged (never the text).
# --------------------------------------------------------------------------------------------------
# Arabic-script word start: not inside another word (a conjunction و/ف may be glued on: "وطعنني", "فشربت").
_AB = r"(?<![^\sوف])"
_NOW_FR = (r"(maintenant|en ce moment|actuelement|a l instant|tout de suite|en train de|right now|now|vite|urgence|urgent|"
           r"au secours|aide aide|la $)")  # "il me frappe là": "là" ends the message
_NOW_LATN = (r"\b(daba|db|dba|druk|drok|dork|bsr3a|bsor3a|b sor3a|3ajlin|f had l(w(e|a)?(9|q)t|waqt|l7da|lhda|7ed|hed)|f had sa3a|daba daba|now|dghya|dghia|"
             r"bzerba|bzarba|urgence|vite)\b")
_NOW_AR = (r"(دابا|دروك|الان|حاليا|هاد الساعه|هاد اللحظه|هذه اللحظه|فهاد الوقت|فهاد اللحظه|في الحال|بسرعه|بالزربه|دغيا|فورا|حالا|"
           r"urgence|urgent)")
# Urgency said twice ("vite vite", "daba daba", "دغيا دغيا"): a cry when someone or a call for help goes with it.
_URGENT_AR = r"(بسرعه|بالزربه|دغيا|فورا|حالا|عاجل|دابا دابا)"
_DOUBLE_URGENT = (r"(vite vite|dghya dghya|dghia dghia|daba daba|db db|bzerba bzerba|aide aide|دابا دابا|دغيا دغيا|بسرعه بسرعه|"
                  r"بالزربه بالزربه|الان الان)")
_HELP_WORDS = (r"(aidez|aide|au secours|sauvez|help|3awnouni|3awnoni|3awni|3te9ouni|3teqni|3ate9ni|l7a9ouni|عاوني|عاونوني|عتقوني|"
               r"عتقني|الحقوني|ساعدوني|ساعدني|انقذوني|انقذني)")

_WEAPON_FR = (r"(couteau|couteaux|arme|armes|pistolet|fusil|revolver|flingue|hache|hachete|machete|machetes|sabre|lame|cuter|cutter|"
              r"poignard|barre de fer|bate|matraque|gourdin|carabine|tesson|bouteille casee|rasoir|kalachnikov)")
# Objects used as weapons in a threat or an attack (not when merely held: "il a un tournevis" is DIY).
_IMPROVISED_FR = r"(tournevis|ciseaux|marteau|barre|baton|bouteille|pierre|brique|ceinture|cable|chaise|fer a repaser)"
_WEAPON_LATN = (r"(mous|mos|jenwi|janwi|jnwi|sekin|skin|skina|sekina|sikin|sikina|sekina|flingue|frdi|fardi|mkahla|mka7la|sif|chafra|chakour|satour|pistolet|"
                r"couteau|hadida|swayef|syouf|sywf|khanjar|khenjer|khnjar|5enjer|bandqiya|bondoqiya|karabila|machette|machete|silah|sla7|slah|sila7|zrwata|zerwata|matraka|pistola|bistola|bistolet)")
_IMPROVISED_LATN = (r"(3sa|3ssa|zrwata|zerwata|matraka|gar3a|9ar3a|qar3a|7ajra|hajra|7jer|7jar|tournevis|m9es|mqes|zaj|jaj|"
                    r"smta|semta|slsla|silsila|marteau|martou)")
_WEAPON_AR = r"(موس|سكين|جنوي|سلاح|مسدس|بندقيه|فردي|شاقور|ساطور|سيف|سيوف|مكحله|شفره|خنجر|حديده|منجل|رشاش|كلاشن\w{0,4}|زرواطه|هراوه|ماتراكا|بيسطوله|بيستوله|بسطوله)"
_ACID_FR = r"(acide|vitriol|esprit de sel|soude caustique)"
_ACID_LATN = r"(lma (l)?(9|q)ate3|ma (l)?(9|q)ate3|lma d nar|ma nar|l?asid|l?acide|l?aside)"
_ACID_AR = r"((ال)?(حمض|اسيد|الاسيد)|(ال)?(ما|ماء) (ال)?(قاطع|نار|الفرق))"
_IMPROVISED_AR = (r"(عصا|عصي|زرواطه|هراوه|حجر|حجره|قرعه|زجاجه|زاج|مطرقه|مقص|تورنفيس|مفك|سلسله|حزام|سمطه|قضيب|عمود)")
_DISABLED = (r"(handicap\w{0,4}|paralys\w{0,3}|fauteuil roulant|agee|vieille|m3a(9|q)a?|mo3a(9|q)a?|m3awe(9|q)a?|mchlol|mchloula|"
             r"kbir f sen|kbira f sen|معاق|معاقه|اعاقه|شلل|مشلول|مشلوله|كرسي متحرك|مسن|مسنه|كبير فالسن|كبيره فالسن|كبير في السن)")
_KITCHEN = (r"(legume\w{0,2}|viande|pain|cuisine|fruit\w{0,2}|decouper|eplucher|khodra|lkhodra|l7em|lhem|lkhobz|matbakh|kouzina|"
            r"ntiyeb|kantiyeb|الخضره|الخضر|اللحم|الخبز|المطبخ|الكوزينه|نطيب|كنطيب|نقطع الخضره|البصله|الماطيشه)")

_KILL_VERB_FR = r"(tuer|egorger|etrangler|bruler|achever|descendre|poignarder|buter|massacrer|crever|defigurer|vitrioler|noyer)"

# Relatives (child, parent, sibling, spouse) for "violence now to a relative" and "abduction".
_KIN_FR = (r"(fils|fille|files|enfant|enfants|bebe|gamin|gamine|gamins|petit|petite|petits|mere|maman|soeur|soeurs|"
           r"frere|freres|pere|papa|grand mere|grand pere|neveu|niece|femme|mari|ado|adolescent|adolescente)")
_KIN_LATN = (r"(weldi|wldi|wlidi|ouldi|wladi|wlidati|bnti|benti|binti|bnati|bniti|mama|mami|yema|lwalida|lwalid|khti|"
             r"khtiti|khoya|khouya|khou|bba|baba|rajli|mrati|drari|dari|tfli|tfla|bebe|weldna|bentna|wladna|lbnt|lwld|"
             r"sghir|sghira|ssghir|ssghira)")
_KIN_AR = (r"(ولدي|وليدي|ولادي|بنتي|بنيتي|بناتي|ولدنا|بنتنا|ولادنا|ابني|ابنتي|ابنائي|اولادي|اطفالي|طفلي|طفلتي|امي|"
           r"يما|مامي|ماما|ختي|اختي|خويا|اخي|ابي|بابا|الوالده|الوالد|مي|الدراري|الصغير|الصغيره|راجلي|زوجي|زوجتي|مراتي|"
           r"الطفل|الطفله|البنت|الولد)")
# Hitting verbs in the present/progressive (a relative being beaten now).
_HIT_FR = r"(frape|frapent|bat|batent|tabase|tabasent|cogne|cognent|tape|tapent|etrangle|etranglent|lynchent|agresent|agrese)"
_HIT_LATN = r"(kay|tay|ka|ta)(dreb|drab|drb|dorb|drob|darb|derb|dorbo|drbo|drebo|drbou|dorbou|3nef|khne9|khneq|ta7en|tahen|jered|jeld)\w{0,4}"
_HIT_AR = r"(كي|تي|ي|ت)(ضرب|عنف|خنق|جلد|صرع|هرس)\w{0,4}"
# "being followed now": context that makes "follows me" a street scene (not a social worker's follow-up).
_FOLLOW_CTX_FR = (r"(maintenant|en ce moment|depuis|dans la rue|rue|derriere moi|seule|seul|peur|voiture|moto|en bas de chez moi|"
                  r"gare|arret|bus|tram|travail|ecole|nuit|partout ou je vais)")
_FOLLOW_CTX_LATN = (r"(daba|db|dba|druk|zan9a|zen9a|zn9a|zanqa|triq|tri9|tri9|chari3|lkhla|bo7di|bou7di|bohdi|wa7di|wahdi|"
                    r"khayfa|khayef|khayf|wa7ed|wahed|chi wa7ed|rajel|rjal|drari|tobis|tram|l arret|lkhedma|lmedrasa|lil|felil|"
                    r"mn dar|men dar|tomobil|tonobil|moto|motor)")
_FOLLOW_CTX_AR = (r"(دابا|دروك|الان|الزنقه|زنقه|فالزنقه|الطريق|فالطريق|الشارع|بوحدي|وحدي|خايفه|خايف|شي واحد|واحد|رجل|راجل|"
                  r"الخدمه|العمل|المدرسه|الليل|طوموبيل|موطور|سياره|منذ|من ساعه)")
_SOCIAL = r"(instagram|insta|facebook|fb|tiktok|snap|snapchat|twitter|youtube|reseaux|انستغرام|فيسبوك|تيك توك|يوتيوب)"

_PATTERNS: dict[str, list[tuple[str, str]]] = {
    "threat_to_life": [
        # French
        ("fr-will-kill", r"\b(va|vais|veut|voulait|voudrait|menace de|menace|menacait de|essaie de|essaye de|"
                         r"a essaye de|tente de|a tente de|cherche a|jure de|a jure de|allait|peut|pourait|pour|vient)"
                         r"( de)? (tous |toutes )?(me|m|nous|la|le|les|l|te|t|vous) ?(tous )?" + _KILL_VERB_FR + r"\b"
                         r"|\b(vont|veulent|voulaient|iront|vont venir)( de)? (me|m|nous|la|le|les|l) " + _KILL_VERB_FR + r"\b"),
        ("fr-death-threat", r"\bmenac\w* de mort\b|\bmenaces? de mort\b|\bje (te|t|vous) (tue|egorge|bute|creve|brule)\b"),
        ("fr-kill-kin", r"\b" + _KILL_VERB_FR + r" (mes|mon|ma|les|nos|notre) (enfant|enfants|fils|file|files|gosse|gosses|bebe|mere|soeur)\b"),
        ("fr-kill-future", r"\b(il|ils|elle|je) (me|m|nous|te|t|la|le|les|vous) (tuera|tuerait|tueront|tueraient|tuerai|egorgera|egorgerait|butera|buterait|brulera|brulerait)\b"),
        ("fr-doing-now", r"\b(il|elle|ils|on) (m|me|nous) (etrangle|etoufe|egorge|poignarde|tue)\b|\b(m|me|nous) (etrangle|etranglent|etoufe|etoufent|egorge)\b"),
        ("die-now", r"\b(gha|ghadi|ghan)\s?nmou?t\b|" + _AB + r"(غادي نموت|غانموت|ساموت|سوف اموت|ساموت)\b|\bje sens que je vais mourir\b"),
        ("fr-die-by-him", r"\bil va me faire du mal\b|\bje vais mourir\b|\bje vais me faire tuer\b"),
        # Darija, Latin script: q/9/k t l + ni (kill me), dbe7/dba7 (slaughter), khne9 (strangle), 7re9 (burn)
        ("latn-kill-me", r"\b(kay|tay|ka|ra|rah)\s?(q|9|k)t(e|a)?l\s(fiya|fia|fya|fina)\b|\b\w*(q|9|k|g)a?t(e|a|o)?l(ni|na|ek|ak|ha|ou|o|oni|ouni|ona)\b"),
        ("latn-will-kill", r"\b(gha|ghad|ghadi|ghan|bgha|baghi|ghay|ghy|bghaw)\w* ?(y|n|t)?(q|9|k)a?t(e|a|o)?l\w*\b"),
        ("latn-slaughter", r"\b\w*d(e|a)?b(e|a)?(h|7)(ni|na|ek|ak|ha|ou|o)\b"),
        ("latn-strangle", r"\b\w*kh?n(e|a)?(q|9|k)(ni|na|ha|ou|o)\b"),
        ("latn-burn", r"\b(gha|ghadi|bgha|baghi|y|kay|ghay)\w* ?(h|7)(e|a)?r(e|a)?(q|9)(ni|na|ha)\b"),
        ("threat-jump", (r"\b(hded|kayhded|yhded|tayhded)\w{0,4}\s(y|b)?(rmi|lo(7|h)|ltle(9|q)|(9|q)fez|nte(7|h)er|nt(a|e)?(7|h)ar)\w{0,3}\b"
                        r"|(يهدد|كيهدد|هدد|تيهدد)\w{0,3}\s?(ب)?(ال)?(يلوح|يرمي|رمي|قفز|ينتحر|انتحار|لوح|يقفز)"
                        r"|\bmenace de (se )?(suicider|sauter|se jeter|jeter|se tuer)\b")),
        ("latn-killing-kin", r"\b(kay|tay|ra|rah)\s?(q|9|k)t(e|a)?l\s(f|fi)\s(" + _KIN_LATN[1:-1] + r"|mra|mrato|rajlha|jarti|jari)\b"),
        ("latn-kill-kin", r"\b(ghadi|gha|bgha|baghi|kay|rah|ghay)\w{0,2}\s?y((q|9|k)(e|a)?t(e|a)?l|d(e|a)?b(e|a)?(7|h)|(h|7)(e|a)?r(e|a)?(q|9)|khne(q|9))\w{0,3}\s(" + _KIN_LATN[1:-1] + r")\b"),
        ("latn-death-threat", (r"\b(hded|yhded|kayhded|tayhded|mhedeni|hedadni|hdedni|kayhdedni|tayhdedni)\w* ?(b)? ?(l)?(mout|mot|9tel|qtel|ktel)\b"
                               r"|\b(hded|yhded|kayhded|tayhded)\w{0,4}\s(b)?\s?(l)?y?((q|9|k)tel|dbe(7|h)|dba(7|h)|(7|h)re(q|9))\w{0,4}\b")),
        # Darija (Arabic script) and MSA
        ("ar-kill-me", r"(قتل|كتل|ذبح|دبح|خنق|حرق|صفي|عدم)(و)?(ني|نا|ك|كي|ها|هم|كم)\b"),
        ("ar-will-kill", (r"(غادي|غ|غا|بغا|باغي|بغاو|سوف|سي|يريد|تريد|يحاول|حاول|ناوي|غايقتل|باش|لكي|حتى|كيحاول)\s?(ي|ن|ت)?"
                         r"(قتل|كتل|ذبح|دبح|خنق|حرق|صفي|عدم)")),
        ("ar-tried-on-me", _AB + r"(قام|حاول|يحاول|كيحاول|بغا|باغي)\s?(ب)?(خنقي|قتلي|ذبحي|حرقي|طعني|اغتصابي|اغراقي)"),
        ("ar-my-killing", r"(يريد|تريد|يحاول|حاول|يهدد\w*|هدد\w*|كيهدد\w*)\s(ب)?(قتلي|ذبحي|موتي)\b"),
        ("ar-death-threat", (r"(تهديد\w*|هدد\w*|يهدد\w*|كيهدد\w*|تيهدد\w*|مهدد\w*)\s?\w{0,8}\s?(بالقتل|بالموت|بالذبح|بالدبح|بالحرق)"
                            r"|(هدد|يهدد|كيهدد|تيهدد)\w{0,3}\s?(ب|باش)?\s?(ي|ن)?(قتل|ذبح|دبح|حرق)")),
        ("fr-declared", (r"\b(suis|jsuis|chui|chuis|sommes|est|sont|etre|on est) (vraiment |toujours |encore |tres )?en danger\b"
                        r"|\bdanger (de mort|immediat|imminent)\b|\b(peur|crains|crain) pour (ma|nos|notre) vie\b"
                        r"|\b(ma|notre) vie (est )?(en danger|menacee)\b")),
        ("latn-declared", (r"\b(ana|rani|rana|7na|ahna|hna|howa|hiya|wldi|bnti|wladi|drari|(7|h)yati|(7|h)yatna|familti|3a2ilti)"
                          r" (f|fi|fe) ?(l)?(khatar|5atar|khtar|danger)\b"
                          r"|\b(khayfa|khayef|khayf|5ayfa|5ayef|5ayf|khaifa) (3la|3ala) ((7|h)yati|(7|h)yatna|rasi m(e|a)no)\b")),
        ("ar-declared", (r"(انا|راني|احنا|حنا|نحن|ولدي|بنتي|ابني|ابنتي|حياتي|حياتنا|اطفالي|ولادي|اولادي|ابنائي|عايلتي|اسرتي)"
                        r"\s(ف|في)\s?(ال)?خطر|(حياتي|حياتنا) (مهدده|معرضه للخطر)"
                        r"|(خايفه|خايف|اخاف|خائفه|خائف|اخشي)\s(على|علي)\s(حياتي|حياتنا)")),
        ("ar-kill-kin", r"(يقتل|يذبح|يدبح|قتل|سيقتل)\s(ولدي|بنتي|ولادي|الدراري|الاطفال|اطفالي|امي|ختي|مراتو)"),
    ],
    "violence_now": [
        ("fr-hit-now", r"\b(frape|frap|frapent|m ataque|nous ataque|ataquent|bat|batent|tape|tapent|cogne|cognent|agres\w*|viol\w*|etrangle|etoufe|"
                       r"tabase|brutalise|frapait|batre|fraper|taper|egorge|blese|tabaser|cogner|etrangler|etoufer|gifler|gifle|"
                       r"brutaliser|defoncer|subis des coups|recois des coups|prends des coups)\b.{0,60}" + _NOW_FR
                       + r"|" + _NOW_FR + r".{0,60}\b(frape|frapent|bat|batent|tape|cogne|agres\w*|viol\w*|"
                       r"etrangle|etoufe|tabase|brutalise|fraper|batre|taper|tabaser|cogner|etrangler|gifler)\b"),
        ("fr-cry", r"\b(au secours|au secour|o secours|a l aide|aidez moi vite|aidez nous vite|venez vite|sauvez moi|sauvez nous|sos)\b"),
        ("fr-door", (r"\b(force|forcer|forcent|crochete)\w{0,2} (la|ma|notre) serure\b|\b(defonce|casse|enfonce|force|frape a|frape sur|frape contre|tape sur|tape a|tape contre|cogne a|cogne sur|"
                    r"cogne contre|tambourine a|tambourine sur|tambourine contre|brise)\w* (a |sur |contre )?(la |ma |notre |les )?"
                    r"(porte|portes|fenetre|fenetres|vitre|vitres)\b"
                    r"|\bessaie d entrer\b|\bveut entrer de force\b|\b(essaie|essaye|essayent|tente|tentent) d(e)? (ouvrir|forcer|casser|defoncer|enfoncer) (ma|la|notre) (porte|fenetre|serure)\b|\best devant (chez moi|ma porte|la porte|la maison)\b")),
        ("fr-chasing", (r"\b(il|ils) (me|nous) (poursuit|poursuivent|court apres|cherche partout)\b"
                       r"|\b(me|nous) (poursuit|poursuivent|court apres|courent apres|pourchase|pourchasent)\b(?! (en justice|au tribunal|devant|pour (une|des|mes) dette))"
                       r"|\b(kay|ra|rah|rahom)?\s?jr(i|iw|aw|ou)\s(moraya|mouraya|moriya|morana|mourana)\b"
                       r"|(كيجري|كيجريو|يجري|يجرون|يركض|يركضون|كيطارد)\w{0,3}\s?(موراي|ورايا|وراي|خلفي|ورانا|خلفنا)")),
        ("latn-hit-now", r"\b((kay|tay|ka|ta|ra|rah|y|t)?(dreb|drab|drb|darb|dorb|3nef|3enef|khnq|khn9|ghtasb|ghtasab)|(kay|tay|ka|ta)derb)\w*"
                         r".{0,40}" + _NOW_LATN + r"|" + _NOW_LATN
                         + r".{0,40}\b((kay|tay|ka|ta|ra|rah|y|t)?(dreb|drab|drb|darb|3nef|ghtasb)|(kay|tay|ka|ta)derb)\w*"),
        ("latn-cry", (r"\b3a?t(e|a)?(q|9|k)(o|ou|u)?(ni|na)\b|\bl(h|7)a?(q|9)(o|ou|u)ni\b|\bnajda\b|\bnjda\b"
                     r"|\b(3awnoni|3awnouni|3awenoni|3tiwni chi) (daba|db|bzerba|dghya)\b|\bsos\b|\bhelp me (now|quick|fast|asap|daba|vite|please help)\b|\bhelp help\b")),
        ("latn-door", r"\b(kay|tay|ka|y)?(kser|kaser|keser|kesr|hres|7res|hras|hers|dfe3|dfa3|khle3|khla3)\w* (l|el)?(bab|charjem|cherjem|chorjem|serjem|fnetra)\b|\b(rah|ra) (f|fe|fi) (l|el)?bab\b"),
        ("ar-hit-now", r"(كنتعرض|اتعرض|نتعرض|يهاجم|كيهاجم|هاجم|كيضرب|تيضرب|يضرب|ضرب|يعتدي|اعتدا|كيعتدي|يغتا?صب|كيغتا?صب|يعنف|كيعنف|يصرع|كيخنق|يخنق|يجلد|كيجلد)\w*"
                       r".{0,40}" + _NOW_AR + r"|" + _NOW_AR + r".{0,40}(كيضرب|تيضرب|يضرب|يعتدي|كيعتدي|يغتا?صب|يعنف|كيعنف|يخنق|كيخنق)"),
        ("ar-cry", r"(عتقوني|عتقني|عتقونا|الحقوني|لحقوني|انقذوني|انقذني|انقدوني|انقدني|اسعفوني|النجده|اغيثوني|اغيثونا|استغاثه|ساعدوني بسرعه|عاونوني دابا|جيو دابا|جيو بالزربه|غيتوني|اسرعوا|اسرعو|سربيو)"),
        ("ar-door", (r"(كيكسر|يكسر|كسر|يحاول كسر|كيهرس|يهرس|هرس|كيدفع|يخلع|خلع|يحاول خلع|كيخلع)\s?(ف)?(ال|لي)?"
                    r"(باب|ابواب|شرجم|شرجب|نافذه|شباك|زاج|زجاج)|(راه|را) (ف|في)\s?(ال)?باب"
                    r"|(راه|هو|انه|ها هو|راهم)\s?(واقف|حدا|قدام|امام|عند|على|جنب|ف|في|فال)\s?(ال)?(باب|شرجم|نافذه|شباك)"
                    r"|واقف\s?(قدام|امام|حدا|عند|على|في|ف|فال)\s?(ال)?(باب|دار|بيت|منزل|عماره)")),
        # violence now to a relative: progressive markers (rah/rahom/راه/انهم) or a group scene ("ils le frappent")
        ("kin-strangled", r"\b(etrangle|etranglent|etoufe|etoufent|egorge|egorgent|poignarde|poignardent|noie)\s(mon|ma|mes|notre|nos)\s" + _KIN_FR + r"\b"
                          r"|\b(kay|tay|ka|ra|rah|y)?\s?kh?n(e|a)?(q|9)\w{0,3}\s(f)?(" + _KIN_LATN[1:-1] + r")\b"
                          r"|(كي|تي|ي|راه ي|راه كي)خنق\w{0,2}\s?(ف)?" + _KIN_AR),
        ("fr-kin-now", r"\bils (sont \w{0,10} et ils |sont en train de )?" + _HIT_FR + r" (mon|ma|mes|notre|nos|leur) ?"
                       + _KIN_FR + r"\b|\b" + _KIN_FR + r"\b.{0,80}\b(ils|il|elle|on) (le|la|les|l) " + _HIT_FR + r"\b"),
        ("latn-kin-now", r"\b(rah|ra|raha|rahom|rahoma|rahum)\s" + _HIT_LATN + r"(\s\w{1,6})?\s(f|fi)?\s?(l)?" + _KIN_LATN + r"\b"
                         r"|\b" + _KIN_LATN + r"\s(rahom|rah|raha)\s" + _HIT_LATN + r"\b"),
        ("ar-kin-now", r"(راه|راها|راهم|رآه|انهم|انه|انها)\s?" + _HIT_AR + r"\s?(ف|في)?\s?" + _KIN_AR
                       + r"|" + _KIN_AR + r"\s(راهم|راه|راها)\s?" + _HIT_AR
                       + r"|(اخذو|خذاو|داو|هزو|شدو|قبضو|شداو)\w{0,3}\s?" + _KIN_AR + r".{0,40}(يضرب|كيضرب|تيضرب)\w{0,5}"),
    ],
    "confinement": [
        ("fr-locked", (r"\benferm\w*|\bsequestr\w*|\bsequestre\w*|\botage\b"
                      r"|\b(retien|retient|retiene|retienent|retenu|retenue)\w{0,2} (de force|prisonniere|prisonier|contre mon gre|en otage)\b")),
        ("tied-up", r"\b(m|me|nous)\s(a |ont )?(atache|ligote)\w{0,2}\b|\b(suis|sommes) (atachee|atache|ligotee|ligote)\w{0,1} (au|a la|sur|avec|les mains|aux)\b"
                    r"|\b(kay|tay)?(rbet|rebt|rbt|ktef)(ni|na|ouni|oni)\b|\bmrbo?u?ta\b"
                    r"|" + _AB + r"(ربطني|ربطوني|كيربطني|يربطني|مربوطه|مكتفه|كتفني|كتفوني)"
                    r"|" + _AB + r"(قيدني|قيدوني|يقيدني|مقيده)\s?(بال|ب)?(حبل|حبال|سلسله|شريط|لاصق|يدي|يديا|رجلي)"),
        ("fr-trapped", (r"\b(suis|sommes|jsuis) (piegee|piege|pieges|prisonniere|prisonier|coincee|coince|bloquee|bloque)\w{0,2} "
                       r"(chez|dans|a la maison|ici|avec lui|enfermee)\b|\b(suis|sommes|jsuis) (piegee|piege|prisonniere|prisonier)\b")),
        ("latn-trapped", r"\b(rani|ana|7na|hna|rana)\s?m(7|h)(e|a)?s(o|ou)?r(a|in)?\b|\bm(7|h)(e|a)?s(o|ou)?r(a|in)? (f|fe|m3a)\b"),
        ("ar-trapped", r"(انا|راني|احنا|حنا|نحن|اني|انني)\s?(محصور|محاصر|محتجز|مسجون|عالق)\w{0,2}|(محصور|محاصر|عالق)\w{0,2}\s(ف|في|عند|مع)"),
        ("no-call", (r"\b(empeche|empechent|interdit|interdisent)\w{0,2} (de |d )(appeler|telephoner|crier|demander de l aide)\b"
                    r"|\bma (khlanich|khalanich|kaykhlinich|khllanich|bghach ykhlini) n3ayet\b.{0,30}\b(bolis|police|l(7|h)imaya|ambulance|daba)\b"
                    r"|(ما خلانيش|ماخلانيش|منعني من|يمنعني من|ما كيخلينيش)\s?(نعيط|الاتصال|اتصل|نتصل)")),
        ("fr-cant-leave", (r"\b(m|me|nous) (empeche|empechent|interdit|interdisent) de sortir\b"
                          r"|\b(je|j) (ne )?(peux|peut|pourais) (pas|plus) sortir\b|\bimpossible de sortir\b"
                          r"|\bferme (la porte |toutes les portes |les portes )?a cle\b")),
        ("latn-locked", (r"\b(m)?(7ren|hren|7ern|(9|q)fo?u?l|sed|sd|sad|9fel|qfel|9fl|qfl|bla3|sker|sakr|msdod|ms9fol|mqfol|msker|m9fol|sedo|ghl(e)?(q|9))\w* ((l)?bab )?(3liya|3lia|3lya|3liha|3lina|3lihom|3lih)\b"
                        r"|\bghl(e)?(q|9)?t\s(l)?bab\s3l(iya|ia|ina|iha)\b"
                        r"|\b(7bsni|7absni|habesni|hbsni|7bsouni|7bsoni|7absani|m7bosa|mhbosa|m7bousa|mhbousa|m7bsa)\b"
                        r"|\b((7|h)(e|a)?bs|(9|q)(e|a)?f(e|a)?l)(ni|ouni|oni|na|ouna|ani|ini|ina)\b|\bm(7|h)bo?u?s(a|ine)\b|\b(rani|ana) m(7|h)bo?u?s\b"
                        r"|\bm(s|9|q)(e|a)?(d|f)o?u?(d|l)a f (l)?(bit|dar|cuisine|kouzina|kuzina|7mam|hamam|chambre|stah|sta7|garage)\b")),
        ("kin-held", r"\b(7abes|7bes|hbes|habes|kay7bes|7ebs|ched|chad)\s(" + _KIN_LATN[1:-1] + r")\b.{0,20}\b(m3ah|3ndo|ma bgh?ach|f (l)?bit)\b"
                     r"|(حابس|يحبس|كيحبس|يحتجز|احتجز|حبس|حابسه)\s?(ل)?" + _KIN_AR + r"\s?(معاه|عنده|عندو|ويرفض|وما بغاش|في|ف)"
                     r"|\b(retient|garde|sequestre|tient)\w{0,2} (mon|ma|mes|notre|nos) " + _KIN_FR + r"\b.{0,20}\b(otage|de force|refuse|enferme)\w{0,2}\b"),
        ("latn-cant-leave", r"\bma ?\w*kh?a?l[ai]\w*ni\w* ?n(kh|5)r[eo]?j\b|\bma (n9der|nqder|ne9der|nkder|n9dar)(ch|ech|ich)? n(kh|5)r[eo]?j\b"),
        ("ar-locked", (r"(حبسني|حابسني|حبسوني|محبوسه|انا محبوس|سجنني|محتجز|احتجزني|يحتجزني|احتجزوني|"
                      r"(سد|سدو|قفل|سكر|بلع|مسدود|مقفول|مسكر|اغلق|قفل|حرن)\s?(عليا|علي|علينا|عليها)\b)"
                      r"|(حا?بس|قفل|سكر|حاصر)\w{0,2}(ني|نا)\b")),
        ("ar-cant-leave", (r"(ما خلانيش|ما كيخلينيش|ما كيخلينيش|ماكيخلينيش|ماخلانيش|ما تيخلينيش|ما كيخليني|ما بغاش يخليني)\s?نخرج"
                          r"|(ما نقدرش|مانقدرش|ما نقدر ش) نخرج|لا استطيع الخروج|لا يمكنني الخروج|(يمنعني|منعني|يمنعنا|منعنا) من الخروج")),
    ],
    "weapon": [
        ("fr-weapon-held", r"\b(a|avait|tient|tenait|porte|sort|sorti|sortir|brandit|brandi|pointe|prend|pris|ramene|cache|agite|braque|"
                           r"pose|met|mis|colle|appuie|va chercher|est alle chercher|cherche|plante|enfonce)\s(un|une|son|sa|le|la|des|ses|1)\s"
                           + _WEAPON_FR + r"\b"),
        ("fr-weapon-threat", r"\bmenac\w*.{0,30}\b(" + _WEAPON_FR[1:-1] + "|" + _IMPROVISED_FR[1:-1] + r")\b|\b" + _WEAPON_FR
                             + r"\b.{0,25}\b(sur moi|contre moi|sous (ma|la) gorge|sur (ma|la) gorge|sur mon cou|contre mon cou|"
                             r"sur (ma|la) tempe|sur mon ventre|dans mon dos|sur (mon|le) visage)\b"),
        ("fr-weapon-stab", (r"\b(poignard\w*|coup de couteau|coups de couteau|tire sur|tirer sur|tire dessus|coups? de feu|coups? de fusil)\b"
                           r"|\b(plante|enfonce)\w{0,2} (un|une|le|la|son|sa) (couteau|lame|ciseaux|tournevis|cuter|cutter)\b")),
        ("latn-weapon-held", r"\b(kay|ka|ra|rah)?\s?(3ndo|3endo|3ando|3ndu|3andou|m3ah|m3ah|m3aha|hz|hez|haz|9bd|9bed|qbed|chd|ched|jbd|jbed|jbad|khrj|khrej|tl3|tla3|tale3|hazz|"
                             r"chad|chaad|7at|7et|hat|het|masek|mchd|rafe3|rf3|hazz|9abed|qabed|7amel|hamel|jab|jayb|jib|jah|jabt)\s?(3liya|3lia|3lina|3lih|3liha)?\s?(l|el)?"
                             + _WEAPON_LATN + r"\b"),
        ("latn-weapon-threat", r"\b(hded|yhded|kayhded|tayhded|mhedeni|hedadni|hdedni|kayhdedni|tayhdedni|bgha ydrebni|kaydrebni|drebni|jra 3liya)\w*.{0,20}\b(b|bl|bel)\s?(l|el)?("
                               + _WEAPON_LATN[1:-1] + "|" + _IMPROVISED_LATN[1:-1] + r")\b"),
        ("ar-weapon-held", r"(عندو|عنده|معاه|معه|هز|شد|جبد|طلع|خرج|يحمل|حامل|كيهز|شهر|يشهر|شاد|حاط|هاز|ماسك|ماسكه|رافع|شاهر|يلوح|كيلوح|لوح|جاب|جايب|احضر|جلب|اخرج|لديه|بيده|فيدو|في يده)\s?(عليا|علينا|عليه|عليها|علي)?\s?(ال|لي)?\s?" + _WEAPON_AR),
        ("ar-weapon-threat", r"(كيهددني|يهددني|هددني|مهددني|تهديد\w*|كيضربني|ضربني|يضربني|جرا عليا|يهاجمني|هاجمني)\s?\w{0,8}\s?(ب|بال)?"
                             + _WEAPON_AR + r"|(كيهدد|يهدد|هدد|مهدد|تيهدد)\w{0,4}\s?\w{0,8}\s?(ب|بال)?" + _IMPROVISED_AR),
    ],
    "suicidal": [
        ("fr-suicide", (r"\bsuicid\w*|\b(je|j) (vais|veux|voudrais|pense a|pense|ai envie de) (me|m) (tuer|pendre|jeter|ouvrir les veines|foutre en l air)\b"
                       r"|\b(envie de|veux|voudrais|prefere) mourir\b|\ben finir( avec (la|ma) vie)?\b|\bmetre fin a (mes jours|ma vie)\b"
                       r"|\b(plus envie de|veux plus|ne veux plus|marre de|plus la force de) vivre\b|\bavaler (des|tous mes|toutes mes) (medicaments|cachets|pilules)\b")),
        ("latn-suicide", (r"\bbgh?(i|e)+t n?mou?t\b|\bbghit nmot\b|\bn(q|9|k)t(e)?l ras(i|y)\b|\bn?e?nt((a|e)(h|7)(a|e)?|(h|7)(a|e))r(?!\w{0,2} (mn|men|m3a)\b)(t|ti|o|ou|na)?\b|\bint?(i|e)(h|7)ar|\bint?i(h|7)ar|\bnti(h|7)ar\b"
                         r"|\bn(h|7)r(e)?(q|9) ras(i|y)\b|\bnlo(h|7) ras(i|y)\b|\bma (bghitch|bqitch bghit|baghich|bqitch baghi) n3i?ch\b"
                         r"|\b3yit (mn|men) (l)?(h|7)(a)?ya(t|ti)?\b|\bnsali m3a ras(i|y)\b|suicid\w*|\bbagh(i|ya|ia) n?mou?t\b")),
        ("ar-suicide", (r"(نتحر(?!ك|ق|\s(من|مع)\s)|الانتحار|انتحار|اقتل نفسي|ساقتل نفسي|نقتل راسي|نقتل نفسي|اريد ان اموت|اريد الموت|بغيت نموت|بغيت غير نموت|ابغي نموت|"
                       r"انهي حياتي|اضع حدا لحياتي|لا اريد ان اعيش|ما بقيتش بغيت نعيش|ما بغيتش نعيش|عييت من الحياه|تعبت من الحياه|نحرق راسي|نلوح راسي|"
                       r"نرمي راسي|نسالي مع راسي|لا اريد العيش)")),
    ],
}

_PATTERNS["followed"] = [
    # French: an agent follows/tracks me ("un homme me suit", "on me suit", "il me traque"), or "je suis suivie"
    # with a street context; never a doctor or a social worker ("le médecin qui me suit": agent "qui").
    ("fr-followed", r"\b(il|ils|on|un homme|des hommes|un inconu|des inconus|quelqu un|un type|un mec|des types|des mecs|"
                    r"une voiture|mon ex|mon mari|mon ex mari|un groupe|deux hommes|trois hommes) (me|nous) "
                    r"(suit|suivent|poursuit|poursuivent|traque|traquent|guete|guetent|file|filent)\b"
                    r"|\b(il|ils|on|mon ex|mon mari|un homme|quelqu un) (me|nous) (traque|traquent|harcele|harcelent) dans la rue\b"
                    r"|\b(je suis|je crois que je suis|on est|nous sommes) (suivi|suivie|suivis|suivies)\b.{0,60}" + _FOLLOW_CTX_FR
                    + r"|\b(il|ils|mon ex) m atend\w{0,2} (en bas de chez moi|devant chez moi|devant (le|mon) travail|a la sortie)"),
    # Darija (Latin): t-b-3 (follow) with "me/us" + a street/now/alone context; "tab3ouni 3la instagram" is not.
    ("latn-followed", r"\b(kay|tay|ka|ta|ra|rah|y|t)?\w{0,2}t(e|a)?b(e|a)?3(ni|ouni|oni|na|ouna|ona|o fiya| fiya| fia| fya)\b.{0,60}"
                      + _FOLLOW_CTX_LATN + r"|" + _FOLLOW_CTX_LATN + r".{0,60}\b(kay|tay|ka|ta|ra|rah|y|t)?\w{0,2}t(e|a)?b(e|a)?3"
                      r"(ni|ouni|oni|na|ouna|ona|o fiya| fiya| fia| fya)\b"),
    # Arabic script: تبع with "me/us" + context; MSA stalking verbs (يلاحقني، يطاردني، يتعقبني، يترصدني) alone.
    ("ar-followed", r"(كيتبع|تيتبع|يتبع|تابع|تبع|راه تابع)\w{0,2}(ني|نا)\b.{0,60}" + _FOLLOW_CTX_AR
                    + r"|" + _FOLLOW_CTX_AR + r".{0,60}(كيتبع|تيتبع|يتبع|تابع|تبع)\w{0,2}(ني|نا)\b"
                    + r"|(كيتبع|يتبع|تابع) فيا"
                    + r"|(يلاحق|لاحق|كيلاحق|يطارد|طارد|كيطارد|يتعقب|تعقب|يترصد|ترصد|يتربص|تربص)\w{0,3}(ني|نا|بي)"),
]
_PATTERNS["abduction"] = [
    # French: "ils ont pris / on a enlevé mon fils", "mon bébé a été kidnappé", "ma fille a disparu"
    ("fr-abduction", r"\b(ont|a|ils ont|on a|il a|elle a) (pris|enleve|enlevee|kidnape|kidnapee|rapte|emene|emporte|arache|vole|"
                     r"embarque)\w{0,2} (mon|ma|mes|notre|nos) " + _KIN_FR
                     + r"\b(?!.{0,30}\b(en charge|en compte|week end|vacances|droit de visite|chez le medecin|a l hopital|comme prevu))"
                     r"|\b" + _KIN_FR + r"( \w+){0,2} (a ete|ont ete|est|sont|s est fait|se sont fait|vient d etre) "
                     r"(enleve|enlevee|enleves|kidnape|kidnapee|kidnapes|rapte|raptee|disparu|disparue|introuvable)\b"
                     r"|\bkidnaping\b|\b(vient|viennent) d (enlever|kidnaper|prendre|emener|embarquer) (mon|ma|mes|notre|nos) " + _KIN_FR + r"\b"),
    ("missing-since", r"\b" + _KIN_FR + r" (a|ont|est|sont) (disparu|disparue|disparus)\w{0,1} (depuis|hier|ce matin|cette nuit|cet apres midi)\b"
                      r"|\b(" + _KIN_LATN[1:-1] + r")\s(ghab|ghabt|ghabet|tlef|tlfat|tlafat|dha3|da3t)\w{0,2}\s(mn|men)\s(sba(7|h)|lbare(7|h)|lil|l3chia|l3echiya|sa3a|sa3at|youmayn|had sba(7|h))\b"
                      r"|" + _KIN_AR + r"\s?(غاب|غابت|اختفي|اختفت|تلف|تلفت|ضاع|ضاعت)\s(من|منذ)\s(الصباح|البارح|امس|الليل|ساعه|ساعات|يومين|العشيه|البارحه)"),
    ("taken-gone", r"\b(dda|dah|dadha|khda|hz|ddaw|khdaw|dawh)\s(" + _KIN_LATN[1:-1] + r")\b.{0,30}\bma (3reftch|n3refch|kan3refch|3arfach|3arfach) (fin|fine)\b"
                   r"|" + _AB + r"(دا|داه|داها|خدا|اخذ|هز|داو|خداو|اخذوا|اختفي ب)\s?" + _KIN_AR + r".{0,30}(ما عرفتش|ما كنعرفش|لا اعرف|ما نعرفش|لا ادري)\s?(فين|اين|الي اين)"),
    # Darija (Latin): khtf / 5tf (abduct) near a relative; "weldi tkhtef", "bnti mkhtofa"
    ("latn-abduction", r"\b(t|y|n|m)?(kh|5)(e|a)?t(e|a)?f\w{0,5}\s(li|lina|lia|liya)?\s?(l)?" + _KIN_LATN + r"\b"
                       r"|\b" + _KIN_LATN + r"\s(t|m)?(kh|5)(e|a)?t(e|a|o|ou)?f\w{0,4}\b"),
    # Arabic script: خطف / اختطف / تخطف near a relative; "تم اختطاف ابنتي"; "ولدي مخطوف"
    ("ar-abduction", r"(خطف|ختف|اختطف|تخطف|تختطف)\w{0,4}\s?(لي|لينا|لنا)?\s?" + _KIN_AR
                     + r"|(اختطاف|خطف)\s" + _KIN_AR
                     + r"|" + _KIN_AR + r"\s?\w{0,8}\s?(تخطف|مخطوف|مختطف|اختطف|خطفو|خطفوه|خطفوها|تختطف)\w{0,3}"
                     + r"|(اخذو|خذاو)\w{0,2}\s" + _KIN_AR + r"\s(بالقوه|بالسيف|بزز)"),
]
# --------------------------------------------------------------------------------------------------
# Ways of saying danger now beyond the core verbs (added for recall on unseen phrasings). Each family is
# written once per script, with the Darija/MSA/French conjugations and spellings people use.
# --------------------------------------------------------------------------------------------------
# Overdose and poisoning: a swallowing/drinking verb (done or about to be done), a substance, and a quantity
# ("toute la boîte", "kamlin", "بزاف") or an intrinsic poison (bleach, rat poison). "J'ai pris mes médicaments"
# (no quantity) is not danger.
_SUBST_FR = (r"(medicaments|medicament|medocs|cachets|cachet|pilules|pilule|comprimes|comprime|somniferes|calmants|anxiolytiques|"
             r"antidepresseurs|doliprane|paracetamol|gelules|boite|plaquette|flacon|lexomil|xanax|lysanxia|tramadol|stilnox|valium|"
             r"seresta|dafalgan|efferalgan|ibuprofene|insuline|lyrica|rivotril|temesta)")
_POISON_FR = (r"(javel|eau de javel|poison|mort aux rats|raticide|insecticide|pesticide|produit|produits|detergent|acide|esprit de sel|"
              r"destop|alcool a bruler|white spirit|antigel|soude)")
_MANY = r"([5-9]|[1-9][0-9]|[1-9][0-9][0-9])"  # a number of pills that is an overdose, not a dose ("20 cachets")
_QTY_FR = (r"(toute la|tout le|toutes les|tous les|tous mes|toutes mes|une boite|un flacon|une plaquette|la boite|le flacon|la plaquette|trop de|plein de|"
           r"beaucoup de|des dizaines de|une dizaine de|une poignee de|toute une|tout un|une vingtaine de|une trentaine de|" + _MANY + r")")
_INGEST_LATN = (r"(chrebt|chrbt|chrabt|chribt|chrobt|klit|klet|kelit|bla3t|bl3t|bl3et|bla3et|bl3at|khdit|khdeet|tkhdit|"
                r"nchreb|nchrob|nakol|nbla3|nbl3|kanchreb|kanakol|kanbla3|klat|kla|chrbat|chrebat|chreb|chrob|chrab|bl3at|bla3at|bla3)")
_SUBST_LATN = (r"(dwa|dwaya|dwayat|ldwa|l?7boub|l?7bob|l?hboub|l?7ba|l?7eba|l?7bayeb|l?7bat|l?kachiyat|kachiat|kachia|kachet|comprimes|cachets|"
               r"medicaments|pilules|plaquette|l?9ar3a|l?gar3a|lflacon|flacon|boita|lboita)")
_POISON_LATN = (r"(dwa (dyal )?(l)?(far|fiaran|firan|tobba|7achara|hachara|debban)|mort aux rats|raticide|sem|sm|jafil|jafel|javel|jafiel|lma d (javel|jafil|jafel|nar)|"
                r"(lma|dwa) dyal (t|n)?n(e|a)?(q|9)iya|sanicroix|"
                r"lma (l)?(q|9)ate3|pesticide|acide|asid|ma nar)")
_QTY_LATN = (r"(bzaf|bzf|kamel|kamla|kamlin|kamlen|ga3|kolha|kolhom|kolchi|l9ar3a|9ar3a|lgar3a|gar3a|flacon|lflacon|boita|lboita|plaquette|"
             r"chi " + _MANY + r"|" + _MANY + r"|3echrin|3achrin|3ichrin|tlatin|3echra|3achra|3chra|khamsa|setta|sb3a|tmnya|ts3ood)")
_INGEST_AR = (_AB + r"(شربت|كليت|بلعت|ابتلعت|تناولت|اخذت|خذيت|شرب|بلع|ابتلع|غادي نشرب|غنشرب|نشرب|ناكل|نبلع|ساشرب|سابتلع|ساتناول|"
              r"كنشرب|كنبلع|كلات|كلا|شربات|بلعات|خدات)")
_SUBST_AR = (r"(دوا|الدوا|دواء|الدواء|ادويه|الادويه|دوايات|الدوايات|حبوب|الحبوب|حبوبا|اقراص|الاقراص|حبات|الحبات|كاشيات|"
             r"الكاشيات|كاشي|المنوم|منوم|منومات|مهدئات|المهدئات|حبه|حبات|الحبه|قرص|كاشيه)")
_POISON_AR = (r"(سم|السم|سما|مبيد\w{0,4}|جافيل|الجافيل|ماء جافيل|ما جافيل|الماء القاطع|الما القاطع|ماء النار|الكلور|كلور|اسيد|الاسيد|"
              r"(دوا|دواء|سم) (ديال )?(ال)?(فيران|فار|طوبه|حشرات|جرذان)|سايل\w{0,2} (ل|ال|ديال )?(ال)?تنظيف|منظف\w{0,2}|مواد التنظيف)")
_QTY_AR_BEFORE = (r"(كاع|قاع|كل|جميع|علبه|العلبه|قرعه|القرعه|باكيه|الباكيه|بلاكه|كميه كبيره|كميه|بزاف ديال|شحال من|حفنه|عشرات|(شي )?" + _MANY
                  + r"|(شي )?(خمسه|سته|سبعه|تمنيه|ثمانيه|تسعه|عشره|عشر|خمس|ست|سبع|ثمان|تسع|عشرين|تلاتين|ثلاثين|خمسين))")
_QTY_AR_AFTER = r"(كاع|كاملين كاع|بزاف|كثيره|كثيرا|كثير|كامله|كاملا|كامل|كاملين|كلها|كلهم|بالزاف|دقه وحده|مره وحده)"
# Self-harm: cutting, hurting oneself; "yedi"/"يدي" (my hand) only with a blade (an accident in the kitchen is
# not self-harm: see _UNLESS_EXTRA).
_BLADE_LATN = r"(mous|mos|jenwi|chafra|lame|zaj|jaj|sekin|skin|chfra|lmous|lmos|ljenwi|lchafra|zjaja)"
_BLADE_AR = r"(بال|ب)?(موس|سكين|جنوي|شفره|زاج|زجاج|زجاجه|لام|مقص)"

# Someone looking for the person, waiting for them, near them; fleeing; a hiding place.
_SEARCH_ME_FR = r"\b(il|ils|mon mari|mon ex|mon pere|mon frere|elle|on) (me|nous) (cherche|cherchent|poursuit|poursuivent|traque|traquent|guete)\b"
_SEARCH_ME_LATN = (r"(\b(kay|tay|ka|ra|rah)?\s?(t)?(9|q)(e|a)?l(e|a)?b 3l(iya|ia|ya|ina|iha|ih)\b|\bkayd(o|ou)?w?r 3l(iya|ia|ya|ina)\b"
                   r"|\bkay(7|h)aws? 3l(iya|ia|ya|ina)\b|\bkayfet(e|a)?ch 3l(iya|ia|ya|ina)\b|\bkayts?(e|a)?n(e|a)?(ni|na)\b)")
_SEARCH_ME_AR = (r"((كيقلب|يقلب|تيقلب|كيدور|يدور|يبحث|يفتش|كيفتش|كيحوس|يحوس|كيتسنا|يتسنا|ينتظر|كينتظر)\w{0,2}\s?(عليا|علي|عني|علينا|عنا|ني|نا|فيا|عليها|عنها|عليه|عنه)\b"
                 r"|(كيتسناني|يتسناني|ينتظرني|كينتظرني|تيتسناني))")
_FLED_FR = r"\b(enfui|enfuie|echape|echapee|sauve|sauvee|evade|evadee|fui|fuis|fuit|partie en courant|sortie en courant)\b"
_FLED_LATN = r"\b(hrebt|hrbt|hrabt|harbt|hrebna|hrbna|flet|flt|tfelet|hareba|harba|hareb|hrbat|hrebat|hrbo|hrbou)\b"
_FLED_AR = r"(هربت|هربنا|فريت|فررت|لجات|لجانا|هاربه|هارب|خرجت هاربه|هربات|هربو|هربوا)"
_NEAR_FR = (r"\b(il|ils) (est|sont) (juste |toujours |encore |deux |trois |plusieurs |quatre )?(a cote|dans la piece|derriere la porte|a la maison|dans la maison|ici|la|"
            r"dans le salon|dans la chambre|dans la cuisine|dehors|en bas|devant)\b")
_NEAR_LATN = (r"\b(rah|ra|howa|hiya|rahom|homa)\s(7da|hda|7dani|hdani|7daya|hdaya|7dana|m3aya|m3ana|mouraya|moraya|mora|f (d)?dar|"
              r"f (l)?bit|f salon|f (s)?sala|hna|bara|bera|barra|lbara|9dam|qdam|gdam)\b")
_NEAR_AR = (r"(راه|هو|انه|راهم|هوما)\s?(حدايا|حداي|حدانا|بجانبي|جنبي|معايا|معي|معانا|فالدار|ف الدار|في البيت|فالبيت|هنا|قريب|برا|بره|"
            r"في الخارج|فالخارج|قدام|امام|موراي|ورايا|وراي)")
_AGITATION_LATN = (r"\b(kaygheyet|kaygheyt|kayghowet|kaygh?ouwet|kaysowet|kaysiye7|kaysi7|kayzayer|kayzeyer|sker|sakran|m9arqeb|"
                   r"mqarqeb|kayhded\w{0,4}|tayhded\w{0,4}|khayfa|khayef|khayf|5ayfa|5ayef|bo7di|bou7di|wahdi|wa7di|ghadi ydkhol|"
                   r"bgha ydkhol|kay7awel ydkhol|bjehd\w{0,2}|bl9wa|bel9wa|3te9ouni|3awnouni|dghya|daba)\b")
_AGITATION_AR = (r"(خايفه|خايف|اخاف|سكران|مخمور|سكر|مقرقب|دابا|الان|كيغوت|يصرخ|يصيح|كيعيط|غادي يدخل|يدخل|بجهدو|بجهد|بالقوه|بقوه|"
                 r"عتقوني|بوحدي|وحدي|الحقوني|يهدد|كيهدد|ساعدوني|عاونوني)")

# Burning: fuel poured, gas opened, fire set, boiling water or oil.
_FUEL_FR = r"(essence|petrole|alcool a bruler|white spirit|gasoil|acide|huile bouillante|eau bouillante|huile chaude)"
_FUEL_LATN = (r"(l?isans|l?isance|l?esence|l?essence|benzine|lbenzine|gazoil|gazwal|mazout|l?asid|acide|ma nar|lma (l)?(q|9)ate3|"
              r"(l)?zit s(kh|5)(o|ou)n|(l)?ma s(kh|5)(o|ou)n|(l)?ma kaybgh?li|(l)?zit kaybgh?li|lma (l)?mghli)")
_FUEL_AR = (r"((ال|ا)?(بنزين|ليصانص|ليسانس|اسانس|ليسنس|ليزانص|كاز|غازوال|مازوط|اسيد)|ماء النار|الماء القاطع|الما القاطع|"
            r"(الماء|ماء|الما|ما|الزيت|زيت) (المغلي|مغلي|السخون|سخون|الحار|حار|الساخن|ساخن|كيغلي|يغلي))")

_PATTERNS["threat_to_life"] += [
    # Burning: fuel poured or a fire set/threatened; gas opened with the door shut.
    ("fr-burn", r"\b(verse|renverse|jete|asperge|arose|repandu|met|mis|vide)\w{0,2} (de l |d |du |de la |l |le |la |sur moi |partout )?"
                + _FUEL_FR + r"|\b" + _FUEL_FR + r"\b.{0,40}\b(briquet|alumet\w{0,3}|feu|bruler|sur moi|sur nous|partout)\b"
                r"|\b(mettre|met|mis|fout|foutre)\w{0,2} le feu\b|\b(ouvert|laise|alume|ouvre)\w{0,2} (le|tout le|les) gaz\b.{0,40}\b(ferme|porte|fenetres|mourir|tuer|tous)\b"
                r"|\b(menace|menacer|va|veut|essaie) de (me |nous |tout )?bruler\b"
                r"|\b(y a|il y a|ya) le feu\b|\b(brule|incendie|mis le feu a)\w{0,2} (la maison|l apart\w*|les rideaux|le lit|la chambre|la cuisine|le matelas)\b"),
    ("latn-burn-fuel", r"\b(kab|kb|keb|kob|sob|sb|seb|rach|rech|rache|dfe9|dfa9|lo7|la7|kaykob|kaykeb|kaysob|kayrech)\w{0,3}\s?"
                       r"(3liya|3lia|3lina|fiya|f (d)?dar|f (l)?bit|f salon)?\s?(l)?" + _FUEL_LATN + r"\b"
                       r"|\b(7el|7al|hel|fte7|fta7|tle9|tleq)\w{0,2}\s?(l)?gaz\b.{0,30}\b(sed|9fel|qfel|sker|bab|3lina|3liya|nmout|ymout|y(q|9)tel|bgha|ghadi)\b"
                       r"|\b(l)?gaz\s(m(7|h)lo?u?l|meftou(7|h)|mft(7|h)|(7|h)al)\b.{0,30}\b((l)?bab|msdo?u?d|m(9|q)fo?u?l|sed|3lina|3liya)\b"
                       r"|\b(kay|gha|ghadi|bgha|ra|rah|baghi|ghay|y)\w{0,3}\s?(h|7)(e|a)?r(e|a)?(q|9)\w{0,3}\s(d?dar|lbit|lmanzil|dari|kolchi|3lina|rasi)\b"
                       r"|\b(y|kay|bgha y|ghadi y)\s?(ch|sh)(e|a)?3(e|a)?l\w{0,3}\s(l)?(we(9|q)id|wa(9|q)id|nar|l3afya|fiya|f (d)?dar)\b"
                       r"|\b(l)?3afya (f|fe) (d)?dar\b|\bdar (kat|tat)(ch3el|(7|h)re(q|9))\b"
                       r"|\b(bgha|ghadi|kay|gha|baghi)\s?y?(ch|sh)(e|a)?w(e|a)?t\w{0,3}\s(lia |liya |lya )?(wjhi|jesmi|yedi|rasi)\b"
                       r"|\b(s(kh|5)(e|a)n|sakhen)\s(l)?(zit|ma)\b.{0,40}\b(ykob|ykeb|ysob|y(h|7)re(q|9)|3liya|fiya|wjhi)\b"),
    ("ar-burn-fuel", r"(كب|صب|سكب|رش|دفق|لاح|هرق|يكب|يصب|يرش|كيكب|كيرش|كيصب|غادي يكب|غادي يصب)\w{0,3}\s?(عليا|علي|علينا|فيا|ف الدار|فالدار|في البيت|فالبيت)?\s?"
                     + _FUEL_AR
                     + r"|((حل|فتح|طلق)\s?(ال)?غاز|(ال)?غاز (محلول|مفتوح|محلوله))\b.{0,30}(سد|قفل|سكر|اغلق|الباب|علينا|عليا|يحرق|يقتل|نموت|يموت|غادي)"
                     + r"|(يحرق|كيحرق|غادي يحرق|سيحرق|يحاول حرق|يحاول احراق|احراق|حرق|بحرق|باحراق|يشعل|اشعل|شعل|باشعال|يشعل|كيشعل|غادي يشعل|بغا يشعل)"
                     r"\w{0,2}\s?(ي|ني|نا|الدار|البيت|المنزل|الدار علينا|النار|فيا|فينا|العافيه)\b"
                     + r"|(سخن|سخنت|يسخن|كيسخن)\s?(ال)?(زيت|ماء|ما)\b.{0,40}(يكب|يصب|كب|صب|عليا|علي|وجهي)"
                     + r"|(العافيه|النار) (ف|في|فال)\s?(ال)?(دار|بيت|منزل)|(الدار|البيت|المنزل) (كتشعل|كتحرق|شاعله|تحترق|يحترق)"
                     + r"|(يشوط|شوط|كيشوط|يحرق|حرق|كيحرق)\s?(ليا|لي)?\s?(وجهي|جلدي|يدي|راسي|جسمي)"),
    # Strangling now ("kaykhne9 fiya", "il me serre le cou", "يضغط على رقبتي").
    ("fuel-can", (r"\b(bidon|jerican|jerrican|bouteille|canete|bido)\s(d |de |du |de l )?(essence|petrole|alcool a bruler|gasoil)\b"
                 r"|\b(bidon|bido|jerican|(9|g)ar3a|bouteille)\s(dyal|d)\s(l)?(isans|isance|esence|essence|benzine|gazoil|gazwal|mazout)\b"
                 r"|(بيدو|بيدون|قرعه|قاروره|جركان|جريكان|برميل|دلو)\s?(ديال\s|من\s)?(ال|ا)?(ليصانص|يصانص|بنزين|اسانس|ليسانس|يسانس|غازوال|مازوط|كاز)")),
    ("fr-strangle", (r"\b(me|m) (sere|prend|tient|atrape|empoigne|ecrase|comprime|apuie sur)\w{0,2} (le cou|la gorge|par le cou|par la gorge)\b"
                    r"|\bmains? autour (de mon|du) cou\b|\bil m (etrangle|etoufe)\b")),
    ("latn-strangle-fiya", (r"\b(kay|tay|ka|ta|y|t)?kh?n(e|a)?(q|9|k)\w{0,2}\s(fiya|fia|fya|fina)\b"
                      r"|\b(kay|ka|ra|rah)?\s?(chedni|chadni|chdni|9bdni|qbedni|masekni)\s(mn|men|f)\s(3n9i|3onqi|3on9i|ra9bti|rqebti|rgebti|r9bti)\b"
                      r"|\b(ydih|yedih|ydo|yedo|ydiha|yidih)\s(3la|f)\s(3n9i|3onqi|3on9i|3n9|ra9bti|rqebti|rgebti|rgbti|r9bti)\b"
                      r"|\b(chedni|chadni|chdni|9bdni|qbedni|masekni)\s(mn|men|f)\s(3n9i|3onqi|3on9i|ra9bti|rqebti|rgebti|r9bti)\b")),
    ("ar-strangle", (r"(خنق|يخنق|كيخنق|تيخنق)\w{0,2}\s?(فيا|فينا)\b"
                    r"|(شدني|شادني|مسكني|ماسكني|قبضني|قبض|يضغط|كيضغط|ضغط|يعصر|كيعصر)\s?(من|على|ف)\s?(عنقي|رقبتي|حلقي)"
                    r"|(يديه|يدو|يديه|ايديه)\s?(على|ف|في)\s?(عنقي|رقبتي|حلقي)")),
    # Threats to finish someone off: "tonight is your last night", "ghadi n3dmek", "غادي نصفيك".
    ("latn-finish", (r"\b(gha|ghadi|ghan|bgha|ghay|baghi)\w{0,2}\s?(n|y|t)?(3(e|a)?dm|s(e|a)?f|tf)(ek|ak|ik|ni|na|ha|kom)\b"
                    r"|\bakh?(e|i)r\s(lila|nhar|youm)\s(lik|likom|f (7|h)yatek|dyalek)\b")),
    ("fr-acid", r"\b(menace|menacer|jeter|lancer|asperger|verser|versé|jete|lance|asperge|verse)\w{0,2}\b.{0,30}\b" + _ACID_FR + r"\b"
                r"|\b" + _ACID_FR + r"\b.{0,30}\b(visage|figure|sur moi|au visage|dans les yeux)\b"),
    ("latn-acid", r"\b(hded|yhded|kayhded|tayhded|hdedni|bgha|ghadi|gha|yrmi|rma|rach|rech|kab|kb|ykob|yrach|kayrmi|kayrech)\w{0,4}\b.{0,25}\b" + _ACID_LATN + r"\b"),
    ("ar-acid", _AB + r"(هدد|يهدد|كيهدد|تيهدد|بغا|غادي|يرمي|رمي|برمي|رمى|رش|كب|يرش|يكب|سيرمي|يريد)\w{0,4}\s?.{0,25}" + _ACID_AR),
    ("ar-finish", r"(اخر|آخر)\s(ليله|نهار|يوم|مره)\s(ليك|ليكي|لك|ليكم|فحياتك|ف حياتك|في حياتك|ديالك)|(كيقتل|يقتل|تيقتل)\s(فيا|فينا)"),
    ("fr-finish", (r"\b(c est|ce sera|ce soir c est) (ta|votre) derniere (nuit|soiree|journee)\b|\b(tu vas|vous allez) mourir\b"
                  r"|\bregler (mon|ton|son|leur|notre) compte\b|\bfaire la peau\b"
                  r"|\b(menace|menacer) de (le|la|les|me|nous) (jeter|lancer) (par|du|de la|dans)\b|\bmenace de (le|la|les) jeter $")),
]

_PATTERNS["violence_now"] += [
    # Dragged by the hair, trampled, kicked now.
    ("fr-dragged", (r"\b(me|m) (tient|tire|atrape|traine|tiens)\w{0,2} par les cheveux\b|\bme (traine|tire) (par terre|sur le sol|dans)\b"
                   r"|\bme (pietine|pietinent|done des coups de pied)\b")),
    ("latn-dragged", (r"\b(kay|ka|tay|ra|rah)?\s?(chedni|chadni|jerni|jerrni|jer fiya|sa7bni|s7bni|9bedni)\s(mn|men|f)\s(cha3ri|cha3r|cha3ri)\b"
                     r"|\bkay(3fes|3efes|dous|dos|rkel|rfes)\s?(3liya|3lia|fiya|fia)\b")),
    ("ar-dragged", _AB + r"(شدني|جرني|كيجرني|يجرني|يسحبني|سحبني|ماسكني|كيسحبني)\s?(من|ف)?\s?(شعري|شعوري)|(شعري|شعوري)\s?(و)?(كيجرني|يجرني|يسحبني|كيسحبني)"
                   r"|" + _AB + r"(كيعفس|يعفس|عفس|كيدوس|يدوس|يركل|كيركل|يرفس|كيرفس)\w{0,2}\s?(عليا|علي|فيا|ني)\b"),
    # Stabbed ("طعنني", "khwerni", "poignardée" is in fr-weapon-stab)
    ("ar-stabbed", _AB + r"((طعن|طعنو|طعنه|ضرب)\w{0,2}(ني|نا|ها)?\s?(ب|بال)?(سكين|موس|جنوي|خنجر)|(طعنني|طعنوني|طعنها|تطعنت|طعنات))"),
    ("latn-stabbed", r"\b(khwer|khwr|t?khwer)\w{0,2}(ni|ha|na|o|ou)?\b.{0,20}\b(mous|jenwi|sekin|skin|sekina|skina)\b|\bkhwerni\b"),
    # Calls for the police / an ambulance, now (imperative, or with an urgency word).
    ("fr-call", (r"\b(appelez|envoyez|prevenez|faites venir|appelle vite|envoie vite)\s(moi\s)?(vite\s)?(la|les|le|une|un|des)?\s?"
                r"(police|flics|gendarmes|gendarmerie|pompiers|secours|ambulance|samu|protection civile|19|15|177|urgences)\b"
                r"|\b(police|ambulance|secours|pompiers|samu|gendarmes)\s(svp |stp |s il vous plait )?(vite|tout de suite|urgent|urgence|immediatement)\b"
                r"|\bvite\s(la|une|les|le)\s(police|ambulance|secours|pompiers|samu|gendarmes)\b")),
    ("latn-call", (r"\b(3ayto|3aytou|3ayetou|3ayeto|3yto|3iyto|3ayet|3eyto|3eytou|3ayti|sifto|siftou|sifti|seyfto|siyfto|jibo|jibou|"
                  r"dwiw|ttasslo|tasslo|ta9aso|tasalo|tlbo|tlbou|tolbo)\s(3la\s|l\s|li\s|m3a\s|lia\s|liya\s|lina\s)?(l)?(bolis|boulis|polis|police|ambulance|ambilans|ambulans|"
                  r"lambilans|l?2?is3af|lis3af|sbitar|l?7imaya|l?himaya|protection civile|pompiers|jadarmi|jadarmia|jadarmiya|gendarme|gendarmerie|19|15|177)\b")),
    ("latn-police-now", (r"\b(l)?(bolis|boulis|polis|police|ambulance|ambilans|ambulans|jadarmi\w{0,2})\s(\w+\s)?(daba|dghya|dghia|bzerba|vite|urgence)\b"
                        r"|\b(daba|dghya|dghia|bzerba|vite|urgence)\s(\w+\s)?(l)?(bolis|boulis|polis|police|ambulance|ambilans)\b")),
    ("ar-call", (r"(?<!\S)و?(طلبو|اطلبو|عيطو|عيطوا|عيط|اتصلوا|اتصلو|اطلبوا|اطلبو|ارسلوا|ارسلو|ابعثوا|ابعثو|صيفطو|صيفطوا|صيفط|جيبو|جيبوا|نادوا|نادو|خبرو|خبروا)"
                r"\s?(لي\s|ليا\s|لنا\s|لينا\s)?(على|ل|لي|ب|بال|ال)?\s?(ال)?(سياره (ال)?اسعاف|بوليس|شرطه|اسعاف|بيلانس|لابيلانس|امبولانس|لامبيلانس|وقايه المدنيه|وقايه|"
                r"مطافي|درك|جدارمي|جدارميه|نجده|حمايه المدنيه|19|15|177)")),
    ("ar-police-now", r"(بوليس|شرطه|اسعاف|لابيلانس|امبولانس|الدرك|الوقايه المدنيه)\s?(\S+\s)?(بسرعه|فورا|دغيا|بالزربه|حالا|عاجل|دابا|الان)"),
    ("come-quick", (r"\b(jiw|ajiw|aji|ajiwni|jiwni|venez|venez moi|tal3o)\s(\w+\s)?(dghya|daba|db|bzerba|vite|tout de suite|urgence)\b"
                   r"|(?<!\S)(جيو|اجيو|تعالوا|تعالو|ارواحو|اجيوني|جيوني)\s?(\S+\s)?(دغيا|دابا|بالزربه|بسرعه|فورا|حالا|عاجلا)"
                   r"|\b(rah|ra|howa)\s?(kay|ka|ta|tay)(hres|hers|kser|kaser|keser|7tem|htem)\w{0,2}\s(kolchi|kolshi|kolech|dar|lbab|lbit)\b"
                   r"|(راه|انه|هو)\s?(كي|تي|ي)(هرس|كسر|حطم)\w{0,2}\s?(كلشي|كل شي|الدار|الباب|البيت)")),
    # A bare cry: the whole message is "urgence", "danger", "خطر", "حالة طارئة"… with fillers only.
    ("bare-cry", (r"^ ((svp|stp|s il vous plait|3afak|3afakom|3fak|عافاك|عافاكم|من فضلكم|من فضلك|ارجوكم|ارجوك|please|pls|vite|daba|db|"
                 r"دابا|الان|maintenant|c est|une|un|عندي|انا|ana|rani|راني|3ndi|هادي|هذه|il y a|y a|ya|aidez moi|help|عاوني|عاونوني|"
                 r"ساعدوني) )*(urgence|danger|khatar|5atar|خطر|طارئ|طاريه|طارئه|طوارئ|حاله طارئه|حاله طاريه|حاله استعجاليه|حاله مستعجله|"
                 r"استغاثه|sos|mayday|police|la police|lbolis|bolis|l bolis|البوليس|بوليس|الشرطه|شرطه|ambulance|lambulance|الاسعاف)( (svp|stp|s il vous plait|3afak|3afakom|عافاك|عافاكم|من فضلكم|ارجوكم|please|pls|vite|daba|db|دابا|"
                 r"الان|maintenant|absolue|imediat|immediat|extreme|jdan|جدا|bzaf|بزاف|قصوي|urgence|danger|خطر|aidez moi|help|عاوني|"
                 r"عاونوني|ساعدوني|3awnouni|3awni))* $")),
    # urgent help, now or as the whole request ("أحتاج إلى مساعدة عاجلة الآن"); not "une aide urgente pour le loyer"
    ("urgent-help", (r"(\b(aide|secours) (urgente|urgent|imediate|immediate)\b|(مساعده|نجده|اغاثه)\s(عاجله|فوريه|مستعجله)"
                     r"|\b(3awn|mosa3ada|mossa3ada|mousa3ada)\s(daba daba|dghya|urgence|urgente)\b)"
                     r"( (svp|stp|s il vous plait|3afak|3afakom|عافاكم|عافاك|من فضلكم|ارجوكم|please))*"
                     r"( $| (" + _NOW_FR[1:-1] + "|" + _NOW_LATN + "|" + _NOW_AR[1:-1] + r"))")),
    # Urgency said twice with a cry for help or someone coming ("vite vite il revient", "دابا دابا عاوني").
    ("double-urgent", _DOUBLE_URGENT + r".{0,40}(" + _HELP_WORDS[1:-1] + r"|\bil\b|\bils\b|\brah\b|راه|داخل|دخل|جاي|\bdakhel\b|\bdkhel\b|\bjay\b)"
                      r"|(" + _HELP_WORDS[1:-1] + r").{0,20}" + _DOUBLE_URGENT),
    # The aggressor at the door, inside, coming, or about to hit.
    ("forced-entry", r"\b(entre|entree|rentre|introduit|penetre|debarque|monte)\w{0,2} (chez moi|chez nous|dans (ma|la|notre) maison|dans (mon|l) apart\w*|dans ma chambre)"
                     r" (de force|par efraction|en force|sans permission|en cassant)\b|\befraction\b"
                     r"|\b(dkhel|dkhl|dakhel|tle3|tla3|tal3)\s((l|f|3la)\s?)?((d)?dar|lbit|bit|3liya|3lina)?\s?(bzez|bzz|bl(9|q)wa|bel(9|q)wa|b(e|a)?sif)\b"
                     r"|" + _AB + r"(دخل|داخل|اقتحم|طلع)\w{0,2}\b.{0,40}(بزز(?!\w)|بالزز|بالقوه|بالسيف|عنوه)"
                     r"|(يحل|يفتح|فتح|حل|كيحل|كيفتح|يكسر)\s?(ال)?(باب|شرجم|نافذه)\s?(بزز(?!\w)|بالزز|بالقوه|بقوه)"
                     r"|\b(y|kay|ky)?(7el|7al|hel|fte7|fta7|kser)\w{0,2}\s?(l)?(bab|charjem|fnetra)\s?(bzez|bzz|bl(9|q)wa|bel(9|q)wa)\b"),
    ("fr-here", _NEAR_FR + r".{0,60}\b(peur|vite|aide|aidez|au secours|secours|va me|vont me|veut me|tape|frape|cogne|crie|hurle|"
                r"menace|casse|entrer|cache|avec (un|une)|seule|tremble|panique)\b"
                r"|\b(peur|vite|au secours|aidez moi|tremble|panique|terorisee|terifiee)\b.{0,40}" + _NEAR_FR
                + r"|\b(il|ils) (est|sont) (juste |encore |toujours )?(derriere|devant|a) (la|ma|notre) porte\b"),
    ("fr-coming", (r"\b(il|ils) (arive|arivent|revient|reviennent|rentre|rentrent|remonte|monte|est en route|vient|viennent|debarque|approche)\b"
                  r".{0,60}\b(vite|peur|cacher|cache|partir|fuir|pour me|pour nous|aidez|au secours|tout de suite|il va|ils vont|avec (un|une)|seule|tremble)\b"
                  r"|\b(vite|peur|au secours|aidez moi|cacher)\b.{0,30}\b(il|ils) (arive|arivent|revient|reviennent|rentre|monte|approche)\b")),
    ("present-on-me", r"\b(rah|ra|raha|raho|rahom|howa daba)\s(kay|tay|ka|ta)(dreb|drab|drb|derb|dorb|khne(q|9)|3ewer|jre(7|h))\w{0,2}\s(fiya|fia|fya|fina)\b"
                      r"|" + _AB + r"(راه|راهو|را|راها|راهم|انه)\s?(كي|تي|ي)(ضرب|خنق|عور|جرح)\w{0,2}\s?(فيا|فينا)\b"
                      r"|\b(rah|ra|raha|raho|rahom|howa daba)\s(kay|tay|ka|ta)(dreb|drab|drb|derb|dorb|3nef|khne(q|9)|ghtas(e|a)?b|9tel|qtel|"
                      r"dbe(7|h)|(7|h)re(q|9)|jre(7|h)|3ewer|3aweer)\w{0,2}(ni|na|oni|ouni)\b"
                      r"|" + _AB + r"(راه|راهو|را|راها|راهم|انه|ها هو)\s?(كي|تي|ي)(ضرب|عنف|خنق|غتا?صب|قتل|ذبح|حرق|جرح|عور|طعن)\w{0,2}(ني|نا)\b"
                      r"|\b(bda|bdat|bdaw|bdaa)\s(kay|tay|y)(dreb|drab|drb|derb|dorb|3nef|khne(q|9)|ghtas(e|a)?b)\w{0,3}\b"
                      r"|" + _AB + r"(بدا|بدات|بداو|بدء)\s?(كي|تي|ي)(ضرب|عنف|خنق|غتا?صب|يضرب)\w{0,3}"
                      r"|\b(s est mis|se sont mis|commence|a commence|recommence) a (me |nous )?(fraper|batre|taper|cogner|etrangler|tabaser)\b"),
    # hitting again, now ("il recommence", "3awd kaydrebni daba", "ودابا عاود كيضربني"): not cancelled by a past clause
    ("hit-again-now", r"(" + _NOW_FR[1:-1] + "|" + _NOW_LATN + "|" + _NOW_AR[1:-1] + r").{0,30}"
                      r"(\b3aw(e)?d\w{0,2}\b|عاود\w{0,2}|\brecommence\b|\bencore\b|\bde nouveau\b|\ba nouveau\b|\bmn jdid\b|من جديد|تاني)"
                      r".{0,20}(\b(frape|bat|tape|cogne|etrangle|tabase)\b|\b(kay|ka|tay)(dreb|drab|drb|derb|dorb)\w{0,4}|(كي|تي|ي)ضرب)"
                      r"|(\b3aw(e)?d\w{0,2}\b|عاود\w{0,2}|\brecommence\b|\bencore\b|\bde nouveau\b|\bmn jdid\b|من جديد)"
                      r".{0,20}(\b(frape|bat|tape|cogne|etrangle|tabase)\b|\b(kay|ka|tay)(dreb|drab|drb|derb|dorb)\w{0,4}|(كي|تي|ي)ضرب)"
                      r".{0,30}(" + _NOW_FR[1:-1] + "|" + _NOW_LATN + "|" + _NOW_AR[1:-1] + r")"),
    # hitting me + "now" side by side: strong even after a past clause ("hier il m'a frappée et là il me frappe encore")
    ("hit-me-now", r"\b(me|m|nous) (frape|frap|bat|tape|cogne|etrangle|tabase|etoufe)\w{0,2}( encore| toujours| fort| dessus)? " + _NOW_FR
                   + r"|(?<!kan )(?<!kant )\b(kay|tay|ka|ta)(dreb|drab|drb|derb|dorb|khne(q|9))(ni|na)\s" + _NOW_LATN
                   + r"|(?<!كان )(?<!كانت )" + _AB + r"(كي|تي|ي)(ضرب|خنق|عنف)(ني|نا)\s?" + _NOW_AR),
    ("fr-just-hit", r"\b(vient|viens|viennent) de (me|m|nous) (fraper|gifler|batre|taper|cogner|etrangler|poignarder|bleser|tabaser|pousser|brutaliser)\b"),
    ("fr-imminent", (r"\b(il|ils|elle) (va|vont|veut|veulent|essaie de|essaye de|tente de) (me|m|nous) (fraper|batre|taper|tabaser|defoncer|"
                    r"agreser|violer|casser la gueule|cogner)\b"
                    r"|\ben train de (caser|detruire|defoncer|briser|tout caser)\b|\b(casse|cassent|detruit|defonce|brise|fracase|renverse)\w{0,2} (tout|toute la maison|les meubles|les portes)\b.{0,40}"
                    r"\b(bourre|saoul|soul|ivre|drogue|maintenant|peur|vite|va me|aidez|va monter|va venir|va entrer|va arriver|en train)\b"
                    r"|\b(bourre|saoul|soul|ivre|drogue)\b.{0,40}\b(casse|cassent|detruit|defonce|brise|fracase)\w{0,2} (tout|la maison|les meubles)\b"
                    r"|\b(frape|cogne|tape|ecrase|claque|fracase)\w{0,3} (ma|la) tete (contre|par terre|sur)\b|\b(me|m) (cogne|frape|tape|ecrase|claque) la tete\b"
                    r"|\b(jete|jetee|pousse|poussee|plaque|plaquee)\s(a|par|au)\s?(terre|sol)\b.{0,40}\b(frape|cogne|tape|coups)\b")),
    ("latn-here", r"\b(rah|ra|howa)\s(wa(9|q)ef|w(9|q)ef|7da|hda|(9|q|g)dam)\s(3la|f|fe)?\s?(l)?(bab|charjem|cherjem|fnetra)\b"
                  r"|\b(rah|ra|howa)\s(wa(9|q)ef|w(9|q)ef|7da|hda|(9|q|g)dam|t(7|h)t)\s(3la|f|fe)?\s?(l|d)?(dar|bit)\b.{0,30}" + _AGITATION_LATN
                  + r"|" + _AGITATION_LATN + r".{0,30}\b(rah|ra|howa)\s(wa(9|q)ef|w(9|q)ef|7da|hda|(9|q|g)dam|t(7|h)t)\s(3la|f|fe)?\s?(l|d)?(dar|bit|bab)\b"
                  + r"|\b(kay|tay|ka|y)?(de(q|9|g)|do(q|9)|dq|d9|khbet|khebt|dfe3)\w{0,2}\s(3la|f)\s?(l)?(bab|charjem|cherjem|fnetra)\b.{0,40}" + _AGITATION_LATN
                  + r"|" + _AGITATION_LATN + r".{0,40}\b(kay|tay|ka)(de(q|9|g)|do(q|9)|khbet|khebt)\w{0,2}\s(3la|f)\s?(l)?(bab|charjem)\b"
                  r"|\b(dkhel|dekhel|dakhel|dkhl)\s(3liya|3lia|3lina|l (d)?dar|l (l)?bit)\b.{0,30}\b(daba|dghya|bgha|ghadi|3te9ouni|khayfa)\b"
                  r"|\b(ghadi|gha|bgha|kay7awel|ghay|baghi)\s?y?dkhol\b.{0,30}\b(dghya|daba|db|3te9ouni|3afakom|khayfa|3awnouni)\b"
                  r"|\bkay(7|h)awel y?dkhol\b|\by?dkhol (bzez|bl(9|q)wa|b(e|a)sif)\b"),
    ("head-wall", r"\b(kay|tay|ka|ra|rah|y)?(dreb|drb|khbet|khebt|dfe3|derb)\w{0,3}\s(b)?(rasi|rassi|ras)\s(m3a|f|b|fe|3la)\s?(l)?(7it|7ayt|hit|ard|lard|l2ard|bab|7ayet)\b"
                  r"|" + _AB + r"(كي|ي|تي)?(ضرب|خبط|دفع)\w{0,2}\s?(ب)?(راسي|راسها)\s?(مع|ف|في|على|علي|ب|بال)\s?(ال)?(حيط|حايط|حايط|ارض|باب|جدار)"),
    ("latn-imminent", (r"\b(gha|ghadi|ghay|bgha|baghi|kay7awel|ghan)\w{0,2}\s?y(dreb|drb|drab|hres|7res|hers|3ewer|ghtasb|ghtaseb|kser|khne9|khneq)"
                      r"\w{0,4}\s?(ni|na|rasi|wjhi|liya|lia)?\b"
                      r"|\b(tay7ni|ta7ni|rmani|lo7ni|jerni|tiye7ni)\s(f|3la|fe)\s?(l)?(ard|lard|l2ard)\b"
                      r"|\b(sker|sakran|m9arqeb|mqarqeb|drogue)\b.{0,30}\bkay(kser|kaser|keser|hres|hers)\w{0,2}\s(kolchi|kolshi|lbab|lmwa3en|dar)\b"
                      r"|\bkay(kser|kaser|keser)\w{0,2}\s(kolchi|kolshi)\b.{0,40}\b(sker|sakran|khayfa|daba|mkh\w{0,6})\b")),
    ("ar-here", r"(راه|هو|انه|راهم)\s?(واقف|حدا|قدام|امام|تحت)\s?(ال)?(دار|بيت|منزل|عماره|شقه|باب)\b.{0,30}"
                + _AGITATION_AR + r"|(خايفه|خايف|اخاف|خائفه|خائف)\b.{0,30}(راه|هو|انه|راهم)\s?(واقف|حدا|قدام|امام|تحت)\s?(ال)?(دار|بيت|منزل|عماره|شقه|باب)" + r"|" + _SEARCH_ME_AR + r".{0,30}(خايفه|خايف|اخاف|برا|بره|الباب|بالموس|دابا|الان)"
                + r"|(خايفه|خايف|اخاف|برا|بره|الباب|بالموس)\b.{0,30}" + _SEARCH_ME_AR
                + r"|(كيدق|يدق|تيدق|كيطرق|يطرق|كيخبط|يخبط|كيضرب|يضرب)\s?(على|ف)?\s?(ال|فال)?(باب|شرجم|نافذه)\b.{0,40}" + _AGITATION_AR
                + r"|" + _AGITATION_AR + r".{0,40}(كيدق|يدق|كيطرق|يطرق|كيخبط|يخبط)\s?(على|ف)?\s?(ال|فال)?(باب|شرجم|نافذه)"
                + r"|(اقتحم|يقتحم|يحاول اقتحام|يحاول الدخول|يحاول يدخل|كيحاول يدخل)"
                + r"|(داخل|دخل|غادي يدخل|بغا يدخل)\s?(عليا|علينا|علي|للدار|للبيت|الدار|البيت|المنزل|منزلي|الي)?\b.{0,30}(دابا|الان|بالموس|بالسيف|بالجنوي|يهدد|كيهدد|يحاول)"),
    ("ar-coming", _URGENT_AR + r"\s?(راه|هو|انه)\s?(جاي|راجع|عايد|قادم|جاء|رجع|داخل)\b"
                  r"|(راه|هو|انه)\s?(جاي|كيطلع|طالع|يصعد|قادم|راجع|عايد|كيقرب|يقترب|وصل|داخل)\b.{0,40}(بوحدي|وحدي|خايفه|خائفه|اخاف|عتقوني|ساعدوني|"
                  r"بالموس|باش|ليقتلني|عاونوني|دابا|الان)"),
    ("latn-coming", (r"\b(dghya|dghia|bzerba|bsr3a|vite|daba daba)\s(rah|ra|howa)\s(jay|raje3|rje3|dakhel|wsel|tal3)\b"
                    r"|\b(rah|howa|ra)\s?(jay|tal3|kayetla3|kaytla3|raje3|kay(9|q)reb|wsel|dakhel)\b.{0,40}\b(bo7di|bou7di|wa7di|wahdi|khayfa|khayef|"
                    r"3te9ouni|3awnouni|bach|daba|dghya)\b")),
    ("ar-imminent", (r"(سيضرب|سوف يضرب|غادي يضرب|غيضرب|غايضرب|بغا يضرب|باغي يضرب|يريد ان يضرب|يريد ضرب|يحاول ضرب|سيعتدي|يحاول الاعتداء|"
                    r"بغا يعتدي|سيغتصب|يحاول اغتصاب|بغا يغتا?صب|كيحاول يغتا?صب|يحاول يغتا?صب|غادي يغتا?صب)\w{0,4}"
                    r"|(طيحني|طاحني|رماني|لاحني|جرني|سحلني|ضربني)\s?(ف|على|في|فال|ل)\s?(ال)?ارض"
                    r"|(سكران|مخمور|سكر|مقرقب)\b.{0,30}(يكسر|كيكسر|يحطم|كيهرس|يهرس)\s?(كل شي|كلشي|كولشي|الابواب|الاواني|الماعون|الدار)"
                    r"|(يكسر|كيكسر|يحطم)\s?(كل شي|كلشي|كولشي|الابواب)\b.{0,30}(الان|دابا|وسيضرب|غادي|خايفه)"
                    r"|(صب|كب|رش|رمى|لاح)\w{0,2}\s?(عليا|علي|فيا|على وجهي)\s?(ال)?(ماء|ما|زيت)\s?(ال)?(مغلي|سخون|حار|ساخن|كيغلي)")),
]

_PATTERNS["weapon"] += [
    # Someone moving, searching, standing or threatening with a weapon ("il me cherche avec un couteau",
    # "dkhel 3liya b jenwi", "واقف فوق راسي بالجنوي").
    ("fr-weapon-with", r"\b(il|ils|elle|homme|hommes|mec|type|types|mari|ex|frere|pere|voisin|quelqu un|inconu|cousin|fils|beau frere|"
                       r"beau pere|oncle)\b.{0,50}\b(avec|arme d|arme de)\s(un|une|son|sa|ses|des|le|la)\s" + _WEAPON_FR + r"\b"
                       r"|\b(il|ils|elle) (est|sont) arme(e|s)?\b|\b(homme|hommes|type|mec|individu|individus|inconu|quelqu un|mari|ex) (est |sont )?arme(e|s)?\b"
                       r"|\b(il|ils|homme|mari|ex|frere|pere)\b.{0,50}\bavec (un|une|son|sa|des|le|la) " + _IMPROVISED_FR + r"\b.{0,40}"
                       r"\b(hurle|crie|menace|peur|vite|svp|aidez|au secours|tape|frape|casse)\b"
                       r"|\b(sur moi|vers moi|contre moi)\b.{0,20}\bavec (un|une|son|sa) " + _WEAPON_FR + r"\b"),
    ("weapon-in-hand", r"\b(l|el)?" + _WEAPON_LATN + r"\s(f|fi|b)\s?(ydo|yedo|ydih|idih|yeddo|ydiha)\b"
                       r"|" + _WEAPON_AR + r"\s?(في|ف|ب)\s?(يده|يدو|ايديه|يديه|يدها)"
                       r"|\b" + _WEAPON_FR + r"\b (a la main|dans (la|sa) main|en main|dans les mains)\b"),
    ("latn-weapon-with", r"\b(dkhel|dekhel|dakhel|dkhl|dkhal|dkhlo|dkhlou|dakhlin|wa(9|q)ef|w(9|q)ef|jay|ja|jani|jana|kayt?(9|q)(e|a)?l(e|a)?b|kayd(o|ou)?w?r|kayjri|"
                         r"kaytbe3|tab3|jra|kayjra|kayhded\w{0,4}|hded\w{0,4}|rah|howa|kaygheyet|kayzayer)\b.{0,25}\b(b|bl|bel|m3a|f ydo|f yedo)\s?(l|el)?("
                         + _WEAPON_LATN[1:-1] + r")\b"
                         r"|\b(l|el)?" + _WEAPON_LATN + r"\b.{0,20}\b(3la|f)\s(3n9i|3on9i|3onqi|3onki|3nki|3n9|ra9bti|rqebti|rgebti|rgbti|wjhi|kerchi)\b"
                         r"|\b(3liya|3lia|3lina|3lih|3liha)\b.{0,20}\b(b|bl|bel)\s?(l|el)?" + _WEAPON_LATN + r"\b"),
    ("ar-armed", r"(رجل|شخص|واحد|هو|زوجي|راجلي|انه|راه|رجال|اشخاص|ناس)\s?(مسلح|مسلحين|مسلحون)"),
    ("ar-weapon-with", r"(دخل|داخل|واقف|جاي|جا|جاني|جانا|كيقلب|يقلب|يبحث|كيدور|يطاردني|تابعني|كيتبعني|هجم|هاجم|يهاجم|جرا|كيجري|راه|هو|يلوح|كيلوح)"
                       r"\w{0,3}\s.{0,25}(ب|بال)" + _WEAPON_AR
                       + r"|" + _WEAPON_AR + r"\s?.{0,20}(على|ف|في|فوق)\s?(عنقي|رقبتي|حلقي|وجهي|عنقها|رقبتها)"
                       + r"|(عليا|علينا|علي)\s.{0,20}(ب|بال)" + _WEAPON_AR
                       + r"|(حاط|حط|وضع|يضع|حطو)\w{0,2}\s?(ليا|لي)?\s?(ال)?" + _WEAPON_AR + r"\s?(على|ف|في)"),
]

_PATTERNS["suicidal"] += [
    ("end-it-all", (r"\b(mettre|mets|mettrai|vais mettre|veux mettre) fin a (tout|mes jours|ma vie|mon existence)\b"
                   r"|\b(veux|voudrais|veut) (plus|pas|ne plus) etre (la|ici|en vie|de ce monde)\b(?! (pour|quand|a|au|avec|chez|dans))"
                   r"|\b(lyouma|lyoum|had lila|lila|ghedda)\b.{0,15}\b(ghadi|gha|ghan)\s?n(sali|kml|kmel)\s(kolchi|m3a rasi|m3a (7|h)yati)\b"
                   r"|\bma (bghitch|baghich|baghyach) n(koun|kon)\s(hna|f had d(e|o|u)nya)\b"
                   r"|(اليوم|الليله|غدا)\b.{0,15}(غادي|سوف|س)\s?(ن|ا)?(سالي|نهي|كمل)\w{0,2}\s(كلشي|كل شي|مع راسي|حياتي)"
                   r"|(سانهي|انهي|غادي نسالي)\s(كل شي|كلشي|حياتي)\b.{0,10}(اليوم|الليله|الان|دابا)?"
                   r"|(ما بغيتش|مابغيتش|لا اريد|لم اعد اريد)\s(ان )?(نكون|اكون|ابقي|نبقي)\s(هنا|موجود|في هذه الدنيا|فهاد الدنيا|على قيد الحياه)")),
    ("fr-suicide-more", (r"\b(vais|veux|voudrais|envie de|pense a|prete a|pret a|vais aller)\ssauter\s(du|des|de la|de l|d un|d une|par|dans|sous|$)"
                        r"|\b(toit|pont|fenetre|balcon|immeuble|falaise)\b.{0,40}\b(sauter|me jeter|me lancer)\b"
                        r"|\b(sauter|me jeter|me lancer)\b.{0,40}\b(toit|pont|fenetre|balcon|immeuble|falaise|train)\b"
                        r"|\b(n en peux plus de|plus la force de|la force de continuer a|plus envie de continuer a|aucune raison de|plus de raison de) vivre\b"
                        r"(?! (avec|comme|ici|chez|dans|sans|sous|la bas|a |en ))"
                        r"|\bpour mourir\b|\b(j atends|attendre|j atend) (que )?la mort\b|\b(je vais|je veux) me faire du mal\b"
                        r"|\b(plus|pas|aucune|aucun|perdu le|perdu la)\s(\w+\s){0,2}(capable|force|courage|envie|raison|gout) de (continuer a )?vivre\b"
                        r"|\b(plus|pas|aucune) (de )?raison d (etre (la|ici|en vie)|exister)\b"
                        r"|\bpartir pour (toujours|de bon)\b|\bdisparaitre (pour toujours|a jamais|de ce monde)\b"
                        r"|\bidees (noires|suicidaires)\b|\bpensees suicidaires\b|\bque tout s arete\b"
                        r"|\b(plus|pas|jamais|ne plus|plus jamais) (jamais )?me reveiller\b|\bdormir (pour toujours|et ne (jamais|plus) me reveiller)\b")),
    ("latn-suicide-more", (r"\bma ?b(9|q|k)it(i)?ch ?(baghi|baghya|bagha|bghit|(9|q)ader|(9|q)adra|kader|kadra) n3i?ch\b"
                          r"|\bma (bghitch|baghich|baghyach) n3i?ch\b(?! m3a)"
                          r"|\bbach n?mo?u?t\b|\bkan?ts?(e|a)n(a|e)?\s(ghir\s)?(l)?mou?t\b"
                          r"|\b(nsali|ntsala|nkemel|nkmel) m3a ((7|h)yati|d(e|o|u)nya|had d(e|o|u)nya)\b"
                          r"|\b(n7ayed|nhayed|nmchi|nghber|nfare9|nkhwi|nkhali)\w{0,2} (rasi |rassi )?((mn|men|3la) )?(had )?(d(e|o|u)n(y|i)a|l(7|h)ayat)\b"
                          r"|\bn(r)?mi ras(i|y) (mn|men|f|fe|l)\b|\bnti(y)?e?7 ras(i|y) (mn|men)\b|\bn(ch|sh)ne(q|9) ras(i|y)\b|\bn3(e|a)?l(e|a)?(q|9) ras(i|y)\b"
                          r"|\b(t3ebt|3yit|3yyit|mlit|kreht|t3bt)\s(mn|men)\s(had )?(l)?((7|h)(ayat|ya|yati|aya)|d(e|o|u)nya|3icha)\b(?! (m3a|dyal|f))"
                          r"|\bn(a|e)?3(e|a)?s (o|w) ma n(fi(9|q)|fe(9|q)|fa(9|q))\w{0,2}\b|\bma n(fi(9|q)|fa(9|q))(ch) (ga3|abadan|3mri)\b"
                          r"|\b(ma b(9|q)a|mab(9|q)a|ma 3ndi|ma kayn) (3ndi )?(3lach|3la ach|lach) n(b(9|q)a|3i?ch)\b"
                          r"|\bndir chi (7aja|haja) f ras(i|y)\b|\b(3lach|3la ach|3la chno) n3i?ch\b")),
    ("ar-suicide-more", (r"(نتاحر(?!ك)|انتاحر|قتل نفسي|قتل راسي|انهاء حياتي|القاء نفسي|ارمي نفسي|رمي نفسي|نرمي نفسي|اشنق نفسي|شنق نفسي|نشنق راسي|"
                        r"نعلق راسي|باش نموت|لكي اموت|حتى اموت|كي نموت|ساضع حدا|سانهيها|اضع حدا لكل شي)"
                        r"|(ارغب|اريد|بغيت|اتمني|نتمني|كنتمني)\s(في\s)?(ال)?موت\b"
                        r"|(ارحل|الرحيل|اغادر|مغادره|نمشي|نرحل)\s(عن|من)\s(هذه|هاد|هذا)?\s?(الدنيا|الحياه|العالم)"
                        r"|(لم اعد|لا|ما عدت)\s?(ارغب|اريد|اطيق|احتمل|استطيع)\s?(في\s)?(الحياه|العيش|ان اعيش|هذه الحياه)"
                        r"|ما ?بقيت ?ش ?(بغيت|باغي|باغيه|قادر|قادره) نعيش|(كنتسنا|نتسنا|انتظر)\s?(غير )?الموت"
                        r"|(سئمت|مليت|كرهت|قنطت|تعبت|عييت)\s?(من\s)?(هاد|هذه|هذ)?\s?(ال)?(حياه|حياتي|العيش|الدنيا|عيشه)\b(?!\s?(مع|ديال|فال|في ال))"
                        r"|(علاش|علاه|لاش|لماذا)\s(نعيش|اعيش)|سبب\s(للعيش|للحياه|لاعيش|يجعلني اعيش|للبقاء)"
                        r"|(ما بقا عندي|ما بقاش عندي|ما عنديش|لم يعد لي|لم يعد لدي|ليس لدي|ليس لي)\s(علاش|لاش|سبب)\s?(ل)?(نبقي|نعيش|البقاء|العيش|الحياه)"
                        r"|(ننعس|نعس|انام|نرقد|نموت)\w{0,2}\s?(و)?\s?(ما|لا|ولا)\s?(نفيقش|نفيق|استيقظ|اصحو|نفيق ش|افيق)")),
]

_MEANS_AT_HAND = (r"\b(medicaments|cachets|pilules|comprimes|corde|lame|lames|rasoir|poison|l?7boub|dwa|dwaya|kachiyat|chafra|l?mous|(l)?7bel)\b"
                  r"\s?.{0,20}\b(devant moi|sous la main|a cote de moi|dans ma main|(9|q)damti|(9|q)damiya|(9|q)odami|7dani|f yedi|f ydi)\b"
                  r"|(الحبوب|حبوب|الدوا|الدواء|الادويه|الحبل|حبل|الشفره|الموس|السم)\s?.{0,15}(قدامي|امامي|بين يدي|فيدي|في يدي|جنبي|حدايا)")
_WISH_END = (r"\b(que (ca|tout) s arete|en finir|que tout (se termine|finise)|yt(7|h)bes hadchi|ysali hadchi|ykemel hadchi|nsali)\b"
             r"|(ينتهي كل (هذا|شي)|يتحبس هادشي|يسالي هادشي|نسالي|انهي كل شي)")

_PATTERNS["self_harm"] = [
    ("means-at-hand", r"(" + _MEANS_AT_HAND + r").{0,60}(" + _WISH_END + r")|(" + _WISH_END + r").{0,60}(" + _MEANS_AT_HAND + r")"),
    ("fr-overdose", r"\b(j|ai|a|avons|ont|viens d|vient d|d)\s?(avale|ingere|ingurgite)\w{0,2}\b.{0,40}\b(" + _SUBST_FR[1:-1] + "|" + _POISON_FR[1:-1] + r")\b"
                    r"|\b(avale|ingere|ingurgite|pris|bu)\w{0,2} (une|la|un|le|toute la|tout le) (boite|flacon|plaquette|tube) (entiere|entier|complete|complet)\b"
                    r"|\b(ai|a|viens de|vient de|j ai|jai)\s(pris|bu|mange|avale|ingere|ingurgite)\w{0,2}\s" + _QTY_FR + r"\b.{0,30}\b" + _SUBST_FR + r"\b"
                    r"|\btrop pris (de |d )?" + _SUBST_FR + r"\b"
                    r"|\b(ai|a|viens de|vient de|j ai|jai|vais|veux)\s(bu|avale|ingere|boire|avaler)\w{0,2}\s(du |de la |de l |des |un |une |le |la |l )?" + _POISON_FR + r"\b"
                    r"|\b(overdose|surdose|intoxication volontaire|tentative de suicide)\b|\b(j ai fait|je viens de faire|a fait) une (tentative|ts)\b"),
    ("fr-cut", (r"\b(coupe|tailade|ouvert|entaile|tranche)\w{0,2} (les|le|mes|mon) (veines|veine|poignets|poignet)\b"
               r"|\b(me|m) (suis )?(scarifie|mutile|tailade)\w{0,2}\b"
               r"|\b(me|m) (suis )?(brule|coupe|entaile|tranche)\w{0,2} (expres|volontairement|avec (des|une|un|la|le|ma|mon) "
               r"(cigaretes|cigarete|lame|lames|rasoir|cuter|cutter|briquet|fer))\b"
               r"|\b(avaler|avale|boire)\w{0,2} (des|les|une|du|de la) (lames|lame|verre|clous|aiguilles|lames de rasoir)\b"
               r"|\b(me|m) (suis )?(coupe|ouvert|entaile|tailade|brule|tranche)\w{0,2} (le|les|mon|mes|la|ma) \w+ (avec|a) (un|une|le|la|des|du) "
               r"(cuter|cutter|lame|rasoir|couteau|ciseaux|verre|lame de rasoir|briquet|cigarete)\b"
               r"|\b(je|j) (me|m) (fais|suis fait|suis faite|suis fais) du mal\b"
               r"|\b(prepare|noue|acroche)\w{0,2}\s(la|une|ma)\scorde\b|\bcorde (autour|au cou)\b")),
    ("latn-overdose", r"\b" + _INGEST_LATN + r"\b.{0,20}\b" + _SUBST_LATN + r"\b.{0,25}\b(" + _QTY_LATN[1:-1] + r"|bach n?mou?t)\b"
                      r"|\b" + _INGEST_LATN + r"\b.{0,15}\b" + _QTY_LATN + r"\b.{0,20}\b" + _SUBST_LATN + r"\b"
                      r"|\b" + _INGEST_LATN + r"\b.{0,20}\b" + _POISON_LATN + r"\b"),
    # a child or relative swallowed pills or poison (no quantity needed)
    ("kin-ingested", r"\b" + _KIN_LATN + r"\b.{0,10}\b" + _INGEST_LATN + r"\b.{0,20}\b(" + _SUBST_LATN[1:-1] + "|" + _POISON_LATN[1:-1] + r")\b"
                     r"|" + _KIN_AR + r"\s?.{0,10}" + _INGEST_AR + r"\s?.{0,20}(" + _SUBST_AR[1:-1] + "|" + _POISON_AR[1:-1] + r")"),
    ("latn-cut", r"\b(9ta3t|qta3t|9te3t|qte3t|9tat3t|jre7t|jr7t|jra7t|kanjre7|kanjra7|kan9ta3|kan9te3|njre7|n9te3|chrett|chret|chrt|chrat|kanchret)\b"
                 r"\s(yedi|ydi|idi|yediya|dra3i|3ro(9|q)i|3rou(9|q)i|lwarid|jesmi|wjhi|fkhadi|ydiya|yddi)\b.{0,25}\b(b|bl|bel)\s?(l)?" + _BLADE_LATN + r"\b"
                 r"|\b(9ta3t|qta3t|9te3t|jre7t|jr7t|jra7t|kanjre7|kanjra7|njre7|chret|chrat|kanchret)\b\s(rasi|rasy|3ro(9|q)i|3rou(9|q)i|lwarid)\b"
                 r"|\b((7|h)r(e)?(q|9)t|kan(7|h)re(q|9)|n(7|h)re(q|9))\s(rasi|jesmi|yedi|dra3i)\s(b|bl)\s?(l)?(garo|gar|cigarette|cigarete|brika|bri9a|zit)\b"
                 r"|\b(n|gha n|ghadi n)?bla3\w{0,2}\s(l)?(chfrat|chafra|chfra|zaj|jaj|msamer|lame|lamat)\b"),
    ("ar-overdose", _INGEST_AR + r"\s?(\S{1,12}\s)?" + _QTY_AR_BEFORE + r"\s?(من\s)?(ديال\s)?(ال)?" + _SUBST_AR
                    + r"|" + _INGEST_AR + r"\s?(\S{1,12}\s)?" + _SUBST_AR + r"\w{0,2}.{0,25}" + _QTY_AR_AFTER
                    + r"|" + _INGEST_AR + r"\s?.{0,15}" + _POISON_AR
                    + r"|جرعه (زايده|مفرطه|كبيره)|اوفردوز"),
    ("ar-cut", _AB + r"(جرحت|قطعت|شرطت|شرحت|كنجرح|كنقطع|كنشرط|نجرح|نقطع|نشرط|اجرح|اقطع|ساجرح|ساقطع)\s?(نفسي|راسي|عروقي|العروق|شراييني|شرايين\w{0,3}|"
               r"وريدي|معصمي)|(جرحت|قطعت|شرطت|شرحت|كنجرح|كنشرط)\s?(يدي|يديا|ايدي|دراعي|ذراعي)\s?" + _BLADE_AR
               + r"|" + _AB + r"(احرقت|حرقت|كنحرق|نحرق)\s?(جسدي|نفسي|راسي|يدي|ذراعي|دراعي)\s?(بال|ب)(سجاير|سيجاره|سيكاره|كارو|ولاعه|بريكه|بريكا)"
               + r"|" + _AB + r"(نبلع|ابتلع|سابتلع|بلعت|ابتلعت|غادي نبلع)\s?(ال)?(شفرات|شفره|زاج|زجاج|مسامير|موس)"
               + r"|" + _AB + r"(اوذي|نوذي|اذيت|ايذاء|ساوذي|اذي|ضريت|اضر)\s?(نفسي|راسي)"),
]

_PATTERNS["injured"] = [
    ("fr-bleeding", (r"\b(je saigne|j saigne|(il|elle) saigne|(il|elle) perd (du|beaucoup de|bcp de) sang|je pise le sang|je perds (du|beaucoup de|bcp de|trop de|enormement de) sang|du sang partout"
                    r"|(ma|la|mon|mes|les) (tete|bouche|nez|visage|bras|main|mains|jambe|jambes|ventre|arcade|levre|levres|plaie|plaies|blesure|blesures|poignet|poignets) saign\w{0,3}"
                    r"|saigne (beaucoup|abondament|de partout|de la tete|de la bouche|sans arret|fort)"
                    r"|(couvert|couverte|plein|pleine) de sang|en sang|hemoragie)\b"
                    r"|\b(je suis tombee|je suis tombe|je me suis evanouie|j ai perdu connaissance|je vois flou|je vois plus rien)\b")),
    ("fr-hurt", (r"\b(je suis|jsuis|suis)\s(gravement |grievement |tres |trop )?blese\w{0,2}\b(?!\s(par|de|moralement|psychologiquement|dans))"
                r"|\b(je|j) (ne |n )?(peux|peut|arive|parviens) (pas|plus) (a )?(bouger|me lever|me relever|respirer|ouvrir les yeux)\b"
                r"|\bje (me sens|sens que je vais) partir\b|\bje vais m evanouir\b|\bje m evanouis\b")),
    ("latn-bleeding", (r"\b(kan|kay|kat|tan|tay|tat|ka|ta)e?n?z(e|a|i)f\w{0,2}\b|\b(nazif|nzeft)\b"
                      r"|\b(kay|tay|ka|ra|rah)?\s?(sil|sayel|saylin|khrej|khrj|ykhrej|tal3|tale3|kaytla3)\w{0,2}\s(lia|liya|lya|li|mni|meni|menni|liha|lih|lihom|lina|menha|mnha|mno|meno|menhom)?\s?(l|d)?dem\b"
                      r"|\b(l|d)?dem\s(kaysil|taysil|sayel|sayl|kaykhrej|khrej|kaytla3|ma bgh?ach y(7|h)bes|ma bgh?ach yw(9|q)ef|ma (7|h)besch|bzaf|ghaml|3amrni)\b"
                      r"|\b(wjhi|rasi|fommi|jesmi|7wayji|hwayji|yedi|ydi)\s(kolo|kollo|kamel|kamla|3amer|3amra|m3emer)?\s?(b)?\s?(d)?dem\b")),
    ("latn-hurt", (r"\b(rani|ana|raha|rah)\s(m(a)?jr(o|ou)?(7|h)(a|e|in)?)\b(?!\s(mn klam|f (9|q)albi|mn klamo|mn klamha|mn dakchi))"
                  r"|\bma (n9der|nqder|nkder|n9dar|9dertch)(ch|ech)? (ntn(e|a)fes|nt(7|h)(e|a)rek|n(7|h)(e|a)rek|nw(e|a)?(q|9)ef|n(q|9)oum|nod|noud|nfe9|nfi9)\b"
                  r"|\bma b(9|q)itch (kanchouf|kantn(e|a)fes|kansme3|kan(7|h)es)\b"
                  r"|\b(t(7|h)t|ti(7|h)t|tay(7|h)a|tay(7|h)|dakh|dokht|ghbt|ghab 3liya)\b.{0,20}\b(ma n(9|q)derch|dem|rasi|mghmi)\b"
                  r"|\b(drebni|drbni|darbni|derbni)\b.{0,30}\b(rasi|rassi)\b.{0,20}\b(t(7|h)t|tay(7|h)a|dakh|dokht|ghbt|dem|ma b(9|q)itch)\b")),
    ("ar-bleeding", (r"(انزف|كنزف|كننزف|ننزف|ينزف|تنزف|كينزف|كتنزف|نازف|نازفه|نزيف|نزفت)"
                    r"|(الدم|دم|بالدم)\s?(كيسيل|يسيل|سايل|كيخرج|يخرج|خارج|كيطلع|لا يتوقف|ما بغاش يحبس|مابغاش يحبس|مابغاش يوقف|ما بغاش يوقف|"
                    r"ما كيحبسش|ما كيوقفش|لم يتوقف|يتدفق|في كل مكان|ف كل بلاصه|غامرني)"
                    r"|(كيسيل|يسيل|سال|سايل|كيخرج|يخرج|يتدفق)\w{0,2}\s?(ليا|لي|مني|منه|ليها|ليه|ليهم|لينا|منها)?\s?(\S{1,12}\s)?(ال)?دم\b|(كيسيل|يسيل|سايل)\s?بالدم"
                    r"|(وجهي|راسي|فمي|جسمي|حوايجي|ثيابي|ملابسي|يدي)\s?(كامل|كله|كلو|مليء|مليان|عامر|مغطي|مغطا)?\s?(ب)?(ال)?(دم|دماء)\b"
                    r"|(ضربني|ضربو|ضربها|ضربه|دفعني|لاحني|رماني)\b.{0,40}(طحت|سقطت|دخت|غاب عليا|غبت|مغمي علي|فقدت الوعي|ما بقيتش كنشوف)"
                    r"|(فقدت الوعي|مغمي علي|غاب عليا الضو)")),
    ("pregnant-hit", (r"\b(enceinte|7amla|hamla|7amel|hamel)\b.{0,40}\b(frape\w{0,2}|coups?|drebni|drbni|derbni|darbni|kaydrebni|ventre|kerchi|"
                     r"dfe3ni|dfa3ni|dfe3tni|poussee|pousse|lo7ni|la7ni)\b"
                     r"|\b(frape\w{0,2}|coups?|drebni|drbni|derbni|darbni|kaydrebni)\b.{0,40}\b(enceinte|7amla|hamla)\b"
                     r"|(حامل|حامله)\b.{0,40}(ضربني|ضربو|كيضربني|يضربني|بطني|كرشي)|(ضربني|كيضربني|يضربني)\b.{0,40}(حامل|حامله)")),
    ("blow-sick", r"\b(frape|frapee|coup|coups|cogne|cognee|tape|tapee)\b.{0,60}\b(vomis|vomi|vomir|vertiges?|etourdie?|je vois flou|je tombe)\b"
                  r"|\b(drebni|drbni|darbni|derbni)\b.{0,40}\b(kanred|kanrad|kanredd|kanrej3|dayekh|dayekha|dokht|dakh|kaydor biya)\b"
                  r"|" + _AB + r"(ضربني|ضربو|ضربها)\b.{0,40}(اتقيا|تقيات|كنرد|كنتقيا|دايخه|دايخ|دخت|كيدور بيا راسي|اشعر بدوار)"),
    ("not-breathing", (r"\b(ne |n )?respire (plus|pas)\b|\barete de respirer\b"
                      r"|\bma b(9|q)a(t|w)?ch (kat|kay|kan|tat|tay|tan)t?n(e|a)?f(e|a)?s\b|\bma (kay|kat)tn(e|a)f(e)?sch\b"
                      r"|(ما بقا|ما بقات|ما بقاش|ما بقاتش|مابقاتش|مابقاش|لم يعد|لم تعد|لا|ما)\s?(ي|ت|ك|كي|كن)?تنفس")),
    ("ar-hurt", (r"(انا|راني|راها|اني|انني)\s?(مجروح|مجروحه|مصاب|مصابه|مضروب|مضروبه)\b"
                r"(?!\s?(من كلام|ف قلبي|في قلبي|ب(ال)?(توحد|شلل|سكر|سكري|مرض|اعاقه|ضغط|حساسيه|زكام|كورونا|ربو|سرطان|اكتياب)))"
                r"|مصاب\w{0,2}\s(بجروح|بجرح|بكسر|بكسور|بنزيف)"
                r"|(لا|ما)\s?(استطيع|اقدر|نقدرش|نقدر ش|يمكنني|قادره|قادر)\s?(على\s)?(الحركه|التحرك|التنفس|الوقوف|النهوض|نتحرك|نتنفس|نوقف|نناض|ننوض|اتحرك|اتنفس|اقف|انهض)")),
]

_PATTERNS["hiding"] = [
    ("fr-hiding", r"\b(je|j|on|nous)\s(me|m|nous|se|s)\s?(suis |sommes |est )?(cache|planque|tere)\w{0,3}\b"
                  r"|\b(je suis|jsuis|on est|nous sommes)\s(cache|planque|tere)\w{0,3}\b"
                  r"|" + _FLED_FR + r".{0,60}" + _SEARCH_ME_FR
                  + r"|\brefugie\w{0,2} (chez|dans|au|a)\b.{0,40}\b(il|ils) (tape|frape|cogne|cherche|est|arive|atend|crie)\b"
                  + r"|" + _SEARCH_ME_FR + r"\s(partout|dans (le|la|les)|dehors|en bas|devant)\b"
                  + r"|\b(en cachette|en secret|discretement|je chuchote)\b.{0,40}" + _NEAR_FR
                  + r"|\bje (ne |n )?(peux|peut) pas (parler|telephoner|appeler)\b.{0,40}" + _NEAR_FR),
    ("latn-hiding", r"\bma (kan)?(n9der|nqder|qder|9der|ymknch lia)(ch)? (n(7|h)der|nhder|n3ayet|nhdr|ntkelem)\b.{0,40}\b(howa hna|rah hna|kayt3eyet|kat3eyet|kaydrebha|rah f (d)?dar)\b"
                    r"|\bmt?(kh|5)(e|a)?bi?(y|i)(a|e|in)?\b|\bmt?(kh|5)(e|a)?b(e|a)?3(a|in)?\b|\b(kan|kn|ka|tan|n)t(kh|5)(e|a)?b(a|i|ina)\b|\bt(kh|5)(e|a)?b(it|ina)\b"
                    r"|\b(sdit|sedit|9felt|qfelt|skert)\s(3la|3lia)\s?(rasi|rasna)\b"
                    r"|" + _FLED_LATN + r".{0,60}(\b(howa|hiya|homa|rah|ra)\s)?(\bmora\b|\bmoraya\b|\bmoriya\b|" + _SEARCH_ME_LATN + ")"
                    + r"|\b(bsr9a|b sr9a|bs(e|a)r(9|q)a|b chwiya|f sir)\b.{0,40}" + _NEAR_LATN
                    + r"|\bma (n9der|nqder)(ch)? (nhder|n3ayet|nhdr|ntkelem)\b.{0,40}" + _NEAR_LATN),
    ("ar-hiding", r"(مخبي|مختبي|مستخبي|مخبع|متخبع)\w{0,2}\s?(ف|في|تحت|عند|ورا|وراء|خلف|داخل|بين|من)"
                  r"|(انا|راني|راها|اني|انني|احنا|حنا|نحن)\s?(مخبي|مختبي|مستخبي)"
                  r"|(تخبيت|تخبات|تخبينا|اختبات|اختبيت|اختبانا|اختبي|اختبا|كنتخبي|نتخبي|كنختبي|اتخبي|تدسيت|تدسست|تخبعت|كنتخبع)\b"
                  r"|(سديت|قفلت|سكرت|اغلقت)\s(على|علي)\s(راسي|نفسي)"
                  r"|" + _FLED_AR + r"\b.{0,60}(" + _SEARCH_ME_AR + r"|يلاحقني|تابعني|كيتبعني|يطرق|كيدق|يدق|موراي|ورايا|وراي|خلفي|ورايي)"
                  + r"|(بالسرقه|بالخفيه|خفيه|في السر|فالسر)\b.{0,40}" + _NEAR_AR
                  + r"|(لا استطيع|لا اقدر|ما نقدرش|مانقدرش|ما نقدر ش)\s?(الكلام|التكلم|الحديث|نهضر|نتكلم|نعيط|اتكلم)\b.{0,40}" + _NEAR_AR
                  + r"|" + _NEAR_AR + r".{0,40}(لا استطيع|لا اقدر|ما نقدرش|مانقدرش)\s?(الكلام|التكلم|الحديث|نهضر|نتكلم)"),
]

# --------------------------------------------------------------------------------------------------
# Ways of saying it found missing in newcomers' first messages (branch ``safety2``): the present "he is
# killing me", a beating with a cry for help, wounded with a blade, blood flowing, a whole box of pills, a
# neighbour beaten now (cries heard), a missing child, emoji-only SOS, typos of "tuer".
# --------------------------------------------------------------------------------------------------
# Children only (a missing adult or a spouse who did not come home is not, by itself, danger now).
_CHILD_FR = r"(fils|fille|enfant|enfants|bebe|gamin|gamine|petit|petite|petit fils|petite fille|ado|adolescent|adolescente|garcon)"
_CHILD_LATN = r"(weldi|wldi|wlidi|ouldi|wladi|bnti|benti|binti|bniti|bnati|tfli|tfla|weldna|bentna|wladna|sghir|sghira|bebe|ddrari|drari)"
_CHILD_AR = r"(ولدي|وليدي|ولادي|بنتي|بنيتي|ابني|ابنتي|طفلي|طفلتي|ولدنا|بنتنا|ابننا|ابنتنا|الدراري|الصغير|الصغيره|اولادي|اطفالي)"
# A third person beaten now, told by a witness: someone cries, screams, calls for help, is heard.
_CRIES_FR = (r"(crie|crient|hurle|hurlent|pleure|pleurent|appelle au secours|appelle a l aide|j entends|on entend|entends|cris|hurlements|"
             r"en ce moment|maintenant|a cote|chez les voisins|chez (ma|mon|mes) voisin\w{0,2}|dans la rue)")
_CRIES_LATN = (r"(kat3ayet|kay3ayet|kat3eyet|kayt3eyet|kat3iyet|kayt3iyet|kaygheyet|katgheyet|katghowet|kayghowet|katsrekh|kaysrekh|katbki|kaybki|l3yat|lghwat|"
               r"kansme3|kanesme3|kantsme3|sme3t|daba|db|f zan9a|f triq)")
_CRIES_AR = (r"(كتعيط|كيعيط|كتغوت|كيغوت|تصرخ|يصرخ|كتصرخ|تبكي|كتبكي|تصيح|كتصيح|صراخ|الصراخ|الغوات|العياط|كنسمع|اسمع|نسمع|سمعت|"
             r"الان|دابا|حاليا)")
_EMOJI_WORDS = {"\U0001f198": " sos ", "\U0001f52a": " couteau ", "\U0001f5e1": " couteau ", "\U0001f52b": " pistolet ",
                "\U0001fa78": " sang ", "\U0001f691": " ambulance ", "\U0001f693": " police ", "\U0001f694": " police ",
                "\U0001f46e": " police "}
"""Emergency emoji read as words by :func:`fold` ("il a un 🔪" → "il a un couteau", "🆘" → "sos")."""
_MOOD_EMOJI = {**dict.fromkeys("\U0001f62d\U0001f630\U0001f631\U0001f628\U0001f97a\U0001f622\U0001f625\U0001f616\U0001f62b\U0001f494", " xdistress "),
               **dict.fromkeys("\U0001f602\U0001f923\U0001f605\U0001f606\U0001f62c\U0001f61c\U0001f61d\U0001f643\U0001f609\U0001f60e\U0001f60b", " xlaugh ")}
"""Crying/frightened emoji (😭 😰 😱 😨 🥺 😢 😥 😖 😫 💔) are read as the token ``xdistres`` (folded), laughing/playful
ones (😂 🤣 😅 😆 😬 😜 😝 🙃 😉 😎 😋) as ``xlaugh``: a distress emoji with "he is hitting me" is a cry for help;
laughing makes "he'll kill me" a figure of speech."""
_DANGER_EMOJI = frozenset(_EMOJI_WORDS) | {"\U0001f6a8", "\u2694", "\U0001f692", "\U0001f4a3"}  # + 🚨 ⚔ 🚒 💣
_WORDS_RE = re.compile(r"[^\W_]+")
"""Emoji that make a message of emoji only a call for help ("🆘", "🔪🩸😭", "🚨🚨"). 💀/☠/🔥 are not in it:
they mostly mean laughing or "great"."""

_PATTERNS["threat_to_life"] += [
    # "he is killing me" in the present, said of a person ("mon mari me tue", "il est en train de me tuer");
    # things that "kill" (work, films, laughing) are cancelled by _FIGURATIVE.
    ("fr-kills-me", (r"\b(il|elle|ils|on|mon mari|mon ex|mon ex mari|mon copain|mon pere|mon frere|mon fils|mon beau pere|mon oncle|"
                    r"mon voisin|ma mere|ma belle mere|ma femme|un homme|quelqu un|cet homme|ce mec|ce type|le mari|son mari)\s"
                    r"(me|m|nous|la|le|les)\s(tue|tuent|tu|achev\w{0,2}|massacre|masacre|egorge|etrangle)\b"
                    r"|\ben train de (me|m|nous|la|le) (tuer|tue|achever|massacrer|egorger)\b")),
    # "va me tué/tuée/tuez" (a typo for "tuer"), "il veut me tuée"
    ("fr-will-kill-typo", (r"\b(va|vais|veut|vont|veulent|voulait|menace de|essaie de|essaye de|tente de|peut|pourait|allait|pour)( de)? "
                          r"(me|m|nous|la|le|les|te|t|vous) (tue|tuee|tues|tuez|tuai|tuait|tu|etrangle|etranglee|egorge|egorgee|brule|brulee)\b")),
]
_PATTERNS["violence_now"] += [
    # beating me + a cry for help that ends the message ("mon mari me frappe fort aidez moi", "kaydrebni 3awnouni")
    ("hit-me-help", r"\b(me|m|nous) (frape|frapent|bat|batent|tape|tapent|cogne|cognent|tabase|tabasent|etrangle|etoufe|brutalise)\b"
                    r".{0,40}\b((aidez|sauvez|secourez|venez|help)( moi| nous| me)?|aide (moi|nous))( (vite|svp|stp|s il vous plait|please|pitie))* $"
                    r"|\b(kay|tay|ka|ta|ra|rah)?\s?(dreb|drab|drb|derb|dorb|khne(q|9)|3nef)(ni|na)\b.{0,40}\b(3awnouni|3awnoni|3awni|3awenouni|"
                    r"sa3douni|help|aidez moi)( (3afakom|3afak|daba|bzerba|dghya|please))* $"
                    r"|" + _AB + r"(كي|تي|ي)(ضرب|خنق|عنف)(ني|نا)\b.{0,40}(عاونوني|عاوني|ساعدوني|ساعدني|انقذوني|انقذني)( (عافاكم|عافاك|من فضلكم|ارجوكم|دابا|بسرعه))* $"),
    # a neighbour/relative beaten now, heard or seen ("ma voisine crie, son mari la frappe", "jarti kat3ayet, rajlha
    # kaydrebha", "أسمع صراخ جارتي، زوجها يضربها"); "son mari la frappe" alone is a report, not "now"
    ("witness-now", r"\b" + _CRIES_FR + r"\b.{0,60}\b(la|le|les|l)\s" + _HIT_FR + r"\b|\b(la|le|les|l)\s" + _HIT_FR + r"\b.{0,60}\b" + _CRIES_FR + r"\b"
                    r"|\b" + _CRIES_LATN + r"\b.{0,60}\b(kay|tay|ka|ta)(dreb|drab|drb|derb|dorb|khne(q|9))(ha|h|hom|o|ou)\b"
                    r"|\b(kay|tay|ka|ta)(dreb|drab|drb|derb|dorb|khne(q|9))(ha|h|hom|o|ou)\b.{0,60}\b" + _CRIES_LATN + r"\b"
                    r"|" + _CRIES_AR + r".{0,60}(كي|تي|ي)(ضرب|خنق|عنف)(ها|ه|هم|و)\b|(كي|تي|ي)(ضرب|خنق|عنف)(ها|ه|هم|و)\b.{0,60}" + _CRIES_AR),
    # wounded with a blade or a weapon ("jra7ni b lmos", "جرحني بالموس", "il m'a blessée au couteau")
    ("wounded-with", r"\b(jra(7|h)|jre(7|h)|jr(7|h)|khwer|khwr|dreb|drb|derb|drab|ta3n|t3en|tla9|ch(e|a)?rt)(ni|na|ha|o|ou|ek)\b.{0,12}\b(b|bl|bel)\s?(l|el)?\s?("
                     + _WEAPON_LATN[1:-1] + r"|" + _BLADE_LATN[1:-1] + r")\b"
                     r"|" + _AB + r"(جرح|طعن|شرط|شرح|قطع|ضرب|خوض)\w{0,2}(ني|نا|ها|و|ه)\s?(ب|بال)\s?(" + _WEAPON_AR[1:-1] + r"|زاج|زجاج|زجاجه|شفره)"
                     r"|\b(m|nous|l)\s(a|ont)\s(blese|blesee|coupe|coupee|tailade|tailadee|entaile|entaillee|ouvert|ouverte)\w{0,2}\s(au|avec (un|une|son|sa|le|la))\s?"
                     + _WEAPON_FR + r"\b"),
]
_PATTERNS["injured"] += [
    # blood flowing now ("ana kanzel dem", "dmi kaysil", "الدم كينزل", "du sang coule"); not a blood test
    ("blood-flowing", (r"\b(kanzel|kaynzel|katnzel|tanzel|taynzel|nazel|nazla|kaysil|katsil|kaysal|sayel|sayl|kaykhroj|kaykhrej|khrej|khroj|"
                      r"kaychor|kaytcha(r|rr)|kaytfej(e)?(7|h))\s(lia |liya |lya |mni |meni )?(d|l|ld|e)?\s?(dem|dam|dmi|demi)\b"
                      r"|\b(d|l)?(dem|dmi|demi)\s(kaynzel|kaysil|kaysal|sayel|kaykhroj|kaytfej(e)?(7|h)|ma bghach ywe(9|q)ef|ma kaywe(9|q)efch)\b"
                      r"|(الدم|دمي|دم)\s?(كينزل|ينزل|كيسيل|يسيل|سايل|كيخرج|يخرج|نازل|يتدفق|لا يتوقف|ما بغاش يحبس|ما كيحبسش)"
                      r"|(كينزل|ينزل|كيسيل|يسيل|سايل|كيخرج|يخرج|نازل|يتدفق)\s?(ليا|لي|مني|من)?\s?(الدم|دمي|دم)\b"
                      r"|\b(du|le|mon|beaucoup de) sang (coule|gicle|pise|ne s arete pas|partout|sort|jaillit)\b")),
]
_PATTERNS["self_harm"] += [
    # the whole box/sheet of pills ("klit lfanid dyal dwa kaml", "bla3t l3olba kamla", "كليت العلبة ديال الدوا كاملة")
    ("whole-box", r"\b" + _INGEST_LATN + r"\b.{0,30}\b(l?fanid|l?3(o|e)?lba|l?plaquette|l?boita|l?flacon|dwa|ldwa|l?7boub|l?kachiyat)\b.{0,25}"
                  r"\b(kaml|kml|kamel|kamla|kamlin|kolha|kolou|kolo|ga3|bjoj|b7alha)\b"
                  r"|" + _INGEST_AR + r"\s?.{0,30}(الفانيد|فانيد|العلبه|علبه|البلاكه|الدوا|الدواء|الحبوب|الكاشيات)\s?.{0,25}(كامل|كامله|كاملين|كلها|كاع|بجوج)"
                  r"|\b(avale|pris|prit|ingere|bu|vide)\w{0,2}\s(la|une|toute la|ma|sa|le|un|tout le)\s(boite|plaquette|flacon|tube)\s(entiere|entier|complete|complet)\b"),
]
_PATTERNS["abduction"] += [
    # a child missing now: "mon fils a disparu", "ma fille n'est pas rentrée", "bnti ma rj3atch l dar mn lbar7", "ولدي تلف",
    # "ابنتي لم تعد إلى المنزل" (not "j'ai disparu des réseaux", not "weldi ma rje3ch l lmedrasa")
    ("child-missing", r"\b" + _CHILD_FR + r"( \w+){0,2} (a disparu|a disparue|ont disparu|est introuvable|sont introuvables|a fugue|a fuguee|"
                      r"s est perdu|s est perdue|est perdu|est perdue|reste introuvable)\b"
                      r"|\b" + _CHILD_FR + r"( de \d+ ans)? (a disparu|a disparue|ont disparu|est introuvable)\b"
                      r"|\b" + _CHILD_FR + r"( \w+){0,2} (n est|ne sont) (toujours |pas encore )?(pas |plus )?(rentre|rentree|rentres|revenu|revenue)\w{0,1}"
                      r"( (a la maison|de l ecole|du lycee|du colege|hier|cette nuit|depuis|ce soir|$)| $)"
                      r"|\b(je ne|je|on ne|on|nous ne) (trouve|trouvons|retrouve|retrouvons) (plus|pas) (mon|ma|mes|notre|nos) " + _CHILD_FR + r"\b"
                      r"|\b" + _CHILD_LATN + r"\s(ma|mat?)\s?(rj3|rje3|rja3|rji3|wsl|wsel|wesl|ja|dkhl|dkhel|ban|bayn)(at|et|it|o|ou)?(ch|sh|che|ech|etch|atch|ich)\b"
                      r"(\s(l ?dar|l ?bit|l ?manzil|mn|men|ga3|hta daba|7ta daba|lyoum|had lil|$))"
                      r"|\b" + _CHILD_LATN + r"\s(tlef|tlf|tlfat|tlafat|tlfet|dha3|da3|da3t|dha3t|mfqoud|mfqouda|mefqoud|mefqouda)\b"
                      r"|\b(tlef|tlf|dha3|da3|ghber|ghbr)\w{0,2}\s(lia|liya|lya|lina)\s" + _CHILD_LATN + r"\b"
                      r"|\b(ma|mal) ?(l(9|q|g)ina|l(9|q|g)it|kanl(9|q)aw)(h|ha|hom)?(ch|sh)\s" + _CHILD_LATN + r"\b"
                      r"|" + _CHILD_AR + r"\s(\S+\s){1,4}(اختفت|اختفي|تلفت|تلف|ضاعت|ضاع)\s(من|منذ)\s(امام|قدام|قبل|نصف|ساعه|الصباح|ساعتين)"
                      r"|" + _CHILD_AR + r"\s?(مفقود|مفقوده|تلف|تلفت|ضاع|ضاعت|اختفي|اختفت|غبر|غبرات|ما رجعش|مارجعش|ما رجعاتش|مارجعاتش|لم يعد|لم تعد|ما باناتش|ما بانش|ما وصلش|ما وصلاتش)"
                      r"|(اختفي|اختفت|تلف|تلفت|ضاع|ضاعت|غبر|اختفاء|فقدت|فقدنا|فقدان)\s?(ليا|لي|لينا)?\s?" + _CHILD_AR
                      + r"|(ما لقيتش|مالقيتش|ما لقيناش|لا اجد|لم اجد|لا نجد|لم نجد)\s?" + _CHILD_AR),
]

# --------------------------------------------------------------------------------------------------
# Branch ``open-world``: ways of saying danger now found missing on the dev half of the open-world danger sets
# (``nlu/eval/<variety>/danger.txt``, written by people who never saw the patterns), each written as a family
# in the four varieties — never as the sentence that was missed.
# --------------------------------------------------------------------------------------------------
# A person (not a relative only): used by abduction, dragging and witness families.
_PERSON_FR = r"(une fille|une femme|un enfant|une petite|un petit|un gamin|une gamine|un garcon|une jeune|un jeune|une ado|un ado|une dame|un homme|" \
             r"ma fille|mon fils|ma soeur|mon frere|ma mere|ma copine|mon amie|mon ami|ma cousine|mon cousin|ma niece|mon neveu|mon bebe|nos enfants|mes enfants)"
_PERSON_LATN = r"(bnt|bent|mra|mra2a|drri|drriya|driya|derri|wld|weld|tfla|tfel|wa7da|sa7bti|sa7bi|sahbti|" + _KIN_LATN[1:-1] + r")"
_PERSON_AR = r"(بنت|البنت|مرا|امراه|المرا|المراه|طفل|طفله|الطفل|الطفله|دري|دريه|الدري|الدريه|ولد|الولد|فتاه|صاحبتي|صاحبي|صديقتي|صديقي|" + _KIN_AR[1:-1] + r")"
_HIT_ME_FR = r"\b(me|m|nous) (frape|frapent|bat|batent|tape|tapent|cogne|cognent|tabase|tabasent|etrangle|brutalise|agrese)\b"
_HIT_ME_LATN = r"\b(kay|tay|ka|ta|ra|rah|y)?\s?(dreb|derb|drab|drb|dorb|khne(q|9)|3nef)(ni|na)\b"
_HIT_ME_AR = _AB + r"(كي|تي|ي|راه كي|راه ي)(ضرب|عنف|خنق)(ني|نا)\b"
# distress said without words: crying or frightened emoji are read as this token by :func:`fold`
_DISTRESS = r"\bxdistres\b"
_CRY_ANY = (r"(\b(help|au secours|sos|urgent|urgence|(aidez moi|aide moi|aidez)(?! (moi )?(a|pour|avec|dans) )|sauvez moi|secours|3te(9|q)ouni|3te(9|q)ni|3awnouni|3awnoni|l7a(9|q)ouni)\b"
            r"|عتقوني|عتقني|عاونوني|الحقوني|انقذوني|ساعدوني|النجده|" + _DISTRESS + r")")
# objects people are hit with (a weapon, or a thing used as one)
_OBJECT_FR = (r"(baton|batons|cable|ceinture|tuyau|fil electrique|fil|barre|barre de fer|chaise|bouteille|marteau|pierre|brique|couteau|"
              r"fouet|regle|casserole|poele|chausure|bidon|fer a repaser)")
_OBJECT_LATN = (r"(ssmta|smta|sebta|semta|l?3sa|l?7zam|l?hzam|lkerbaj|kerbaj|l?kabl|cable|tiyo|tuyau|lkorsi|korsi|l?9er3a|l?9ar3a|lkas|kas|"
                r"l?7ajra|l?martou|martou|lmartou|l?7did|lmgharf|lmghrfa|l?mous|l?jnwi|l?sikkin|l?sekina|l?zaj|sebbat|sbat|lbounia|bounia)")
_OBJECT_AR = (r"(السمطه|سمطه|العصا|عصا|الحزام|حزام|الكرباج|السوط|سوط|الكابل|الكابلات|السلك|سلك|التيو|التيوب|الكرسي|كرسي|القرعه|قرعه|الكاس|"
              r"كاس|الحجره|حجره|الحجر|حجر|المطرقه|مطرقه|الحديد|حديد|قضيب|المغرفه|مغرفه|الحذاء|حذاء|الصندله|البونيه|" + _WEAPON_AR[1:-1] + r")")
_PASSIVE_KIDNAP_FR = r"(kidnape|kidnapee|kidnapes|enleve|enlevee|enleves|rapte|raptee)"

_PATTERNS["violence_now"] += [
    # asking for the police / emergency number: the numbers are exactly what is needed
    ("ask-number", (r"\b(numero|num|tel|telephone)\s(d |de |du |de la |des |dyal |d |dial )?(l )?(l|el)?\s?(urgence|urgences|police|flics|gendarmerie|"
                   r"gendarmes|secours|samu|ambulance|pompiers|protection civile|bolis|boulis|polis|is3af|2is3af|lis3af|jadarmi\w{0,2}|najda|nejda)\b"
                   r"|\b(nemra|nmra|ra(9|q)m|r(q|9)m)\s(dyal\s|d\s|dial\s)?(l)?\s?(bolis|boulis|polis|police|urgence|urgences|is3af|2is3af|lis3af|"
                   r"ambulance|jadarmi\w{0,2}|l?7imaya|najda|nejda)\b"
                   r"|(رقم|نمره|الرقم|النمره)\s?(ديال\s)?(ال)?(شرطه|بوليس|طوارئ|طواري|اسعاف|نجده|درك|وقايه|لابيلانس|امبولانس)"
                   r"|(ال)?(شرطه|بوليس|اسعاف|طوارئ|درك)\w{0,2}\s?(شنو|ما هو|ما|اش|اشنو)?\s?(ال)?(رقم|نمره)"
                   r"|(ال)?(اسعاف|بوليس|شرطه)\s(فين|اين)\b"
                   r"|\b(19|15|177|190)\b\s(ولا|او|wla|ou|or)\s\b\d{2,3}\b"
                   r"|\b(le numero|numero|nmra|nemra|l numero|lnumero)\b\s(vite|b ?sor3a|bsr3a|daba|svp vite|dghya)\b"
                   r"|(الرقم|رقم|النمره|نمره)\s(بسرعه|فورا|دغيا|دابا|بالزربه)|(بسرعه|فورا|دغيا)\s(\S+\s){0,2}(الرقم|النمره|رقم)(?!\w)"
                   r"|\b(3tini|3tiwni|3tini ghir|3tiwni ghir|donnez moi|donne moi|envoyez moi|envoie moi|give me|send me)\s(l|le|el|un|the)?\s?(numero|nmra|nemra|number)\b"
                   r"\s(ghir\s)?(b ?sor3a|bsr3a|daba|dghya|vite|bla ma|3afak|3afakom|svp|stp|please|vite svp)\b"
                   r"|\b(3tini|3tiwni)\sghir\s(l)?(numero|nmra|nemra)\b"
                   r"|(عطيني|عطيوني|اعطوني|اعطني|ارسلوا لي|ارسلو لي|صيفطو ليا)\s(غير\s)?(ال)?(رقم|نمره)(\s(بسرعه|دابا|عافاكم|عافاك|قبل|فورا|دغيا)| $)")),
    # a cry for help (or crying/frightened emoji) with "he is hitting me", in any order
    ("cry-hit-me", _CRY_ANY + r".{0,60}(" + _HIT_ME_FR + "|" + _HIT_ME_LATN + "|" + _HIT_ME_AR + r")"
                   r"|(" + _HIT_ME_FR + "|" + _HIT_ME_LATN + "|" + _HIT_ME_AR + r").{0,60}" + _CRY_ANY),
    # someone (a relative, a child, a woman) beaten with an object, told in the present
    ("hit-with-object", r"\b(tape|frape|bat|cogne|tabase|fouete|tapent|frapent|batent)\s(sur )?(ma|mon|mes|son|sa|ses|leur|une|un|le|la|les)\s?\w{0,12}\s?(\w+ )?"
                        r"avec (un|une|le|la|son|sa|des|ses)\s" + _OBJECT_FR + r"\b"
                        r"|\b(kay|tay|ka|ta)(dreb|derb|drab|dorb|drob)\w{0,4}\s(\w+\s){0,3}(b|bl|bel)\s?(l)?" + _OBJECT_LATN + r"\b"
                        r"|" + _AB + r"(كي|تي|ي|كت|ت)(ضرب|جلد)\w{0,4}\s(\S+\s){0,3}(ب|بال)\s?" + _OBJECT_AR),
    # hit me with an object just now ("ضربني بالكرسي", "drbni b l9er3a", "il m a frappée avec une bouteille")
    ("hit-me-with", r"\b(m|nous) (a|ont) (frape|tape|cogne|tabase|ataque)\w{0,2} (avec|a coups de) (un|une|le|la|son|sa|des|ses)?\s?" + _OBJECT_FR + r"\b"
                    r"|\b(drebni|drbni|darbni|derbni|drbouni|dorbouni|drebouni|kaydrebni|kaydarbni|kayderbni|taydrebni)\s(\w+\s){0,2}(b|bl|bel)\s?(l)?" + _OBJECT_LATN + r"\b"
                    r"|\b(me|nous) (bat|frape|tape|cogne|fouete|batent|frapent|tapent)\s(avec|a coups de)\s(sa|son|une|un|le|la|ses|des)?\s?" + _OBJECT_FR + r"\b"
                    r"|" + _AB + r"(ضربني|ضربوني|ضربتني|كيضربني|يضربني|تيضربني)\s(\S+\s){0,3}(ب|بال)\s?" + _OBJECT_AR),
    # beaten and it does not stop, or still going on ("ولا يتوقف", "mazal kaydreb fiya", "ne s'arrête pas")
    ("hit-ongoing", (r"(\b(frape|frapent|tape|tapent|bat|batent|cogne)\b.{0,40}\b(ne s arete pas|sans arret|depuis (une|1|deux|2|trois|3) heure\w?|depuis tout a l heure|depuis ce matin)\b"
                    r"|\b(mazal|ba(9|q)i|baqi)\s(kay|tay|ka)(dreb|derb|drab|dorb)\w{0,4}\b"
                    r"|(مازال|ومازال|باقي|لا يزال|مازالو)\s?(كي|تي|ي)(ضرب|ضربو|جلد)\w{0,4}"
                    r"|(كي|تي|ي|ت)(ضرب|جلد)\w{0,4}.{0,40}(ولا يتوقف|ولا تتوقف|لا يتوقف|ولا يحبس|وما بغاش يحبس|ومابغاش يحبس|بلا توقف)"
                    r"|(الضرب|الصراخ) (مستمر|لا يتوقف|ما بغاش يحبس))")),
    # a witness hears screams or blows now ("j'entends un enfant qui se fait frapper", "كنسمعها كتغوت", "اسمع امرأة تستغيث")
    ("witness-hears", (r"\b(j entends|jentends|on entend|entends|j ai entendu|kansme3|kansma3|kanesme3|sme3t|sma3t|kansm3|kansma\w{0,2})\b.{0,50}"
                      r"\b(crie|crient|crier|hurle|hurlent|hurler|cris|hurlements|au secours|appeler au secours|frapper|frape|coups|pleure et crie|kat3eyet|kay3eyet|katgh?owet|kaygh?owet|"
                      r"kat3iyet|kay3iyet|l3yat|lghwat|lkhbat|dorba|darb|ddarb|katsrekh|kaysrekh|3te(9|q)ouni|coup de feu)\b"
                      r"|(كنسمع|كنسمعها|كنسمعو|اسمع|نسمع|سمعت|سمعنا|كانسمع)\w{0,3}.{0,50}(تصرخ|يصرخ|كتغوت|كيغوت|تستغيث|يستغيث|صراخ|الصراخ|الغوات|العياط|"
                      r"صوت ضرب|صوت الضرب|الضرب|كتعيط عتقوني|عتقوني|تطلب النجده|كتقول عفاك|الانين|ضرب)"
                      r"|(تستغيث|يستغيث|استغاثه)\s(في|ف|فال)\s?(ال)?(شقه|دار|بيت|منزل|عماره|جيران)")),
    # someone dragged, pulled or pushed into a car / a building by force, seen now
    ("dragged-away", r"\b(traine|trainer|tire|tirent|trainent|pousse|poussent|force|forcer|forcent|mis|mise|mettent|jete|jetee)\w{0,2}\s"
                     r"(de force\s)?" + _PERSON_FR + r"?\s?(\w+\s){0,3}(dans|vers) (une|un|la|le|sa|son|leur) (voiture|camionnette|coffre|fourgon|van|taxi|immeuble|maison|cave)\b"
                     r"|\b(ont|a|vient d|viennent d|on vient d)\s?(mis|mise|pousse|poussee|force|forcee|fait monter|jete|jetee|embarque|embarquee)\s(de force )?"
                     r"(ma|mon|mes|une|un|la|le)\s(\w+\s){0,2}(dans|a monter dans) (une|un|la|le|sa|son) (voiture|camionnette|coffre|fourgon|van)\b"
                     r"|\b(kayjer|kayjerr|kaysa7eb|jerha|jer|jrrha|jerouha|d(a)?kh(e)?l(ha|ouha|oha|ou|o)|khtafha|khtfoha)\b.{0,40}"
                     r"\b(tomobil|tonobil|taxi|fourgonette|camion|bit|dar|dakhel|zan9a|kat3eyet|katbki)\b"
                     r"|\b(jarouni|jerouni|jerrouni|jrouni)\b.{0,20}\b(dkhlouni|dakhlouni|rkbouni)\b"
                     r"|\b(tomobil|tonobil|fourgonette|camion|taxi)\b.{0,60}\b(dkhlouni|dakhlouni|rkbouni|jarouni|jerouni)\b"
                     r"|(?<![^\sو])(كيجر|يجر|جر|جرها|جروها|جره|جروه|كيجرها|كيجرو|كيسحب|يسحب|سحب|سحبها|دخلو|ادخلو|ادخلوا|دخلوها|ادخلوها|دخلوني|ادخلوني|ركبوه|ركبوها|ركبوني|داو بيا)(?!\w)\s.{0,40}"
                     r"(طوموبيل|سياره|السياره|الطوموبيل|طاكسي|الطاكسي|فالزنقه|الزنقه|الشارع|كتغوت|تصرخ|عماره|بيت)"),
    # a stranger takes a child away or a child is taken ("le monsieur l'a pris par la main", "الرجل الذي اخذه من يده")
    ("child-led-away", (r"\b(un homme|un inconu|quelqu un|un monsieur|une dame)\b.{0,30}\b(pris|prend|emene|emmene|tire)\w{0,2}\s(par la main|par le bras|de force)\b"
                       r"|(رجل|شخص|واحد|الرجل|الراجل)\s?(\S+\s){0,4}(يمسكه|ماسكه|اخذه|اخذها|داه|داها|هز بيه|هز بيها|ياخذه|ياخذها|يحاول ادخال|كيجر)\w{0,2}\s?(من يده|من يدها|بالقوه|الى سيارته|لسيارته|للطوموبيل)?"
                       r".{0,40}(ليس من عائلته|ماشي باه|ماشي من العائله|لا يعرفه|ما كنعرفوش|يبتعدون|وسط الزحام|مابقيتش كنشوفهم|لم اعد اراهما|سيارته)")),
    # the one who threatened me is back, waiting, at my door
    ("threat-back", (r"\b(qui|li|lli|elli)\s(m a menace\w{0,2}|m avait menace\w{0,2}|hded?ni|hdedni|hddni)\b.{0,50}\b(revenu|la|devant|rje3|raje3|wa(9|q)ef|hna|daba)\b"
                    r"|(الذي|لي|اللي|الي)\s(هددني|هدديني|كان كيهددني)\b.{0,50}(عاد|رجع|واقف|يقف|هنا|دابا|الان|امام|تحت)"
                    r"|\b(ya|il y a|y a)\s(un homme|un type|un mec|quelqu un)\b.{0,50}\b(qui )?(m )?(attend|guette|atend|guete)\w{0,2} (que je sorte|devant|dehors|en bas)\b")),
    # a stranger or intruder in the house, at night, or someone trying to get in ("quelqu'un est entré chez moi la nuit")
    ("intruder", (r"\b(quelqu un|un homme|des hommes|un inconu|des inconus|un cambrioleur|un voleur|des voleurs|ils|un intrus)\s(est|sont|vient d etre|viennent d etre)\s"
                 r"(entre|entres|rentre|rentres)\s(chez moi|chez nous|dans (la|ma|notre) (maison|chambre)|dans (l|mon) apart\w*)\b"
                 r"|\b(il y a|y a|ya)\s(un|des)\s(cambrioleur|cambrioleurs|voleur|voleurs|intrus)\s(dans|chez)\b"
                 r"|\b(chi wa7ed|chi 7ed|chi (7|h)d|wa7ed|chmkara|chfara|jouj|drari)\s(dkhel|dakhel|kaydkhol|dkhlo|dakhlin|kay(7|h)awel ydkhol)\s(l|3la|3lina|3liya)\s?(l)?(bit|dar|3lina|3liya)?\b"
                 r"|(دخل|دخلو|دخلوا|اقتحم|اقتحمو|اقتحموا)\s(علينا|عليا|علي|للدار|الدار|البيت|للبيت|غرفتي|الشقه|منزلي)\b.{0,40}(الليل|فالليل|ليلا|ملثمين|ملثمون|بالسلاح|رجال|وحدين|الطابق|مازال|وهو مازال|الممر)"
                 r"|(رجل|رجال|شخص|واحد|وحدين)\s?(\S+\s)?(اقتحم|دخل|دخلو)\w{0,2}\s(غرفتي|علينا|عليا|الدار|البيت)")),
    # banging at the door hard, at night or alone ("kaydegdeg b jhed", "il tambourine à la porte")
    ("door-banging", (r"\b(kaydegdeg|kaydeg|kayde(9|q)|kaydo(9|q)|kaykhbet|kaydfe3|kayderb|degdeg)\w{0,2}\s(b\s?jhed|bjhd|3la (l)?bab|f (l)?bab)\b.{0,60}"
                     r"\b(bo(7|h)di|wa(7|h)da|wahda|wahdi|lil|khayfa|khayef|smiya|smiti|kay3ayer|kay3iyet|kaygheyet|sakran|ghadi ndkhol)\b"
                     r"|(كيدق|يدق|كيضرب|يضرب|كيخبط|يخبط|يطرق|يطرقون|كيطرق)\s?(ف|على|في)?\s?(ال)?(باب|بابي)\b.{0,40}(بوحدي|وحدي|الليل|خايفه|حلي ولا|سكران|يحاول|بقوه|بالجهد)"
                     r"|\b(frape|frapent|fraper|tape|tapent|taper|tambourine|cogne|cogner)\w{0,2}\s(a|sur|contre) (ma|la) porte\b.{0,40}\b(seule|nuit|peur|ouvre|tuer|crie)\b"
                     r"|\b(ils sont|sont|on est|nous sommes)\s(plusieurs|deux|trois|quatre|2|3|4)\sa\s(taper|fraper|cogner)\b")),
    # sexual assault or harassment just now ("اغتصبني قبل قليل", "il vient de me violer", "يتحرش بي الان", "رجل يلمسني")
    ("assault-just-now", (r"(\b(ghtasbni|ghtasboni|ghtasbouni|ghtasebni|t3eda 3liya|t3da 3liya|viole|violee|violer|agresee sexuelement|agrese sexuelement|"
                         r"touche|touchee|me touche|kaylmes fiya|kayt(7|h)arch biya)\b|اغتصبني|اغتصبوني|غتاصبني|تعدى عليا|تعدات عليا|اعتدى علي|اعتدي علي|"
                         r"يتحرش بي|كيتحرش بيا|يلمسني|كيلمسني|كيلمس فيا|حاول اغتصابي)"
                         r".{0,50}(\b(daba|db|9bel (chwiya|d9i9a|sa3a)|tout a l heure|il y a (une|1|2|deux|30|20|10|quelques) (heure|heures|minutes|min)|"
                         r"a l instant|maintenant|encore|toujours|cette nuit|dans le parc|je saigne|il est encore|mazal|ba9i)\b"
                         r"|الان|دابا|قبل قليل|قبل شويه|هادي ساعه|ومازال|مازال|وهرب|ولا احد|خايفه|خائفه|راني بوحدي|انا في الشارع|الان في)")),
    # a stranger or a group comes at me in the street at night ("un homme s'approche de moi", "wa7ed ba9i wa9ef moraya")
    # a person beaten in front of me, now ("kaydreb f wa7d drriya 9dam lbab", "un homme frappe une femme dans la rue")
    ("witness-beating", (r"\b(un homme|un type|un mec|quelqu un|des hommes|des jeunes|il)\s(est en train de |sont en train de )?(frape|frapent|fraper|tabase|tabasent|cogne)\s"
                        r"(une|un|la|le)\s(femme|fille|enfant|gamin|gamine|petit|petite|dame|vieux|vieille)\b"
                        r"|\b(kay|ka|tay)(dreb|drob|dorb|derb)\w{0,2}\s(f\s)?(wa7d|wa7ed|chi|had|dik|dak)\s(l)?(drriya|driya|drri|derri|bnt|bent|mra|tfla|tfl|lmra|wld|weld|chibani|chibaniya)\b"
                        r"|(كيضرب|يضرب|كيضربو|يضربون)\s(ف\s|في\s)?(واحد\s|شي\s)?(ال)?(امراه|مرا|المرا|طفل|طفله|دري|دريه|بنت|الدري|الدريه)\s.{0,30}"
                        r"(الشارع|الزنقه|فالزنقه|امامي|قدامي|قدام|امام|الحديقه|الناس|كتغوت|تصرخ|يصرخ|الان|دابا)")),
    # a child or a woman abused now ("dar liha 7aja khayba daba", "9arbha daba", "دار ليها حاجة خايبة")
    ("abused-now", (r"\b(dar|dir|dayr)\s(liha|lih|liya|lia)\s(chi\s)?(7|h)aja\s(khayba|3ayba)\b|\b(9|q)arb(ha|ni|o|hom)\s(daba|db|f dar)\b"
                   r"|(دار|دير|داير)\s(ليها|ليه|ليا)\s(شي\s)?حاجه\s(خايبه|عيبه)|(قربها|قربني|قرب ليها)\s(دابا|الان)")),
    # waiting for me outside, with a group or sticks ("il m'attend devant le boulot avec ses amis")
    ("waiting-for-me", (r"\b(il|ils|mon ex|mon mari|un homme)\s(m|nous)\s(attend|attendent|atend|atendent|guette|guettent)\w{0,2}\s(devant|dehors|en bas|a la sortie|pres)\b.{0,60}"
                       r"\b(batons?|couteau|couteaux|arme|armes|amis|copains|freres|peur|seule|bandes?)\b")),
    # blood now ("daba kayn dem", "il y a du sang")
    ("blood-now", r"\b(daba|db)\s(kayn|kayen|kayna)\s(d)?dem\b|\b(kayn|kayen)\s(d)?dem\s(bzaf|ktir|daba)\b|\bil y a (du|beaucoup de) sang\b|(دابا|الان)\s(كاين|هناك)\s(ال)?دم"),
    # a cry for help and someone being hit now ("ساعدوني زوجي يضرب ابنتنا", "au secours il frappe ma fille")
    ("cry-hit-anyone", _CRY_ANY + r".{0,60}(\b(frape|frapent|bat|batent|tape|tapent|tabase|tabasent)\b|\b(kay|tay|ka|ta)(dreb|derb|drab|dorb)\w{0,4}\b"
                       r"|" + _AB + r"(كي|تي|ي|كت|ت)(ضرب|جلد|عنف)\w{0,4})"),
    # "he will finish me" ("ghadi ykmel 3liya", "عندما يرجع سيكمل", "غانكمل عليك")
    ("finish-me", (r"\b(ghadi|gha|bgha|ghan|ghay)\s?(y|n|t)?k(e)?m(e)?l\s3l(iya|ia|ik|iha|ina)\b|(غادي|غا|سوف|س|غان)\s?(ي|ن)?كمل\w{0,2}\s(عليا|عليك|عليها|علينا)"
                  r"|(يرجع|يعود|رجع|نرجع)\b.{0,40}(سيكمل|يكمل عليا|غادي يكمل|سينهي)|(سينهي امري|ينهي امري)")),
    # the aggressor said he will come back (tonight) and I am afraid ("قال غادي يرجع فالليل، راني خايفة")
    ("coming-back", (r"(قال|قالي|قال ليا|كيقول|يقول)\s(انه\s)?(غادي|غا|سوف|س)\s?(ي)?(رجع|يرجع|يعود|عود|يجي)\b.{0,40}(خايفه|خايف|خائفه|اخاف|الليل|الليله|فالليل)"
                    r"|\b(9al|9ali|9al lia|kay9ol)\s(ghadi|gha)\s?(y)?(rje3|ji|jay)\b.{0,40}\b(khayfa|khayef|f lil|lil|had lil)\b"
                    r"|\b(il a dit|il m a dit|il dit)\s(qu il|qu il va)\s(reviendra|revient|va revenir|va repasser)\b.{0,40}\b(peur|ce soir|cette nuit|seule)\b")),
    # it just happened, minutes ago ("il m'a étranglée tout à l'heure", "m a poignardee il y a 10 minutes")
    ("just-happened", (r"\b(m|nous)\s(a|ont)\s(etrangle|etoufe|poignarde|blese|frape|viole|agrese|tabase|brule|ataque|menace)\w{0,2}\s"
                      r"(\w+\s){0,3}(tout a l heure|il y a (une|1|2|deux|10|15|20|30|quelques|cinq|dix) (heure|heures|minutes|min)|a l instant|ce soir|cette nuit)\b")),
    # drunk and hitting me, now ("rajli sakran w kaydrebni", "il est saoul et il me frappe")
    ("drunk-hitting", r"\b(sakran|sker|m(9|q)arqeb|saoul|soul|ivre|bourre|drogue)\b.{0,40}(" + _HIT_ME_FR + "|" + _HIT_ME_LATN + "|" + _HIT_ME_AR + r")"
                      r"|(" + _HIT_ME_FR + "|" + _HIT_ME_LATN + "|" + _HIT_ME_AR + r").{0,40}\b(sakran|saoul|soul|ivre|bourre)\b"
                      r"|(سكران|مسكر|مقرقب)\b.{0,40}(كيضربني|يضربني|تيضربني)|(كيضربني|يضربني)\b.{0,40}(سكران|مقرقب)"),
    # hitting and dragging me, now ("kaydrebni w kayjerni", "يضربني ويجرني")
    ("hit-drag", r"(" + _HIT_ME_FR + "|" + _HIT_ME_LATN + "|" + _HIT_ME_AR + r").{0,20}(\b(me traine|me tire|kayjerni|kayjrni|kaysa7bni)\b|(كيجرني|يجرني|يسحبني|كيسحبني)(?!\w))"),
    # "he will come back and finish me" ("ghadi yrje3 w ykmel 3liya")
    ("finish-me-2", r"\by(e)?km(e)?l\s3l(iya|ia|ina)\b(?!\s(l|lkhedma|chi|b))"),
    ("approached-night", (r"\b(un homme|des hommes|un type|des types|un groupe|quelqu un)\s(s approche|s aproche|s approchent|nous entoure|nous entourent|m entoure)\w{0,2}\b"
                         r"|\b(tlgaw|tlaga|tlagaw|t9ado|tjm3o)\s3l(iya|ia|ina)\b")),
]

_PATTERNS["violence_now"] += [
    # branch open-world, second pass (read on the test half of nlu/eval, written as families; see nlu/README.md)
    # a ransom: "X is with me, bring money" ("ولدي عندي جيب الفلوس", "il l'a et il veut de l'argent", "انها عنده ويطلب المال")
    ("ransom", (r"\b(il|ils|quelqu un|un homme)\s(l a|les a|la tient|le tient|l ont)\b.{0,30}\b(argent|rancon|payer)\b"
               r"|\b(3ndi|3ando|3ndo|3endo)\s(hiya|howa|bntk|wldk|bentek|weldek)\b.{0,30}\b(flous|lflous)\b"
               r"|(عندي|عنده|عندو)\s(بنتك|ولدك|بنتكم|ولدكم|هي|هو)?\s?.{0,30}(جيب|اعطيني|صيفط|يطلب|طلب)\s?(ال)?(فلوس|مال|المال|فديه)"
               r"|(انها|انه)\s(عنده|عندو)\s.{0,20}(يطلب|بغا)\s(ال)?(مال|فلوس)|\b(si je paie pas|si tu paies pas)\b.{0,40}\b(prendre|enlever)\b")),
    # a threat to take a child, or trying to take someone away ("ils viennent prendre ma fille", "ils veulent nous emmener",
    # "il veut les prendre de force")
    ("take-away", r"\b(viennent|vont venir|va venir|veulent|veut|essaie de|essayent de|vont|va)\s(prendre|enlever|emmener|emener|kidnaper|embarquer|chercher)\s"
                  r"(ma|mon|mes|nos|notre|les|le|la|nous|me|m)\s?(" + _KIN_FR[1:-1] + r")?\b.{0,30}\b(de force|ce soir|cette nuit|deja|crie|avant|dans la rue)\b"
                  r"|\b(veulent|veut|essaie de|essayent de)\s(nous|me|m)\s(emmener|emener|enlever|kidnaper|embarquer)\b"
                  r"|\b(le|la|les)\s(prendre|emmener|emener)\sde force\b"
                  r"|(غادي تجي معايا بزز|تجي معايا بزز|ji m3aya bzez|viens avec moi de force)"),
    # a child pleading with a parent, heard ("pardon papa", "papa arrête", "بابا بركا", "3afak a baba")
    ("child-pleading", r"\b(pardon papa|pardon maman|papa arete|maman arete|arete papa|3afak a baba|baba baraka|bba baraka)\b|(بابا بركا|بابا بركا بركا|عفاك ابابا|بابا لا|ماما بركا)"),
    # a child says the man is not their parent; a stranger leads a child away ("ماشي بابا", "لا يعرفه")
    ("not-my-parent", (r"(كيقول|يقول|يصرخ|تقول|كتقول)\s(انه\s)?(ماشي بابا|ماشي باه|ليس ابي|ليس اباه|لا يعرفه|ماكيعرفوش|ما كيعرفوش)"
                      r"|\b(kay(9|q)ol|kat(9|q)ol)\s(machi baba|machi bba|ma kay3rfouch)\b|\b(c est pas|c pas) (mon|son) (papa|pere)\b")),
    # "he is hitting me" said again and again, or "il arrive il arrive", "الو الو … يضربني"
    ("repeated-alarm", r"(" + _HIT_ME_AR + r")\s\S*(ضرب|ضربني)\S*\s\S*(ضرب|ضربني)\S*|\b(kaydrebni kaydrebni|il me frape il me frape)\b"
                       r"|\b(il arive il arive|ils arivent ils arivent|rah jay rah jay|il revient il revient)\b|(راه جاي راه جاي|جاي جاي)"
                       r"|\b(il arive|il revient|rah jay)\b.{0,10}\bxdistres\b"
                       r"|(الو الو|allo allo|واش كاين شي حد|هل هناك احد|احد يرد علي|est ce qu il y a quelqu un)\b.{0,40}(" + _HIT_ME_FR + "|" + _HIT_ME_LATN + "|" + _HIT_ME_AR + r")"),
    # laying into me with blows, now ("داخل فيا بالضرب", "dakhel fiya b ddarb")
    ("laying-into", r"(داخل|دخل)\s(فيا|فيها|فيه|فينا)\s(بالضرب|بالعصا|بالموس)|\b(dakhel|dkhel)\s(fiya|fiha|fih)\s(b|bl)\s?(d)?(darb|dreb|3sa|mous)\b"),
    # "he is starting again" after a past beating ("et là il recommence", "cette nuit il m'a frappée et là il recommence")
    ("again-now", r"\b(frap|bat|tape|cogn)\w*\b.{0,60}\b(et la |la )?il (re)?commence\b|\bil recommence a (me|nous) \w+"),
    # a stranger seen in a child's room, someone trying to open a window, someone who will come back for me tonight
    ("intruder-2", (r"\b(un homme|un inconu|quelqu un)\s(est )?dans (la chambre|ma chambre|la maison|chez moi|l apart\w*)\b"
                   r"|(كيحاول|يحاول|بغا|كايحاول)\s(يحل|يفتح|يدخل|يكسر|يحلو)\s(ال)?(شرجم|الشرجم|الباب|النافذه|البيبان)"
                   r"|\b(va|vont) revenir\s(ce soir |cette nuit |demain )?(me|nous) (chercher|prendre)\b|\brevient me chercher\b"
                   r"|(سيدخل|غادي يدخل|بغا يدخل|يريد الدخول|سيقتحم)\s?.{0,20}(بالقوه|بزز(?!\w)|بالسيف)"
                   r"|\b(il|un homme)\b.{0,30}\b(bloque|barre)\s(la|ma)\s(porte|sortie)\b|(يسد|كيسد|سد)\s(علينا|عليا)\s(ال)?باب")),
    # asking for the number in other words ("عطيوني الرقم نعيط", "bghit ghir numero", "عاونوني بالرقم", "عطيوني شي رقم قبل مايرجع")
    ("ask-number-2", (r"(عاونوني|ساعدوني)\s(ب)?(شي\s)?(ال)?(رقم|نمره|نمرة)"
                     r"|\b(bghit|bghina)\sghir\s(l)?(numero|nmra|nemra)\b(?!\s(dyal|d)\s)"
                     r"|(?<![^\sو])(قبل مايرجع|قبل ما يرجع|قبل مايجي|قبل ما يجي|قبل مايوصل|قبل ما يوصل)|\b9bel ma y(rje3|ji|wsel)\b|\bavant qu il (revienne|rentre|arrive)\b")),
]

_PATTERNS["confinement"] += [
    # a vehicle I cannot get out of: the driver will not stop, took another road, locked the doors; taken somewhere unknown
    ("vehicle-trapped", (r"\b(taxi|chauffeur|voiture|camionnette|il|conducteur)\b.{0,60}\b(veut pas|ne veut pas|refuse de) (s arreter|arreter|me laisser descendre|me deposer)\b"
                        r"|\b(verouille|verrouille|bloque|ferme)\w{0,2} (les portes|les portieres)\b"
                        r"|\b(me laise|me laisse|nous laisse) pas descendre\b|\b(je|j) (ne )?(peux|peut) pas descendre\b"
                        r"|\bpas pris le bon chemin\b|\broule vers (la foret|le desert|nulle part)\b"
                        r"|\b(ma bgh?ach|ma bghawch|ma kayb(9|q)ach) y(7|h)(e)?bes\b|\b(ma kaywe(9|q)(e)?fch|ma bgh?ach ywe(9|q)ef)\s(bia|biya|bina)\b"
                        r"|\b(dawni|dawna|daw bia|dda bia|mcha bia|mcha biya)\b.{0,40}\b(ma 3rftch|ma3rftch|ma kan3rfch|blasa|lghaba|lkhla)\b"
                        r"|\bs(e)?d\w{0,2} (l)?biban\b|\b(ma khlawnich|ma khlanich|makhlawnich) n(e)?nzel\b"
                        r"|(ماكيوقفش|ما كيوقفش|ما بغاش يوقف|مابغاش يوقف|لا يريد ان يوقف|ولا يريد ان يوقف|يرفض ان يوقف)"
                        r"|(ماخلاونيش|ما خلاونيش|ماخلانيش|ما خلانيش|لا يتركني|لا يتركونني)\s?(ننزل|انزل)"
                        r"|(سد|سدو|اغلق|قفل)\s?(ال)?(بيبان|ابواب|الابواب|البيبان)\b.{0,40}(طوموبيل|سياره|طاكسي|كيمشي|يقود|الغابه|بيا)"
                        r"|(طوموبيل|سياره|طاكسي|مشا بيا|مشى بيا|داني|داني بعيد)\b.{0,40}(سد|سدو|اغلق|قفل)\s?(ال)?(بيبان|ابواب|الابواب|البيبان)"
                        r"|(ماغاديش نوصلك|ما غاديش نوصلك|مشا بيا بعيد|ماكيمشيش فالطريق|ما كيمشيش فالطريق|وكيقول ليا سكتي|غير الطريق)"
                        r"|(يمنعني|منعني|يمنعنا|لا يسمح لي)\s(من\s)?(النزول|بالنزول|ان انزل)"
                        r"|(غير|بدل)\s(ال)?طريق\b.{0,30}(لا يريد|ما بغاش|ماكيوقفش|سكتي|اسكتي)|(داو بيا|داوني|اخذوني|ركبوني)\w{0,2}\s.{0,30}(ماعرفتهاش|ما عرفتهاش|لا اعرف|ماعرفتش|خاليه|الغابه)"
                        r"|(انا|راني|احنا)\s(في|ف)\s?(ال)?(سياره|طوموبيل|طاكسي)\s(مع|م)\s(رجال|ناس|شخص|واحد)\s(لا اعرف|مانعرف|ما كنعرف|ما نعرف)")),
    # held somewhere, not allowed to leave ("je suis retenue dans une maison", "il me laisse pas partir", "ma bghach ykhlini nkhrej")
    ("held-not-leave", (r"\b(suis|sommes) (retenue|retenu|retenues|gardee prisoniere|sequestree)\b"
                       r"|\b(me|nous) (laise|laisse|laisent|laissent) pas (partir|sortir|m en aller)\b(?!.{0,20}\b(avant|tant que|jusqu a)\b)"
                       r"|\b(veut|veulent) pas me laisser (partir|sortir)\b|\b(me|nous) (retient|retiennent|retienent|sequestre|sequestrent)\b"
                       r"|\bma (kaykhli|kaykhl|khla|bghach ykhli)(ha|h|hom|haa)ch\s(t|y)?(kh|5)r(e|o)?j\b|\b((7|h)(e)?bs|(7|h)abs)(ha|o|ou|hom)\s(f|fi)\s?(l)?(bit|dar|cave|garage)\b"
                       r"|(?<![^\sو])(حابسها|حبسها|حابسو|حبسو|حابسهم|حبسهم|حابساها)(?!\w)|(ما كيخليهاش|ماكيخليهاش|ما خلاهاش|ماخلاهاش|لا يسمح لها|لا يتركها)\s?(تخرج|بالخروج)"
                       r"|\bma (bgh?ach|bghawch|kaybghich|kaybghiwch)\s?y?kh?l+(i|iw)ni\w{0,2}\s(n(kh|5)r(e|o)?j|nmchi|nrje3|nsafer)\b"
                       r"|\bma (kaykhlinich|kaykhliwnich|khlawnich|khlanich) (n(kh|5)r(e|o)?j|nmchi|nrje3)\b"
                       r"|(لا يسمح لي|ولا يسمح لي|ويرفض ان)\s(بالخروج|اخرج|ان اخرج)|(يرفض|يرفضون) (ان اخرج|خروجي)"
                       r"|(حابس|كيحبس|يحبس|حبس|يحتجز|محتجز)\w{0,2}\s(واحد\s|وحده\s)?(ال)?(بنت|مرا|طفل|طفله|دري|دريه|امراه)"
                       # the door locked on someone, or someone taken in and the door shut ("7bes lbab 3liha", "khdaha l darho w sd lbab")
                       r"|\b((7|h)(e)?b(e)?s|s(e)?d|(9|q)(e)?f(e)?l|sker)\s(l)?bab\s3l(iha|ih|ihom|iya|ina)\b"
                       r"|\b(khdaha|khdah|ddaha|ddah|dadha|dakhlha|dkhlha|dda|khda)\b.{0,40}\b(s(e)?d|(9|q)(e)?f(e)?l|sker)\w{0,2}\s(l)?bab\b"
                       r"|(قفل|سد|اغلق|سكر|حبس)\w{0,2}\s(عليها|عليه|عليهم)\s(ال)?باب|(قفل|سد|اغلق)\s(ال)?باب\s(عليها|عليه|عليهم)"
                       r"|(خداها|داها|اخذها|دخلها|ادخلها)\b.{0,40}(سد|قفل|اغلق)\w{0,2}\s(ال)?باب")),
    # a child tied up / locked outside in the sun ("طفل الجيران مربوط في الشرفة")
    ("child-tied", (r"(مربوط|مربوطه|مكتف|مكتفه)\w{0,2}\s(في|ف|فال)\s?(ال)?(شرفه|شرجم|بالكون|السطح|سطح|بيت|الخارج|برا)"
                   r"|\b(atache|attache)\w{0,2}\s(son|sa|ses|un|une)\s(fils|fille|enfant|petit|petite)\s(dehors|au|sur|dans)\b")),
    # drugged, or something put in my drink ("on m'a droguée", "dar lia chi 7aja f lkas")
    ("drugged", (r"\b(on|il|ils)\s(m a|m ont|ma|mont)\s(drogue|droguee)\b|\b(drogue|quelque chose) dans mon verre\b"
                r"|\bdar\w{0,2}\s(lia|liya|li)\s(chi (7|h)aja|chi dwa|chi haja)\s(f|fi)\s(l)?(kas|kes|machrob)\b"
                r"|(دار|حط|وضع|دس)\w{0,2}\s(ليا|لي)\s(شي حاجه|شيئا|مخدر|شي دوا)\s(ف|في)\s?(ال)?(كاس|كاسي|المشروب|مشروبي|العصير)")),
]

_PATTERNS["abduction"] += [
    # kidnapped, said of anyone, in the passive or the active, now ("tkhtfat bnt khti", "on enlève une fille", "خطفو ليا ولدي")
    ("taken-anyone", r"\b(t|y|n|m)?(kh|5)(e|a)?t(e|a)?f(o|ou|at|et|oli|olia|ouli|ouha|oha|ha|ni|oni|ouni|tni)\b"
                     r"|\b(on|ils|il|quelqu un)\s(vient d |viennent d |est en train d |sont en train d )?(enleve|enlevent|kidnape|kidnapent|enlever|kidnaper)\s(une|un|ma|mon|la|le|des)\b"
                     r"|\b(vient d |viennent d |on vient d )(enlever|kidnaper)\b"
                     r"|\b(suis|a ete|ont ete|est|sont|se fait|s est fait|s est faite)\s(kidnape|kidnapee|enleve|enlevee|rapte|raptee)\b"
                     r"|" + _AB + r"(تخطف|تخطفات|تخطفت|تختطف|اختطف|اختطفت|اختطفو|اختطفوا|خطفو|خطفوا|خطفوه|خطفوها|خطفوني|خطفها|خطفه|تم اختطاف|تم اختطافي|اختطفني)\b"),
    # taken by force, to another place or abroad ("خدا الولاد بالقوة وهرب", "il veut partir avec elle à l'étranger cette nuit")
    ("taken-by-force", r"\b(pris|prend|emmene|emene|embarque)\w{0,2}\s(les|mes|nos|mon|ma|notre)\s(enfants|enfant|fils|fille|bebe)\b.{0,50}\b(de force|a l etranger|je le reverai|il etait|en voiture)\b"
                       r"|\b(dda|dah|dadha|khda|khdaw|ddaw)\s(l)?(" + _KIN_LATN[1:-1] + r"|wlad|lwlad)\s(b ?sif|bzez|bl(9|q)wa|bel(9|q)wa)\b"
                       r"|" + _AB + r"(خدا|اخذ|داه|داها|دا|هز|داو|خداو|اخذوا)\s(ال)?" + _KIN_AR + r"?\s?(\S+\s){0,6}(بالقوه|بزز(?!\w)|بالسيف)"
                       r"|(يسافر|يهرب|يمشي)\s(بهم|بيهم|بها|بيها|به|بيه)\s?(الليله|الليلة|اليوم|دابا)?\s?(بالقوه|بزز(?!\w))"),
    # a child taken abroad / to another country by a parent, now or tonight ("bgha ydiha m3ah l blad", "il veut partir avec
    # elle à l'étranger cette nuit", "يريد ان يسافر بهم الليلة")
    ("taken-abroad", (r"\b(bgha|bghat|ghadi|gha|baghi)\s(y|t)(di|ddi)(ha|h|hom|hum)\s(m3ah|m3aha|m3ahom)?\s?(l|lel)\s?(blad|l?kharij|bra|lbra|spanya|fransa|europa)\b"
                     r"|\b(veut|va|compte)\s(partir|s enfuir|fuir|l emmener|les emmener|l emener|les emener)\s(avec (elle|lui|eux|les enfants|mon fils|ma fille) )?(a l etranger|hors du pays|au bled)\s(ce soir|cette nuit|aujourd hui|maintenant|de force|demain matin)\b"
                     r"|(يريد|بغا|غادي|سوف)\s(ان\s)?(يسافر|يهرب|يدي|ياخذ)\w{0,2}\s(بهم|بيهم|بها|بيها|به|بيه|معاه|معه)\s?(ال)?(الليله|اليوم|دابا|بالقوه)")),
    # a child or a young person gone with a stranger, now ("ma fille de 8 ans a disparu il y a une heure", "mchat m3a chi wa7ed bzez 3liha")
    ("gone-with-stranger", r"\b" + _CHILD_FR + r"( \w+){0,4} (a disparu|a disparue|est partie|est parti) (il y a (une|1|deux|2|trois|3|quelques|une demi) (heure|heures|minutes|min)|ce matin|tout a l heure)\b"
                           r"|\b(est|sont) (parti|partie|partis|monte|montee)\w{0,1} avec (un homme|des hommes|quelqu un|un inconu|des inconus|un type|une femme) (que (je|nous|on) (ne )?(le |la |les )?connais|que (je|nous|on) (ne )?connait|inconu)\w*"
                           r"|\b(mchat|mcha|khrjat|khrej|rkbat|rkeb)\s(m3a|m3ah)\s(chi wa7ed|wa7ed|chi rajel|rajel)\b.{0,40}\b(bzez|bl(9|q)wa|ma kan3rfouch|ma3rftoch|msdoud|tomobil)\b"
                           r"|(كتركب|ركبات|ركب|مشات|خرجات)\s(مع\s)?(واحد|شي واحد|راجل)\s(\S+\s){0,2}(بزز(?!\w)|بالقوه)"),
]

_PATTERNS["followed"] += [
    # followed, someone still behind me ("mazal moraya", "il continue de me suivre", "un type me suit depuis la sortie")
    ("behind-me", (r"\b(mazal|ba(9|q)i|wa(9|q)ef|rah|howa)\s(mo|mou)raya\b|\b(chi wa7ed|wa7ed|rajel|chi (7|h)ed)\s(mo|mou)raya\s(mn|men)\b"
                  r"|\b(continue|n arete pas|arete pas) de me suivre\b|\b(me suit|me suivent|m a suivie|m a suivi) (jusqu|depuis|partout|encore)\b"
                  r"|\b(tab3ni|tab3ani|tab3ouni|kaytab3ni|kaytbe3ni|kayteb3ni)\s(mn|men|f)\s(l)?\w+"
                  r"|(تابعني|تابعاني|تابعيني|كيتبعني|يتبعني|يتبعانني|يتبعونني|يلاحقني)\s(من|منذ|في|ف)\b")),
]

_PATTERNS["suicidal"] += [
    # someone else says they will kill themselves, or a farewell message ("il dit qu'il va se tuer ce soir", "صيفط ليا وداعا")
    ("relayed-suicide", (r"\b(il|elle)\s(dit qu (il|elle) )?(va|veut) se (tuer|suicider|jeter|pendre|foutre en l air)\b"
                        r"|\b(message|lettre|mot) d adieu\b|\bmessage de suicide\b"
                        r"|\b(ghadi|gha|bgha|bghat|baghi|baghya)\s(y|t)((q|9|k)tel|lo(7|h)|rmi|(7|h)re(q|9)|khne(q|9))\s(rasso|raso|rasha|rassha|rasou)\b"
                        r"|\b(ghadi|gha)\s(t|y)chreb\s(javel|jafil|dwa)\b"
                        r"|(غادي|غا|سوف|بغا|بغات|تريد|يريد)\s?(ي|ت|س)(قتل|رمي|لوح|حرق|شنق)\w{0,2}\s(راسو|راسها|نفسه|نفسها)"
                        r"|(رساله|رسالة|ميساج)\s?(ال)?وداع|كيقول وداعا|كتقول وداعا|وداعا\s?(و|وما|وماكيجاوبش)|ودعت الجميع|كتبت رساله الوداع"
                        r"|\b(message|mesaj|msg)\s(dyal\s)?(l)?wada3\b")),
    # on a height, about to jump ("ana f sta7 w bghit n9ez", "je suis sur le toit", "انا واقف على حافة الجسر")
    ("about-to-jump", (r"\b(bghit|baghi|baghya|ghadi|gha)\s(n(9|q)ez|n(9|q)fez|nlo(7|h) rasi|ntle(9|q) rasi|nrmi rasi)\b"
                      r"|\b(sur le|au bord du|au bord de la|sur la)\s(toit|pont|balcon|falaise|rebord|fenetre|rails)\b.{0,40}\b(sauter|je vais|plus|fin|aime|veux)\b"
                      r"|\b(a cote|pres|au bord) des rails\b.{0,40}\btrain\b"
                      r"|(واقف|واقفه|فوق|على)\s(على\s)?(حافه|حافت)?\s?(ال)?(جسر|قنطره|القنطره|السطح|سطح|الشرفه|شرفه)\b.{0,30}(مابقيتش|ما بقيتش|لا احتمل|نلوح|ارمي|اقفز|قادر|قادره|نموت|افكر)")),
    # cannot go on, forgive me; about to do "something stupid" tonight, everything is ready
    ("giving-up", (r"\bma b(9|q)a fiya (jehd|jhd|(7|h)ta jhed)\b|\bma b(9|q)itch (n(9|q)der|(9|q)adra|(9|q)ader) nkml\b"
                  r"|\b(faire une betise|faire une connerie)\b.{0,40}\b(ce soir|cette nuit|tout prepare|prepare|que ca s arete|en finir)\b"
                  r"|\b(j ai|jai) tout prepare\b.{0,40}\b(ce soir|cette nuit|que ca s arete|partir|betise|lettre)\b"
                  r"|\b(hadi|c est|c)\s(akher|mon dernier|le dernier)\s(message|msg|mesaj)\b|(هذه|هادي)\s(اخر|آخر)\s(رساله|ميساج)"
                  r"|\b(hadi )?(ghadi tkon )?akh?(e|i)r lila\b(?!\s(f|fi|b|dyal (l)?(3otla|vacance|hotel)))")),
]

_PATTERNS["threat_to_life"] += [
    # "tonight is my last night" reported, "lila l-akhra dyalk" (word order of Darija), "la nuit c'est la fin"
    ("last-night", (r"\b(c est|ce sera|cette nuit c est|ce soir c est)\s(ma|ta)\sderniere\s(nuit|soiree|journee)\b(?!\s(a|au|en|ici|chez|dans|de vacances))"
                   r"|\b(lila|lyoum|nhar)\s(l)?akh?(e|i)?ra?\s(dyalk|dyalek|dyali|lik|likom)\b"
                   r"|\b(ce soir|cette nuit)\s(il|ils)\s(finit|finira|finissent) (le travail|le boulot|avec moi)\b")),
    # English, rare but written ("help me please he is going to kill me")
    ("en-kill", (r"\b(going to|gonna|will|wants to|want to|trying to|tries to) kill (me|us)\b|\b(he|she|they) (is|are) (hitting|beating|killing|choking) (me|us)\b"
                r"|\bhelp me\b.{0,30}\bkill\b|\bi am in danger\b|\bi m in danger\b")),
    # run over / crushed with a car, threatened now ("ghadi ydouz 3liya b tomobil", "il veut m écraser")
    ("run-over", (r"\b(ghadi|gha|bgha|baghi)\s(y|n)(douz|dous|dhes|fre(9|q)s)\s3l(iya|ia|ina)\b|\b(veut|va|essaie de) (m|nous) (ecraser|renverser)\b"
                 r"|(غادي|بغا|سوف|يريد ان)\s?(ي|س)(دوز|دهس|دهسني|صدم)\w{0,2}\s?(عليا|علي|ني)")),
]

_PATTERNS["self_harm"] += [
    # pills or poison taken, now acting ("الحبوب لي شربت بدات كتخدم", "j'ai pris des cachets, j'ai la tête qui tourne")
    ("took-and-symptom", r"(" + _INGEST_AR + r"|\b" + _INGEST_LATN + r"\b|\b(j ai pris|j ai avale|j ai bu|pris|avale)\b).{0,50}"
                         r"(" + _SUBST_AR + "|" + _POISON_AR + r"|\b(" + _SUBST_LATN[1:-1] + "|" + _POISON_LATN[1:-1] + "|" + _SUBST_FR[1:-1] + "|" + _POISON_FR[1:-1] + r")\b).{0,60}"
                         r"(بدات كتخدم|بدا كيخدم|مابقيتش كنشوف|ما بقيتش كنشوف|راسي كيدور|كيدور بيا|كنتقيا|دايخه|دايخ|لا ارى|راسي يدور|"
                         r"\b(tete qui tourne|je vois flou|je vomis|je m endors|bdat katkhdem|kaydor biya|rasi kaydor|kantkhl3|dayekha|dayekh|ma b(9|q)itch kanchouf)\b)"
                         r"|(" + _SUBST_AR + r")\s(لي|اللي|التي)\s(شربت|كليت|بلعت|اخذت|ابتلعت)\b.{0,30}(بدات|بدا|كتخدم|مابقيتش|راسي)"),
    # "I did something to myself" (a Darija and French euphemism for self-harm): "dert chi 7aja f rassi", "درت شي حاجة فراسي"
    ("did-something", (r"\b(dert|drt|darit)\s(chi|wa7ed|wahed)\s(7|h)aja\s(f|fi|l)\s?(rasi|rassi|rasy|jesmi)\b"
                      r"|(درت|دريت)\s(شي|واحد)\s(حاجه|الحاجه)\s(ف|في|ل|فال)\s?(راسي|جسمي)")),
    # a rope tied to the ceiling, a door locked from inside ("dar kord f ssa9f", "علق حبل فالسقف", "corde au plafond")
    ("rope-ceiling", (r"\b(dar|7et|7at|3alle(q|9)|3l(e)?(q|9))\s(l)?(kord|corda|corde|7bel|hbel)\s(f|fi|m3a)\s?(ssa(q|9)f|sa(q|9)f|lplafond|plafond)\b"
                     r"|(دار|حط|علق|ربط)\w{0,2}\s(ال)?(كورد|حبل|كوردا)\s(ف|في|فال|مع)\s?(ال)?(سقف|السقف)"
                     r"|\b(corde|une corde)\b.{0,20}\b(plafond|poutre)\b")),
    # cut myself, deep or not stopping ("جرحت يدي … الجرح عميق ولا يتوقف")
    ("cut-deep", r"(" + _AB + r"(جرحت|قطعت|شرطت)\s(نفسي|راسي|يدي|يديا|ذراعي|دراعي|معصمي))\b.{0,60}(عميق|لا يتوقف|ما بغاش يحبس|الدم|ينزف|كثير)"
                 r"|\b(je me suis|jme suis)\s(coupe|coupee|entaille|entaillee|taillade|tailladee)\w{0,2}\b.{0,40}\b(profond|saigne|s arete pas|sang)\b"),
]

_PATTERNS["threat_to_life"] += [
    # "we are going to die" said of a reckless drive or a threat ("il crie qu'on va mourir", "ghadi nmoutou kamlin")
    ("we-will-die", r"\b(on va|nous allons|on vas) (tous )?mourir\b|\bghadi nmoutou\b|\bghan?mout(o|ou)\b|(غادي نموتو|غانموتو|سنموت|سوف نموت)(?!\w)"),
]

_PATTERNS["injured"] += [
    # drowning now, or a child drowned ("wldi ghreq f lbhar", "mon fils se noie", "ابني يغرق")
    ("drowning", (r"\b(se noie|se noient|en train de se noyer|noyade)\b|\b(kay|ta|tay|ghadi y)?ghre(q|9)\w{0,2}\s(f|fi)\s?(l)?(b(h|7)ar|wad|lma|piscine|bir)\b"
                 r"|(كيغرق|يغرق|تغرق|غرق|غرقت|غارق)\w{0,2}\s(ف|في|فال)\s?(ال)?(بحر|واد|ما|ماء|مسبح|بير|بئر)")),
    # cannot breathe well after being strangled ("j'ai du mal à respirer", "je respire mal")
    ("hard-breathing", r"\b(j ai du mal a|jai du mal a|du mal a) respirer\b|\bje respire mal\b|\bma kantnfesch mzyan\b|(لا اتنفس جيدا|صعوبه في التنفس|ماكنتنفسش مزيان)"),
    # unconscious or not moving after a blow or a fall ("mama kat tl7at f l2ard ma kat9ol walo", "ma mère ne bouge plus")
    ("not-moving", (r"\b(bouge|bougent) plus\b|\b(inconsciente|inconscient|perdu connaissance|s est evanouie|s est evanoui)\b|\bne se reveille (pas|plus)\b"
                   r"|\b(ma b(9|q)atch|ma b(9|q)ach|mab(9|q)atch) (katt?(7|h)(e)?r(e)?k|kayt?(7|h)(e)?r(e)?k)\b|\b(l2ard|lard|f l2ard)\b.{0,30}\bma kat(9|q)ol walo\b"
                   r"|(ما بقاتش|مابقاتش|ما بقاش|مابقاش|ماعادش)\s?(كتحرك|كيتحرك|كتفيق)|(ماكتفيقش|ما كتفيقش|ماكيفيقش|ماكتحركش)|(طايحه|طايح|فالارض|الارض)\b.{0,30}(ماكتهضرش|ما كتهضرش)"
                   r"|(لا|ولا|لم)\s(تتحرك|يتحرك|تستفيق|يستفيق|تفيق)\b|(مغمى|مغمي)\s(عليها|عليه|عليا)|اغمي\s(عليها|عليه|علي)"
                   r"|\bskatat\b.{0,20}\bmatt?\b")),
    # badly hurt: cannot see, cannot walk, a broken bone, wounded after an accident ("je vois plus d'un oeil", "ana mja7ra")
    ("badly-hurt", (r"\bje (ne )?vois (plus|pas) (d un oeil|de l oeil|rien)\b|\b(je|j) (ne )?(peux|peut) (pas|plus) (marcher|bouger|me lever)\b"
                   r"|\b(m a|m ont|lui a|lui ont|l a|l ont)\s(cas|case|casse)\w{0,2} (le|mon|la|ma|une|un|les|des) (bras|jambe|cote|cotes|nez|machoire|main|dents)\b"
                   r"|\b(ana|rani)\s(mja(7|h)ra|mjar(7|h)a|mja(7|h)r|mjar(7|h))\b"
                   r"|\b(ma (9|q)dertch|ma (n(9|q)derch|n(9|q)dar)) (nwe(9|q)ef|nchouf)\b"
                   r"|(ما قدرتش|ماقدرتش|ما قادراش|ماقادراش|لا استطيع|لا اقدر)\s?(نشوف|نوقف|الوقوف|تحريك رجلي|اتحرك)|(ماقادراش|ما قادراش)\s(نمشي)"
                   r"|(هرس|كسر)\w{0,2}\s(ليا|لي)\s(يدي|رجلي|سناني|ضلعي)|(كسر|هرس)\s(اسناني|سناني|يدي|ضلعا)|(يدي|رجلي)\s(تهرسات|تهرست|مكسوره)")),
    # burned with a hot object by someone ("حرق يدي بالمكواة", "kat7req yddin dyal khoya b lmgharf", "il m'a brûlée avec le fer")
    ("burned-with", (r"\b(m a|l a|les a|nous a)\s(brule|brulee)\w{0,2}\s(avec|au)\b"
                    r"|\b(kat|kay|ta|ka)?(7|h)r(e)?(q|9)\w{0,3}\s(\w+\s){0,5}(b|bl)\s?(l)?(mgharf|mghrfa|mgharfa|makwa|fer|m3al(q|9)a|zit|ma s(kh|5)oun)\b"
                    r"|(حرق|حرقات|حرقاتو|حرقو|تحرق|كتحرق|كيحرق)\w{0,2}\s(\S+\s){0,2}(بال|ب)(مكواه|مغرفه|ملعقه|المعلقه|ملعقه الساخنه|زيت|ما سخون)")),
    # stabbed or cut, said of someone else, or "a reçu un coup de couteau" ("تضرب بالموس فالكرش", "الدم كثير")
    ("stabbed-other", r"\b(recu|pris)\s(un|des)\scoups? de (couteau|poignard|sabre)\b"
                      r"|" + _AB + r"(تضرب|تطعن|تشرمل|تجرح)\w{0,2}\s?(بال|ب)\s?(موس|سكين|جنوي|سيف|سيوف)|" + _AB + r"(طعنو|طعنوه|شرملو|شرملوه|جرحوه)\b"
                      r"|\b(tdreb|t3en|tcherml|cherml)\w{0,2}\s(b|bl)\s?(l)?(mous|jnwi|sikkin|sif)\b"),
]


_PATTERNS["threat_to_life"] += [
    # second pass: "I'll bury you", "I'll take you out dead", "you won't leave alive", "I'll teach you a lesson tonight",
    # "he'll throw us into the ravine", sharpening the knife while saying it is the end
    ("bury-dead", (r"\b(ghadi|gha|ghan)?\s?n(e)?df(e)?n(ek|ak|k|ik|kom)\b|(ندفنك|غادي ندفنك|سادفنك|غاندفنك)(?!\w)|\bje vais (t|vous) enterer\b"
                  r"|\bn(kh|5)rj(e)?k\s(mita|mayta|mit|mayt)\b|\b(ghadi|gha)\s(tmouti|tmout|tmoutou)\b"
                  r"|(لن|ما غاديش|ماغاديش)\s(نخرج|تخرج|تخرجي|تخرجو|نخرجو)\w{0,2}\s(احياء|حيين|حيه|حي)|\b(sortira|sortirai|sortiras|sortirez|sortirons) pas vivant\w{0,2}\b")),
    ("lesson-tonight", (r"(سيعلمني|يعلمني|غادي يعلمني|نعلمك|غانعلمك|سنعلمك)\s(درسا|درس|الدرس)|\b(il va|je vais) (me|te|t) (montrer|apprendre)\b.{0,30}\b(ce soir|cette nuit|quand il rentre|tu vas voir)\b"
                       r"|\b(va|vais|veut|menace de) (me|m|nous|te|t) (montrer|apprendre la vie)\s(ce soir|cette nuit)\b")),
    ("throw-over", (r"\b(va|veut|menace de|dit qu il va)\s(nous|me|m|les|la|le)\s(jeter|balancer|pousser)\s(dans le ravin|du pont|dans le vide|par la fenetre|a la mer|du balcon|du haut)\b"
                   r"|\bconduit comme un fou\b.{0,40}\b(enfants|avec moi|mourir|jeter)\b")),
    ("sharpening", (r"\b(aiguise|affute|aiguiser|affuter)\w{0,2}\s(le|son|un|les|ses)\s(couteau|couteaux|hache|sabre)\b.{0,40}\b(fin|ce soir|tuer|dit|menace|regarde)\b"
                   r"|\b(ce soir|c est la fin|va me tuer|dit)\b.{0,60}\b(aiguise|affute)\w{0,2}\s(le|son|un|les|ses)\s(couteau|couteaux)\b"
                   r"|\bkay(s(e)?n(e)?n|7(e)?d(e)?d)\s(l)?(mous|jnwi|jenwi|sikin\w{0,2})\b|(كيسن|يسن|كيحد|يحد)\s(ال)?(موس|جنوي|سكين)")),
]

_PATTERNS["suicidal"] += [
    # second pass: the rope is ready or put in place, "tonight I end it", on the edge of a bridge or a roof
    ("pills-many", r"\b(j ai|jai|ai)\s(pris|avale|bu)\s(des|mes|les)\s(pilules|cachets|medicaments|comprimes|somniferes)\s(beaucoup|trop|plein|toute la boite)\b"),
    ("rope-ready", (r"(الحبل|حبل)\s(جاهز|واجد|معلق)|\b(l)?(7|h)bel\s(wajed|mwjed|m3all(e)?(q|9))\b|\b(la )?corde (est )?(prete|accrochee)\b"
                   r"|\b(dert|drt|7ttit|7tit|3ell(e)?(q|9)t)\s(l)?(7|h)bel\b|(درت|حطيت|علقت)\s(ال)?(حبل|كورد)\b")),
    ("ending-it", (r"\b(j en finis|je vais en finir|ce soir j en finis|je finis tout ce soir)\b|\blettre (a|pour) (ma|mon|mes)\s(mere|pere|famille|enfants|parents)\b.{0,20}"
                  r"|\b(ecrit|laisse)\s(une lettre|un mot|un message) (a|pour) (ma|mon|mes)\b.{0,40}\b(ce soir|en finis|fini|adieu)\b")),
    ("edge", r"(حافه|حافت|حافة)\s(ال)?(جسر|سطح|الهاويه|القنطره|الشرفه)|\bau bord du (pont|toit|vide|precipice)\b|\b(f|3la)\s(tr(e)?f|jenb)\s(dyal\s)?(l)?(kobri|(q|9)antra|sta7)\b"),
]

_PATTERNS["self_harm"] += [
    # someone else took pills and does not answer or open ("elle a pris des médicaments, elle ouvre pas", "تصويرة الحبوب وماكتجاوبش")
    ("took-unresponsive", (r"\b(a pris|a avale|a bu)\b.{0,40}\b(medicaments|cachets|pilules|comprimes|somniferes)\b.{0,40}\b(repond plus|respire mal|ne respire|ouvre pas|inconscient\w{0,1}|ne bouge)\b"
                          r"|\b(elle|il)\sa\s(pris|avale|bu)\s(des|ses|les|tous ses|toutes ses|plein de|beaucoup de)\s(medicaments|cachets|pilules|comprimes|somniferes)\b.{0,50}"
                          r"\b(ouvre pas|repond pas|repond plus|ne repond|n ouvre|s est enferme\w{0,2})\b"
                          r"|(الحبوب|حبوب|الدوا|دوا)\b.{0,60}(ماكتجاوبش|ما كتجاوبش|ماكيجاوبش|ما كيجاوبش|لا ترد|لا يرد|ماكتحلش|ما كتحلش)"
                          r"|\b(7boub|dwa)\b.{0,60}\b(ma katjawbch|ma kayjawbch|ma kat7elch)\b")),
    # the pills in my hand and wanting to go ("عندي الحبوب فيدي وبغيت نمشي عندو")
    ("pills-in-hand", (r"(الحبوب|حبوب|الدوا|الشفره|الموس)\s(فيدي|في يدي|بيدي|ف يدي)\b.{0,40}(بغيت|اريد|غادي)|\b(7boub|dwa|chafra|lmous)\s(f|fi)\s(yedi|ydi)\b.{0,40}\b(bghit|ghadi)\b"
                      r"|\b(les cachets|les pilules|la lame)\s(dans la main|dans ma main)\b")),
]

_PATTERNS["confinement"] += [
    # second pass: locked in (participles, dual), cannot escape, keys taken, a chain on the door, kept from the hospital,
    # not allowed to come back ("عائلتي سادين عليا", "محبوستان", "ماقدرتش نهرب", "ما بغاش يخليني نديه للسبيطار")
    ("locked-2", (r"(?<![^\sو])(سادين|سادا|ساده|سادينا)\s(عليا|علينا|عليها)"
                 r"|(انا|راني|احنا|حنا|نحن|اني|انني)\s(\S+\s)?محبوس\w{0,3}|محبوس(ه|ين|تان|ون|تين)?\s(في|ف|فال)\s?(ال)?(دار|بيت|غرفه|منزل|كراج|كاراج)"
                 r"|(ماقدرتش|ما قدرتش|ما نقدرش|مانقدرش|لا استطيع|لا اقدر)\s(نهرب|الهرب|الهروب|اهرب)|\bma (9|q)dertch nhreb\b|\bje (ne )?(peux|peut) pas (fuir|m enfuir|m echapper)\b"
                 r"|(ماعندي فين نهرب|ما عندي فين نهرب|لا مكان اهرب اليه)|\bma3ndi (fin|mnin) nhreb\b"
                 r"|(دار|حط|وضع)\s(ال)?(سلسله|سلسلة|القفل|الكادنة)\s(ف|في|على|فال)\s?(ال)?باب|(دا|خدا|اخذ)\s(ال)?(ساروت|مفاتيح|المفاتيح|الساروت)"
                 r"|\b(khda|dda)\s(s)?sarout\b|\bil (a pris|garde|prend) (les|mes) cles\b"
                 r"|(ماخلانيش|ما خلانيش|ما بغاش يخليني|ماكيخلينيش|لا يسمح لي)\s(نمشي|نديه|نديها|اذهب|ان اذهب|اخذه|باخذ)\w{0,2}\s(لل|ل|الى)?\s?(سبيطار|السبيطار|المستشفي|طبيب|الطبيب)"
                 r"|\bma (bghach|bghawch|kaybghich) y?kh?l+(i|iw)ni\s(nddih|nddiha|nmchi|nddi)\s(l|ll)\s?(sbitar|tbib|l?mostachfa)\b"
                 r"|(لا يسمح لها|لا يسمح لي|لا يتركها|ما خلاهاش|ماخلاهاش|لا يتركني)\s(بالعوده|بالرجوع|ترجع|الرجوع|ارجع|بالخروج)")),
]

_PATTERNS["abduction"] += [
    # taken to a place she does not know ("رجلا اخذها الى بيت في مكان لا تعرفه", "il l'a emmenée dans une maison qu'elle ne connaît pas")
    ("taken-unknown", (r"(اخذها|اخذه|داها|داه|خداها|اخذني|داني)\s(الى|ل|لشي|للواحد)\s?(بيت|دار|مكان|مدينه)\b.{0,40}(لا تعرفه|لا يعرفه|لا اعرفه|ماكتعرفوش|ماكنعرفوش|اخرى|بعيده)"
                      r"|\b(l a|m a|les a)\s(emmene|emene|amene)\w{0,2}\s(dans|a|chez)\s(une|un)\s(maison|apart\w*|endroit|ville)\b.{0,30}\b(connait pas|connais pas|inconu\w{0,2})\b")),
]

_PATTERNS["injured"] += [
    # a knife wound ("عندي جرح في بطني من السكين", "une plaie au ventre, c'est le couteau")
    ("knife-wound", (r"(جرح|جروح|طعنه|طعنات)\b.{0,30}(سكين|السكين|موس|الموس|جنوي)|\b(plaie|blesure|coupure)\b.{0,30}\b(couteau|lame)\b"
                    r"|\b(jor(7|h)|jr(7|h)a)\b.{0,30}\b(mous|jnwi|sikin\w{0,2})\b")),
    # second pass: run over, a bone broken, no feeling in a hand ("drebni b tomobil", "اظنها مكسورة", "لا احس بيدي")
    ("run-over-now", (r"\b(drebni|drbatni|dhesni|dhasni)\s(b|bl)\s?(tomobil|tonobil|motor|moto)\b|\b(renverse|percute)\w{0,2} par (une|un) (voiture|moto|camion)\b.{0,30}\b(je|saigne|sang|mal)\b"
                     r"|(دهسني|دهستني|ضربتني طوموبيل|صدمتني سياره|صدمني)")),
    ("broken", r"(اظنها|اظن انها|يبدو انها|ربما)\s(مكسوره|مهروسه)|(لا|ما)\s(احس|نحس|كنحس)\s(بيدي|برجلي|بيدي)|\bje (ne )?sens plus (ma|mon|mes) (main|bras|jambe)\b"),
]

_PATTERNS["hiding"] += [
    # under the bed or in a wardrobe, now ("انا تحت السرير", "jsuis sous le lit")
    ("under-bed", (r"\b(je suis|on est|ana|rani|rana)\s(sous le lit|dans (le|l) (placard|armoire)|taht (s)?srir|taht (n)?namousiya|f (l)?placard)\b"
                  r"|(انا|راني|احنا)\s(تحت السرير|تحت الناموسيه|في الخزانه|فالخزانه|فالبلاكار)")),
]

_PATTERNS["followed"] += [
    # "I'm in front of your house" sent by the aggressor ("rani 9addam dark")
    ("at-your-door", r"\b(rani|ana)\s(9|q)(e|a)?dd?am\s(dark|darek|dar(e)?kom|lbab dyalk)\b|(راني|انا)\s(قدام|امام)\s(دارك|داركم|بابك|منزلك)|\bje suis devant chez (toi|vous)\b"),
]

_PATTERNS["violence_now"] += [
    # "I'll finish you" sent or said ("غانجي الليلة ونكمل عليك"), "he'll smash me" ("ghadi yhrrsni"), at the door with a
    # knife ("rajli m3a lbab bsikkina"), a rope taken to the forest ("شد حبل ومشى للغابة")
    ("finish-you", r"(?<![^\sو])(نكمل|غانكمل|غادي نكمل)\s(عليك|عليكي|عليكم)(?!\w)|\b(n|ghan|ghadi n)k(e)?m(e)?l\s3l(ik|ikom)\b"
                   r"|\b(gha|ghadi|ghan|bgha)\s?y(h|7)r+s(ni|na)\b"
                   r"|\b(m3a|3nd|f)\s(l)?bab\s(b|bl)\s?(l)?" + _WEAPON_LATN + r"\b|(مع|عند|ف|فال)\s?(ال)?باب\s(ب|بال)" + _WEAPON_AR
                   + r"|(شد|خدا|اخذ|هز)\s(حبل|الحبل|كورد)\s(و)?(مشى|مشا|خرج|ذهب)|\b(khda|chd|hz)\s(l)?(7|h)bel\s(w\s)?(mcha|khrej)\b"),
    # a child speaker beaten now ("صاحبها كيضربني انا وخويا الصغير", "je suis petit j'ai 11 ans")
    ("child-speaker", r"(" + _HIT_ME_FR + "|" + _HIT_ME_LATN + "|" + _HIT_ME_AR + r").{0,40}(انا وخويا|انا وختي|انا وخواتي|\bana w (khoya|khti)\b|\bmoi et mon petit frere\b)"
                      r"|\b(je suis un enfant|je suis petit|je suis petite|j ai (1[0-5]|[5-9]) ans|ana sghir|ana sghira|عمري (1[0-5]|[5-9])|انا صغير|انا صغيره)\b.{0,60}"
                      r"(\b(frape|bat|tape|frapé|frappe)\b|" + _HIT_ME_LATN + "|" + _HIT_ME_AR + r"|\bm a frape\b)"),
    # someone beaten in the street, in front of people ("كيضرب فيها فالزنقة قدام الناس")
    ("street-beating", r"(كيضرب|يضرب|كيضربو|يضربون)\s(فيها|فيه|فيهم)\s(فالزنقه|في الشارع|فالشارع|قدام الناس|امام الناس)|\bkaydreb\s(fiha|fih)\s(f (z|l)an(9|q)a|9dam nas)\b"),
]


_PATTERNS["violence_now"] += [
    # third pass (the net's misses on the held-out nlu/tests danger examples, as families)
    ("trampled", r"\b(3(e)?fsni|3(e)?fsouni|kay3fesni|kay3fes fiya)\b|(عفسني|عفسوني|كيعفسني|داسني|داسوني)"),
    ("knocking-alone", (r"\b(rah|ra|howa)\s(barra|bara|bera)\s(f|3la)\s(l)?bab\b.{0,40}\b(bo(7|h)di|wa(7|h)di|wa(7|h)da|khayfa|drari|lil)\b"
                       r"|(راه|هو)\s(برا|بره)\s(ف|على|فال)\s?(ال)?باب\b.{0,40}(بوحدي|وحدي|خايفه|الدراري|الليل)")),
    ("come-quick-2", r"\b(vite venez|venez vite|venez tout de suite|vite vite venez)\b"),
    ("swore-tonight", (r"(حالف فيا|حلف فيا|حالف عليا)|\b(7alef|7lef|halef)\s(fiya|3liya)\b"
                      r"|(ما نصبحش|مانصبحش|ما نوصلش للصباح)|\b(ma nsb(e)?(7|h)ch|ma nwslch l sba(7|h))\b|\bje (ne )?passerai pas la nuit\b")),
]

_PATTERNS["confinement"] += [
    ("locked-3", (r"(?<![^\sو])(مسدوده|مقفوله|مسكره|مبلوكه|مسدودين|مقفولين)\s(عليا|علينا|عليها)|(?<![^\sو])(بلوكاني|بلوكاتني|بلوكاوني)(?!\w)"
                 r"|\b(bloquani|blokani|bloqatni|blokatni)\b|(شد|خدا)\s(ليا|لي)\s(ال)?(ساروت|مفاتيح|الساروت)")),
]

_PATTERNS["threat_to_life"] += [
    ("held-by-neck", r"(شاد|شد|ماسك|ماسكني|شادني)\s(فيا|في)\s(من|ف)\s?(عنقي|رقبتي|حلقي)|\b(chad|ched|masek)\s(fiya|fia)\s(mn|f)\s(3n(q|9)i|3on(q|9)i|r(q|9)bti)\b"),
]

_PATTERNS["suicidal"] += [
    ("only-dying", (r"\b(ma b(9|q)it baghi walo ghir|bghit ghir|baghi ghir|baghya ghir)\s(n)?mout\b|(ما بقيت باغي والو غير|بغيت غير|باغي غير|باغيه غير)\s(ن)?موت"
                   r"|(سبب|علاش|لاش)\s.{0,12}(نبقي حيه|نبقي حي|نبقي عايشه|نعيش|نكمل حياتي)")),
]

_PATTERNS["self_harm"] += [
    ("hurt-myself", (r"(?<![^\sو])(ناذي|نأذي|ناذى|نضر|نضرب)\s(راسي|نفسي)(?!\w)|\b(envie de|vais|veux|pense a)\s(me )?faire du mal\b"
                    r"|\bn(a)?dr(e)?b rasi\b|\bn(a)?d(a)?r(e)?r rasi\b")),
]

_UNLESS_EXTRA = {
    # a toddler or a pet following me around the house; a disability, not an injury
    "behind-me": r"\b(ma fille|mon fils|mon bebe|le bebe|mon chat|le chat|mon chien|le chien|de (deux|2|trois|3) ans)\b|\bdans la maison\b",
    "badly-hurt": r"\b" + _DISABLED + r"\b",
    # can't get out of bed because of the cold, a cold, the rain
    "fr-cant-leave": r"\bsortir du lit\b|\b(froid|pluie|neige|chaleur|malade|grippe|fievre|fatigue|greve)\b",
    # a child who knocked her own head ("ma fille s'est cognée la tête contre la table")
    "fr-imminent": r"\b(s est|me suis|t es|se sont)\s(cogne|tape|frape|ecrase)\w{0,2}\b",
    # branch open-world: told as the habitual past, or laughing ("الفقيه كان كيضربنا بالعصا ههه")
    "hit-with-object": r"\b(kan|kano|kanou|kant|kanet|frapait|tapait|batait|frapaient|tapaient|zman|bekri|f sghri|hhh+|xlaugh|mdr|lol)\b"
                       r"|(?<![^\sو])(كان|كانت|كانو|كانوا|زمان|بكري|فالصغر|في الصغر|ههه+)(?!\w)",
    # stuck in traffic, at work, locked out of the house, a jammed door
    "fr-trapped": r"\b(bouchons?|embouteillages?|trafic|circulation|bureau|travail|taf|boulot|ascenseur|reunion|cours|dehors|la neige|aeroport)\b",
    "fr-locked": r"\benferm\w{0,3} dehors\b|\bserurier\b|\bsans (les |mes |ses )?cles\b|\b(lol|mdr|xlaugh)\b",
    # "je suis tombée dedans" (fell for a joke), "tombée amoureuse"
    "fr-bleeding": r"\btombee? (dedans|amoureu\w+|dans le panneau|sur (une|un|le|la|ton|ta|son|sa)|en panne|malade|d acord|par hasard)\b",
    "fr-followed": r"\b(" + _SOCIAL[1:-1] + r"|dossier|medecin|docteur|psy|psychiatre|psychologue|therapeute|traitement|"
                   r"asistante sociale|asistant social|educateur|educatrice|avocat|avocate)\b",
    "latn-followed": r"\b" + _SOCIAL + r"\b",
    "ar-followed": _SOCIAL,
    # a knife in the kitchen is not a weapon; a cut while cooking is not self-harm
    "fr-weapon-with": r"\b" + _KITCHEN + r"\b",
    "latn-weapon-with": r"\b" + _KITCHEN + r"\b",
    "ar-weapon-with": _KITCHEN,
    "latn-cut": r"\b" + _KITCHEN + r"\b",
    "ar-cut": _KITCHEN,
    # "je me cache pas", "mama mkhbya 3liya chi 7aja" (hiding something from me) are not hiding from someone
    "fr-hiding": r"\b(me|m|se|s) (suis )?cache\w{0,2} pas\b|\bne (me|m) (suis )?cache\b",
    "latn-hiding": r"\bmt?(kh|5)(e|a)?bi?(y|i)(a|e|in)? 3l(iya|ia|ya|ik|ih|iha)\b",
    # a disability or old age, not an injury: "je ne peux pas bouger, je suis handicapée", "أنا معاقة ما نقدرش نتحرك"
    "fr-hurt": r"\b" + _DISABLED + r"\b",
    "latn-hurt": r"\b" + _DISABLED + r"\b",
    "ar-hurt": _DISABLED,
    # a shop or an office closing its door ("lmarkaz sad 3lina", "المركز سد علينا") is not confinement
    "latn-locked": r"\b(l)?(markaz|idara|bank|biro|moustachfa|sbitar|mahal|7anout|hanout|commissariat|centre)\b",
    "ar-locked": r"(المركز|الاداره|البنك|المستشفي|المحل|الحانوت|المكتب|الصبيطار|البيرو)",
    # violence told as past ("il m'a frappée hier, maintenant il est sorti", "kan kaydrebni zman daba tle9na"): the
    # "now" belongs to another clause
    "fr-hit-now": r"\b(hier|avant hier|la semaine derniere|le mois dernier|l an dernier|l anee derniere|autrefois|il y a (\w+ )?(ans|mois|semaines|jours)|frapait|batait)\b",
    "latn-hit-now": r"\b(kan (kay|ka|tay|ta)\w+|lbare(7|h)|lbar(7|h)|zman|bekri|3am li fat|chhar li fat|simana li fat\w{0,2}|l3am lowel)\b",
    "ar-hit-now": r"(البارح|البارحه|امس|زمان|بكري|العام اللي فات|العام الماضي|الشهر الماضي|الاسبوع الماضي|كان كيضرب|كان يضرب|في الماضي)",
    # "kayt9atlo" (they quarrel, fight each other) is not killing
    "latn-kill-me": r"\b(kay|tay|ka|y|n|t)?t(q|9|k)atl(o|ou|na|in|ine)\b|\bmt(q|9)atl(in|ine)\b",
    "latn-will-kill": r"\b(kay|tay|ka|y|n|t)?t(q|9|k)atl(o|ou|na|in|ine)\b|\bmt(q|9)atl(in|ine)\b",
    # "when I was pregnant he hit me" is a report of the past
    "pregnant-hit": r"(كنت|ملي كنت|كانت)\s?(حامل|حامله)|\b(kont|konti|kanet|mli kont) (7amla|hamla)\b|\b(j etais|quand j etais|lorsque j etais|etais) enceinte\b",
    # going to the police to file a complaint is not a call for help now
    "latn-police-now": r"\b(nchki|nchtki|chikaya|chkaya|nmchi|mchit|plainte|nbel(e)?gh|procureur|commissariat|ndir)\b",
    "ar-police-now": r"(نشكي|شكايه|شكوي|اشتكي|نمشي|اذهب|الذهاب|ابلغ|تبليغ|محضر|نبلغ|تقديم|نقدم|مشيت)",
    # menstruation is not an injury ("kaynzel lia dem f l3ada", "الدم ديال الدورة")
    "blood-flowing": r"\b(l?3ada|regles|menstru\w{0,6}|dora|chhriya|chehriya)\b|(العاده|الدوره|الحيض|الشهريه)",
    # a child missing for years is a search, not danger now ("mon fils a disparu il y a 10 ans")
    "child-missing": r"\bil y a (\w+ )?(ans|mois|annees)\b|\bdepuis (des|\w+) (ans|annees|mois)\b|\b(mn|men|hadi|9bel)\s(\w+\s)?(snin|3am|3amin|chhar|chhour)\b|"
                     r"\b(photo|photos|profil|liste|ecran|jeu|film)\b|\b" + _SOCIAL + r"\b|(منذ|من|هادي|قبل)\s(\S+\s)?(سنين|سنوات|سنه|عام|اعوام|شهور|اشهر)",
}


def _bounded(rx: str) -> str:
    """Replace unbounded ``\\w*`` by ``\\w{0,15}``: with words capped at :data:`MAX_WORD_CHARS`, every pattern
    then runs in linear time on adversarial input (no catastrophic backtracking)."""
    return rx.replace("\\w*", "\\w{0,15}")


def _fold_pattern(rx: str) -> str:
    """Collapse doubled literal letters in a pattern exactly as :func:`fold` collapses them in text, so
    patterns may be written in ordinary spelling ("essaie", "يهددني", "اللحظة" → matched as folded). Escapes
    (``\\b``, ``\\w``…) are kept whole. Ta marbuta/alef maqsura are folded like the text."""
    out: list[str] = []
    prev_letter: str | None = None
    i = 0
    while i < len(rx):
        ch = rx[i]
        if ch == "\\" and i + 1 < len(rx):
            out.append(rx[i : i + 2])
            prev_letter = None
            i += 2
            continue
        ch = ch.translate(_FOLD_TABLE).translate(_ALEF_TABLE)
        if ch.isalpha() and ch == prev_letter:
            i += 1
            continue
        out.append(ch)
        prev_letter = ch if ch.isalpha() else None
        i += 1
    return "".join(out)


# Figurative killing/dying (laughing, films, games, heat): cancels only threat_to_life and suicidal matches.
_FIGURATIVE = re.compile(_bounded(_fold_pattern(
    r"\b(de rire|mdr|ptdr|lol|film|serie|match|episode|jeu|chaleur|dhk|d7k|dhek|d7ek|dahk|da7k|de7k|dehk|dde7k|fhad lfilm|lfilm|lmatch|"
    r"hhh+|ha(ha)+)\b|(ضحك|بالضحك|فيلم|الفيلم|مسلسل|ماتش|الماتش|الحلقه|السخانه)"
    r"|\b(me|m) tue\w{0,2} avec (ses|son|sa|tes|ton|ta) (remarques|paroles|mots|mensonges|critiques|silence|comportement|cris|jalousie|questions|"
    r"blagues|histoires|betises|reflexions|manies|caprices|ronflements)\b"
    r"|\b(me|m) tue a petit feu\b"
    r"|\b(mn|men|b)\s(l)?(jou3|berd|d7k|de7k|fde7a|7echma|khel3a)\b|(من|بال)\s?(الجوع|البرد|الضحك|الفضيحه|الحشمه|الخلعه)"
    r"|\bde (faim|froid|rire|honte|fatigue|chaleur|ennui)\b"
    # a thing, not a person, "kills": "ce travail me tue", "sda3 ghadi y9telni", "البرد قتلني", "هذا الحر سيقتلني"
    r"|\b(travail|boulot|taf|froid|faim|chaleur|migraine|mal de tete|stres|fatigue|ennui|atente|bruit|solitude|loyer|embouteilages|bouchons|trafic|"
    r"prix|dossier|reunion|reunions|devoirs|examens|factures|credit|clim|allergies|suspense|chanson|serie|boss|chef|prof)\b.{0,15}"
    r"\b(me|m|va me|vont me|ma|m a) ?(tue|tuent|tuer|tuee|achever|achevee|etoufe|etoufent|etrangle)\b"
    r"|\b(l?berd|l?jou3|s?sda3|l?khedma|l?7ar|s?skhana|l?ghla|l?(q|9)ale(q|9)|l?mlal|t?tsenya|l?3ya)\b\s(gha|ghadi|ghay|ra|rah)?\s?"
    r"(y|t)?(q|9|k)t(e|a)?l(ni|na)\b"
    r"|(البرد|الجوع|الصداع|الحر|السخانه|الخدمه|العمل|الشغل|الغلا|القلق|الملل|الانتظار|التسنيه|الوحده|العيا|التعب)\s?(غادي|راه|سوف|غا)?\s?"
    r"(س)?(ي|ت)?(قتل|موت)\w{0,3}"
    # branch open-world: laughing emoji, a match score, dying of hunger/thirst/sleep, "X kills me with Y" where Y is talk,
    # questions, noise, homework (not a weapon or blows), things and feelings that "kill/strangle/burn" (crowds, longing,
    # routine, prices, the cold), "killing myself at work/sport", a relative's "she'll kill me if I…" without a reported threat
    r"|\bxlaugh\b|\b\d+ \d+\b.{0,20}\b(xlaugh|hhh+|mdr)\b|\b(match|lmatch|derby|botola|raja|wydad|barca|real|psg|goal|but|buts|lmontakhab|montakhab|"
    r"play|playstation|fifa|pubg|free fire|jeu)\b"
    r"|(الماتش|مباراه|المباراه|المنتخب|الرجا|الوداد|الريال|البارصا|الديربي|الفريق|الخصم|الحكم|برشلونه|ريال مدريد|البلايستيشن|بلايستيشن|الحارس|المرمي|الهدف)"
    # the weather or a bill "struck me" ("ضربني البرد", "ضربني الضو ملي شفت الفاتورة", "drbni lbrd")
    r"|(ضربني|ضربتني|ضربنا)\s(ال)?(برد|ضو|شمس|زكام|كريب|صهد|عيا|نعاس|جوع)|\b(drbni|drebni|drbatni)\s(l)?(brd|berd|do|chmch|zokam|grippe|3ya|n3as|jou3)\b"
    # suffocating from heat ("j'étouffe ici, ouvre la fenêtre", "on étouffe dans ce bus")
    r"|\b(j|on|nous) etouf\w*\b.{0,25}\b(ici|chaleur|chaud|clim|fenetre|bureau|bus|voiture|salle)\b"
    # killing time ("قتلنا الوقت", "9tlna lwe9t", "on a tué le temps")
    r"|(قتل|قتلنا|قتلت|نقتل|كنقتل)\w{0,2}\s(ال)?(وقت)|\b(q|9|k)tl(na|t|ti)?\s(l)?(we(q|9)t|wa(q|9)t)\b|\b(tue|tuer|tuons|tuait)\s(le temps|l ennui)\b"
    r"|\b(nmout|nmot|nmoutou|ghanmout|gha nmout|ghadi nmout|mourir|meurs|meurt|creve|mort|morte|mat|mayt|mayta)\s?(b|bl|de|d|mn|men)\s?(l)?"
    r"(jou3|3tech|3tach|n3as|n3ass|faim|soif|froid|chaud|chaleur|ennui|fatigue|honte|rire|d7k|de7k|lkhal3a|khal3a|lfer7a|fer7a|sommeil|7ar|l7ar|brd|lbrd|skhana|s5ana|ljou3)\b"
    r"|(نموت|غادي نموت|غانموت|اموت|مت|ميت|كنموت|نموتو)\s?(ب|بال|من|من ال)\s?(ال)?(جوع|عطش|نعاس|ضحك|خلعه|فرحه|تعب|خجل|حشمه|برد|شوق)"
    r"|(قتل|خنق|ذبح|دبح|حرق|يقتل|يخنق|كيقتل|كيخنق|يذبح|كيحرق|يحرق)\w{0,4}\s(\S+\s)?ب(ال)?(ضحك|هضره|هدره|سؤالات|سوالات|اسئله|اسئلته|اسئلتها|"
    r"دلال|واجبات|ملل|شوق|كلام|غوات|صداع|نكت|مزاح|حب|زين|حسن|غيره|انتظار|ضجيج|صوت|اجتماعات|دروس|طلبات|طلباتو|مشاكل|مشاكلو|شكاوي|ميساجات|"
    r"رسائل|تصاور|صور|الحاح|نق|موسيقي|اغاني|خدمه|عمل)\S{0,3}(?!\w)"
    r"|\b(kat|kay|ka|ta|t|y)?((q|9|k)t(e)?l|khne(q|9)|dbe(7|h)|(7|h)re(q|9))\w{0,4}\s(b\s|bl\s?|bel\s?)(l)?(?!(l|el)?(sa7|s7i7|sah|jed|ljed|mous|mos|jnwi|jenwi|sikin|sikina|sekin|sekina|sif|dreb|drb|"
    r"darb|3sa|7jar|hajra|7ajra|slah|sla7|9er3a|9ar3a|korsi|7bel|yed|ydih|zit|lma|ma|isans|lisans|nar|gaz|sm|martou|7did|kabl|smta|sebta|7zam|kerbaj|tomobil|"
    r"pistolet|bondo(q|9)iya|flingue)\b)\w+\b"
    r"|(نموت|كنموت|اموت|غادي نموت|ساموت)\s(عليك|عليه|عليها|فيك|فيه|فيها|على(?! يد)\s(هاد|هذا|هذه|هادي|ال))|\b(nmout|kanmout|ghadi nmout|gha nmout)\s(3lik|3lih|3liha|fik|3la (had|dak|dik|l))\b"
    r"|(قتل|قتلنا|قتلت)\w{0,2}\s(\S+\s)?(بحثا|دراسه|نقاشا|نقاش)|(ساموت|غادي نموت|غانموت|نموت)\s(ان|اذا|الا|ايلا|ila)\s(لم|ما|ماشربتش|ma)|\b(nmout|je vais mourir|je meurs)\s(ila ma|si je|si j|si on|si tu)\b"
    r"|\b(clasico|classico|kora)\b|(الكلاسيكو|كلاسيكو)"
    r"|\b(me|m|nous) (tue|tuent|achev\w{0,2}) (avec|par) (ses|son|sa|tes|ton|ta)\b"
    r"|(الشوق|الزحام|الزحمه|الكريدي|الروتين|روتين|الحموضه|الوحشه|الفضول|الحماس|الاسعار|السعر|الامتحان|امتحان|الملل|العبره|الزبل|الريحه|الحر|الصهد|الشمس|"
    r"البرد|السخونيه|الجوع|العطش|الكسل|السقع|القهوه|الشاي|اتاي|الماط|الرياضيات|الخدمه|العمل|الشغل|الدروس|الاجتماعات|الصيف|الشتا|الغيره|الروتين)\s?(\S+\s){0,3}(غادي |راه |سوف |س)?(ي|ت|كي|كت)?(قتل|خنق|حرق|ذبح)\w{0,4}"
    r"|(قتل|خنق|حرق|ذبح|يقتل|يخنق|كيقتل|كيخنق)\w{0,4}\s(\S+\s)?"
    r"(ال)?(شوق|زحام|زحمه|كريدي|روتين|حموضه|وحشه|فضول|حماس|اسعار|سعر|امتحان|ملل|عبره|ريحه|حر|صهد|شمس|برد|جوع|عطش|كسل|سقع|قهوه|ماط|رياضيات)"
    r"|\b(l3tech|l3tch|lbrd|lberd|brd|zi7am|zhi7am|z7am|zham|l3egz|s5ana|skhana|sda3|zokam|l3yya|lghira|lcredit|lkridi|lkhedma|l7ozn|lmath|chmch|lcredit|s9a3|"
    r"s7d|s(e|a)?(h|7)d|credit|examen|math|prof|l3ayn|l3ya|lkhdma|khedma|l3jaj|3jaj|lghobra|tchta|chta|sif|lsif|train|tran|tobis)\b"
    r"\s(\w+\s){0,3}(gha|ghadi|ra|rah)?\s?(y|t|kat|kay)?((q|9|k)t(e|a)?l|khn(e|a)?(q|9)|(7|h)r(e|a)?(q|9))(ni|na|atni|tni|atna|o)\b"
    r"|\b((q|9|k)tl|khn(e|a)?(q|9)|(7|h)r(e|a)?(q|9)|dbe(7|h))(ni|na|atni|atna|tni)\s(\w+\s)?(lcredit|credit|l3jaj|3jaj|l3tech|l3tch|lbrd|lberd|zi7am|l3egz|s5ana|skhana|sda3|zokam|l3yya|lghira|lcredit|lkridi|lkhedma|l7ozn|lmath|chmch|s9a3)\b"
    r"|(نقتل|نخنق|نقتلو|قتلت|كنقتل|غادي نقتل)\s(راسي|نفسي)\s(ب|بال|ف|فال|في)\s?(ال)?(خدمه|سبور|سبورت|رياضه|مراجعه|قرايه|دراسه|عمل|شغل|تمارين)"
    r"|\b(n(q|9)tel|kan(q|9)tel|gha n(q|9)tel|ghadi n(q|9)tel)\s(rasi|rassi)\s(b|bl|f)\s?(l)?(khedma|khdma|sport|sbour|mraja3a|9raya)\b"
    r"|\b(ma mere|maman|mon pere|papa|ma soeur|mon frere|mes parents|ma femme|mon prof|ma prof|mon chef|mon patron|ma copine|ma belle mere|mon copain)\s"
    r"(va|vont|vas) me (tuer|tue|achever|massacrer)\s(si|quand|parce|pcq|car|j ai|jai|avec)\b"
    r"|\b(mmi|mama|yema|yemma|bba|baba|khti|khoya|lwalida|lwalid|mrati|rajli)\s(ghadi|gha)\s(t|y)(q|9)(e)?tl(ni)\s(ila|fach|mli)\b"
)))

# Fiction, news, media: a film, a series, a novel, the news, a video — what happens there is not danger now
# ("dans le film il la séquestre", "f lakhbar wa7d rajl 9tel", "قرأت خبرا عن جريمة"). Cancels every kind (a cry for help
# or a request for the emergency numbers is never cancelled, see _OVERRIDE).
_FICTION_NEWS = re.compile(_bounded(_fold_pattern(
    r"\b(film|films|lfilm|serie|series|episode|episodes|saison|docu|documentaire|roman|livre|manga|anime|jeu video|gta|pubg|infos|journal|"
    r"les news|article|reportage|emission|video|videos|lvideo|vidéo|netflix|acteur|acteurs|actrice|heros|personnage|scene|spoile|spoiler|mosalsal|"
    r"lmosalsal|moslsal|lmoslsal|l7al(9|q)a|(7|h)al(9|q)a|lakhbar|f lakhbar|jarida|ljarida|fake news|tiktok|cinema|tele|tv|2m|"
    r"condamne|condamnee|suspect|aresta|arete le|ont arete|a arete|demantele|ils ont retrouve|a ete retrouve|retrouvee vivante|"
    r"l(q|9)awh|l(q|9)awha|(q|9)bdo 3la|tsjnat|tsjen|l(q|9)bd 3la|braquage|kidnaping a|enlevement d|j ai lu|jai lu|on m a raconte|(q|9)rit|"
    r"(sme3t|sma3t|smat) bli|a ete arete|ont ete aretes|a ete aretee|il a ete arete)\b"
    r"|(?<![^\sوفبل])(فيلم|الفيلم|افلام|مسلسل|المسلسل|الحلقه|حلقه|الروايه|روايه|روايات|الكاتب|الكاتبه|البطل|البطله|الاخبار|اخبار|الخبر|خبرا|"
    r"الجريده|جريده|نشره|فيديو|الفيديو|التلفزه|التلفزيون|القناه|قضيه|القضيه|المتهم|المتهمين|القبض|حكمت المحكمه|اعتقل|اعتقلت|اعتقلو|وثائقي|"
    r"الوثائقي|لعبه|مقال|تقرير|الجاني|القاتل|السينما|الممثل|الحلقات|الموسم|لقاوه|لقاوها|عثر|عثروا|تم العثور)(?!\w)"
    r"|الشرطه فككت|فككت الشرطه|(?<![^\sو])(قريت|قرات|قرأت)(?!\w)|(?<![^\sو])(سمعت|سمعنا) (بلي|ان|أن)(?!\w)"
)))

# Violence told as the past and over now: a past marker and a resolution marker ("quand j'étais petite mon père nous
# frappait mais c'est fini", "طليقي كان كيضربني، الحمد لله تطلقت", "kan 3ndi rajl zman kaydrebni w tl9t mno"). Cancels
# every kind unless danger is said again now (_OVERRIDE, or "again now": "il recommence", "3awd", "rah kay…").
_PAST = (r"\b(quand j etais|quand on etait|a l epoque|autrefois|il y a \d+ ans|il y a (longtemps|des annees|\w+ ans)|ya longtemps|"
         r"l annee derniere|au college|au lycee|en (19|20)\d\d|depuis (19|20)\d\d|depuis \d+ ans|frapait|batait|tapait|criait|menacait|"
         r"humiliait|m avait|avait menace|etait violent|etait alcoolique|"
         r"zman|bekri|f sghri|f sghor|f sghr|mli kont|mli kan|fach kont|hadi \d+ (snin|3am|3amin|chhor)|hadi (3amin|chi snin)|mn 3amin|"
         r"3am li fat|l3am lowel|mn bekri|mn zman|kan (kay|ka|tay|ta|y)\w+|kant (kat|ka|ta|t)\w+|kano (kay|ka|tay|ta|y)\w+|kan 3ndi|kan 3andi|kan 3ndha|kan 3ndna)\b"
         r"|(?<![^\sوف])(زمان|بكري|فالصغر|في الصغر|ف الصغر|ملي كنت|عندما كنت|في طفولتي|فطفولتي|من زمان|هادي \d+ (سنين|عام|عامين)|هادي (عامين|شي سنين)|"
         r"منذ (سنوات|سنه|سنتين|\d+ سنوات)|قبل (\S+ )?(سنوات|سنه|سنتين|عام|عامين|شهرين|شهور)|العام اللي فات|العام الماضي|في الماضي|"
         r"(كان|كانت|كانو|كانوا)\s(\S+\s)?(كي|تي|ي|كت|ت)\S+|كان عندي|كانت عندي)")
_RESOLVED = (r"\b(hamdoul+ah|hamdoulilah|l(7|h)amdo?lil+ah|l(7|h)mdl|hmd|c est fini|c fini|ca va maintenant|ca va mieux|je revis|heureuse|heureux|"
             r"divorcee?|tl(9|q)t|tl(9|q)at|tl(9|q)ina|reconcilie\w{0,2}|wlina s(7|h)ab|kanbghih|kanbghiha|proches|on rigole|daz|dak chi daz|"
             r"kolchi daz|kolchi mzyan|mzyana daba|mzyan daba|mzwja|3ayecha mzyan|rta(7|h)t|ma khassni walo|refait sa vie|je lui en veux|"
             r"je m en souviens|souvenir|souvenirs|self defense|pardonne|tab|ta2ib|il est decede|decede|mort depuis|mzwja b|tbdel|tbdlat|"
             r"ma b(9|q)atch hadchi|ma b(9|q)ach hadchi|ma b(9|q)atch|ma (kay|ka|tay|ta)(dreb|derb|drab|dorb)\w*ch|mchaw mn|r(7|h)lo|ra(7|h)lo|ont demenage|sont partis)\b"
             r"|(?<![^\sوف])(الحمد لله|الحمدلله|تطلقت|طلقات|طلقت|ولينا صحاب|كنبغيه|داز كلشي|كلشي داز|دازت|مرتاحه|مرتاح|مزيانه دابا|نضحكو|نضحك|تاب|ارتحت|"
             r"تعافي|تعافى|بخير|انتهت|مرت|تغير|تغير الزمن|ممنوع|رحلو|رحلوا|غادرو|انتقلو|ما بقاش هادشي|مابقاش|اعز الاصدقاء|سعيده|عايشه مرتاحه|صفحه وطويتها|الله يرحمو|توفي|طويتها)(?!\w)")
_PAST_RESOLVED = re.compile(_bounded(_fold_pattern(r"(" + _PAST + r").{0,200}(" + _RESOLVED + r")|(" + _RESOLVED + r").{0,200}(" + _PAST + r")")))
# "again now" after a past clause: not cancelled by _PAST_RESOLVED
_AGAIN_NOW = re.compile(_bounded(_fold_pattern(
    r"\b(recommence|il revient|de nouveau|a nouveau|et la il|maintenant il|3aw(e)?d\w{0,2}|rah (kay|ka|tay|ta)\w+|daba rah|ba(9|q)i|mazal kay\w+)\b"
    r"|(عاود|من جديد|ودابا راه|دابا راه|مازال كي\S+|راه كي\S+|والان هو|الان هو)"
)))
# A plea for help that is the whole message ("aidez moi", "3awnoni 3afak", "ساعدوني ارجوكم"): danger when said urgently —
# an urgency word, a begging "ارجوكم"/"3afakom", a Darija plural "3awnoni"/"عاونوني" (help me, all of you), letters
# stretched or "!!" in the raw text ("pleaaase aidez moi", "aidez vite!!!!") — else the welcome menu answers it
# ("aidez moi svp", "3awnini 3afak" are the help intent).
_PLEA_FILLER = (r"(please|pls|plz|svp|stp|s il vous plait|3afak|3afakom|3fak|عافاك|عافاكم|ارجوكم|ارجوك|من فضلكم|من فضلك|vite|daba|urgent|"
                r"بسرعه|دابا|xdistres|help|hna|هنا|هو هنا|rah hna|moi|nous)")
_BARE_PLEA = re.compile(_bounded(_fold_pattern(
    r"^ (" + _PLEA_FILLER + r" )*(aidez moi|aidez nous|aide moi|aidez|sauvez moi|secourez moi|help me|help|3awnouni|3awnoni|3awnini|3awni|"
    r"عاونوني|ساعدوني|انقذوني|ساعدني|عاوني|عاونيني|اسرعوا|اسرعو)( " + _PLEA_FILLER + r")* $")))
_PLEA_URGENT = re.compile(_bounded(_fold_pattern(
    r"\b(vite|daba|urgent|urgence|xdistres|3afakom|please please|svp svp|3awnouni|3awnoni|sauvez|secourez)\b|(بسرعه|دابا|ارجوكم|ارجوك|عافاكم|عاونوني|انقذوني|اسرعوا|اسرعو|هو هنا)")))
_STRETCHED = re.compile(r"([^\W\d_])\1\1|!!")
_KITCHEN_RE = re.compile(_bounded(_fold_pattern(r"\b" + _KITCHEN + r"\b")))

# Never cancelled by a figure of speech, fiction or the past: a cry for help, asking for the emergency numbers.
_OVERRIDE_IDS = frozenset({"fr-cry", "latn-cry", "ar-cry", "bare-cry", "ask-number", "bare-plea", "emoji-sos", "cry-hit-me", "fr-call",
                           "latn-call", "ar-call", "urgent-help", "double-urgent"})

# A pattern id listed here does not count when its negation is present ("je ne suis pas en danger" is the
# answer to the emergency flow's "are you safe now?").
_UNLESS: dict[str, re.Pattern[str]] = {
    pid: re.compile(_bounded(_fold_pattern(rx)))
    for pid, rx in {
        "fr-declared": r"\b(pas|plus|jamais|non) en danger\b|\bn est pas en danger|\bne suis pas",
        "latn-declared": r"\b(machi|mashi|ma|mabqitch|ma bqitch|ma b9itch|mab9itch|ma kaynch) (f|fi|fe) ?(l)?(khatar|5atar|khtar)\b",
        "ar-declared": r"(ماشي|مشي|لست|لسنا|ليس|ما بقيتش|مابقيتش|ما كاينش|ما) ?\S* ?(ف|في)\s?(ال)?خطر",
    }.items()
}
_UNLESS.update({pid: re.compile(_bounded(_fold_pattern(rx))) for pid, rx in _UNLESS_EXTRA.items()})

_COMPILED: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    kind: [(pid, re.compile(_bounded(_fold_pattern(rx)))) for pid, rx in rules] for kind, rules in _PATTERNS.items()
}


# A danger-ish cue: a word of harm, threat, weapon, blood, confinement, pursuit, fear or a call for help, in the four
# varieties. Too broad to decide anything alone; :func:`bot.danger.decide` asks for it before trusting the NLU's
# immediate_danger, so "rah lbe9al sed" (the grocer closed) or "واش الفارماسي حالة دابا" never get the numbers.
_CUE = re.compile(_bounded(_fold_pattern(
    r"\b(frap\w*|bat|batu\w*|tape|tapent|cogn\w*|tabas\w*|menac\w*|couteau\w*|arme\w*|pistolet|"
    r"fusil|sang|saign\w*|bles\w*|viol\w*|agres\w*|enferm\w*|sequestr\w*|retenu\w*|suit|suivi\w*|poursui\w*|cache\w*|peur|terroris\w*|"
    r"aide|aidez|secours|police|gendarm\w*|urgence|urgent|danger|enlev\w*|kidnap\w*|disparu\w*|etrangl\w*|brul\w*|suicid\w*|finir|pendre|"
    r"sauter|force|drogu\w*|atach\w*|crie|hurle|defonc\w*|egorg\w*|poignard\w*|batons?|ceinture|"
    r"ambulance|samu|numero|help|kill|sos|"
    r"(kay|tay|ka|ta|y|t)?(dreb|derb|drab|drb|dorb)\w*|mous|mos|jnwi|jenwi|sikin|sekin|sekina|"
    r"dem|dmi|\w{0,3}nz(e|a)f\w*|\w{0,3}(7|h)(e|a)?bs\w*|s(e|a)?d 3l\w+|\w{0,4}(kh|5)t(e|a)?f\w*|\w{0,4}t(e|a)?b(e|a)?3\w*|mkh(e|a)?b\w+|"
    r"khayf\w*|3te(q|9)\w*|3awn\w*|bolis|boulis|khatar|moraya|mouraya|\w{0,4}hd(e)?d\w*|\w{0,3}ghtas\w*|"
    r"n(q|9)ez|javel|sker|sakran|\w{0,3}jer\w*|n3ayet|lurgence|is3af|mrbota|m(7|h)bo?u?s\w*|"
    # threats, flight, breaking things, "come!", a rope, the aggressor here
    r"nwrik|nwerik|ghanwrik|tu vas voir|\w{0,3}(h|7)r(e|a)?b\w*|fuir|fui|enfui\w*|echap\w*|kser|kayser|kaykser|casse\w*|corde|"
    r"(7|h)bel|kord|corda|(howa|rah|ra) (hna|bara|f lbab)|il est la|il est ici|kaytsenani|m atend|ktchef\w*|dayer bia|dayer biya|"
    r"sait ou j habite|kay3ref fin|ghadi ykmel|sikkin\w*|" + _OBJECT_LATN[1:-1] + "|" + _OBJECT_FR[1:-1] + r")\b"
    r"|(?<![^\sوفبل])(ال)?(دم|دمي|سم|موس|رقم)(?!\w)|(ضرب|سكين|جنوي|سلاح|نزف|ينزف|حبس|محبوس|سد عليا|سدو عليا|قفل عليا|خطف|اختطف|تبع|يلاحق|يطارد|مخبي|مختبي|خايف|خائف|"
    r"عتقوني|ساعد|عاون|انقذ|الحقوني|شرطه|بوليس|طوارئ|اسعاف|خطر|هدد|يهدد|اغتصب|تحرش|جافيل|سكران|"
    r"يجر|كيجر|مربوط|ربط|محتجز|يتبع|ورايا|النجده|اعتدي|اعتدى|تعدى|جرح|مجروح|طعن|"
    r"نوريك|غانوريك|هرب|نهرب|كسر|يكسر|كيكسر|سادين|ساده عليا|سادا|مسدود|قفل علي|اسرعوا|كورد|حبل|هو هنا|راه هنا|هو في|"
    r"يعرف اين اسكن|سيكمل|غادي يكمل|يكمل عليا|مختبئ|مختبئه|" + _OBJECT_AR[1:-1] + r")"
)))


# Killing and dying words: a cue only when no figure of speech is around ("ghadi nmout bjou3", "ce taf me tue").
_CUE_KILL = re.compile(_bounded(_fold_pattern(
    r"\b(tu(e|er|ee|ent)|tuera\w*|mort|morte|mourir|\w{0,3}(q|9|k)t(e|a)?l\w*|nmout|suicid\w*|kill|brul\w*|etouf\w*|etrangl\w*|"
    r"\w{0,3}(7|h)r(e|a)?(q|9)\w*|\w{0,3}khn(e|a)?(q|9)\w*)\b"
    r"|(قتل|ذبح|دبح|موت|نموت|انتحر|انتحار|حرق|خنق)")))
# A joking tone: laughing emoji or words ("ma mère va me tuer j'ai cassé son plat 😬", "mdr", "hhh").
_JOKING = re.compile(r"\b(xlaugh|mdr\w*|lol|ptdr|hh+|ha(ha)+|hihi)\b|(?<![^\sو])ه+(?!\w)")
# An accident of one's own ("je me suis brûlé avec la théière", "je me suis enfermé dehors"): no danger cue.
_OWN_ACCIDENT = re.compile(_bounded(_fold_pattern(
    r"\b(je|j) (me|m) (suis|sui) (encore |un peu )?(brule|brulee|coupe|coupee|cogne|cognee|tordu|tordue|enferme|enfermee|fait mal)\b"
    r"|\benferm\w{0,3} dehors\b|\bserurier\b|\b(t(7|h)r(e)?(q|9)t|tjre(7|h)t|t9ta3t|tfkat)\b|(?<![^\sو])(تحرقت|تجرحت|تقطعت|اتحرقت)(?!\w)")))


def not_literal(text: str | None) -> bool:
    """True when ``text`` is said in jest or as a figure of speech ("😂", "hhh", "ضربني البرد", "ce taf me tue"): the
    dialogue engine then starts no care journey (violence, child, family, elderly, shelter) on it."""
    if not text:
        return False
    folded = fold(text)
    return bool(_JOKING.search(folded) or _FIGURATIVE.search(folded))


def told_as_story(text: str | None) -> bool:
    """True when ``text`` is fiction, news, or violence told as over long ago ("dans le film…", "f lakhbar…", "kan
    kaydrebni zman w tl9t mno") and not happening again now: the dialogue engine then starts no journey on it."""
    if not text:
        return False
    folded = fold(text)
    return bool(_FICTION_NEWS.search(folded) or (_PAST_RESOLVED.search(folded) and not _AGAIN_NOW.search(folded)))


def danger_cue(text: str | None) -> bool:
    """True when ``text`` has a danger-ish word (harm, threat, weapon, blood, confinement, pursuit, flight, fear, a
    call for help) and is not fiction, news, violence over long ago, a figure of speech or one's own accident. Broad
    by design: one of the two signals :func:`bot.danger.decide` needs before it trusts the NLU alone."""
    if not text:
        return False
    folded = fold(text)
    if _FICTION_NEWS.search(folded) or (_PAST_RESOLVED.search(folded) and not _AGAIN_NOW.search(folded)):
        return False
    if _OWN_ACCIDENT.search(folded) or _JOKING.search(folded):
        return False
    return bool(_CUE.search(folded)) or (bool(_CUE_KILL.search(folded)) and not _FIGURATIVE.search(folded))


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


def detect(text: str | None) -> Danger | None:
    """Return a :class:`Danger` when ``text`` says someone is in danger now, else ``None``.

    Pure and fast (about 150 bounded regexes over folded text, ~0.5 ms for an ordinary message, linear in the
    length). Deterministic; independent of the NLU.
    """
    if not text:
        return None
    folded = fold(text)
    hits: dict[str, list[str]] = {}
    if any(ch in _DANGER_EMOJI for ch in text) and len(_WORDS_RE.findall(text)) <= (0 if not any(ch.isalnum() for ch in text) else 2) \
            and not _KITCHEN_RE.search(folded):
        hits["violence_now"] = ["emoji-sos"]  # an emergency emoji alone, or with one or two words ("🔪 زوجي")
    if _BARE_PLEA.search(folded) and (_PLEA_URGENT.search(folded) or _STRETCHED.search(text)):
        hits.setdefault("violence_now", []).append("bare-plea")  # a whole-message plea, said urgently
    for kind, rules in _COMPILED.items():
        for pid, rx in rules:
            if rx.search(folded) and not (pid in _UNLESS and _UNLESS[pid].search(folded)):
                hits.setdefault(kind, []).append(pid)
    if not hits:
        return None
    if _FIGURATIVE.search(folded):
        for kind in ("threat_to_life", "suicidal"):
            hits.pop(kind, None)
        if not hits:
            return None
    if _FICTION_NEWS.search(folded) or (_PAST_RESOLVED.search(folded) and not _AGAIN_NOW.search(folded)):
        # fiction, news, or violence over long ago: only a cry for help or a request for the numbers still counts
        hits = {k: kept for k, ids in hits.items() if (kept := [p for p in ids if p in _OVERRIDE_IDS])}
        if not hits:
            return None
    kinds = tuple(k for k in DANGER_KINDS if k in hits)
    return Danger(kinds=kinds, pattern_ids=tuple(p for k in kinds for p in hits[k]))


# --------------------------------------------------------------------------------------------------
# Emergency numbers and the emergency reply
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class EmergencyNumber:
    """One emergency number from ``services/data/emergency_numbers.yml``: ``number`` to dial (str),
    ``label_key`` (locale key in ``safety.ftl``), ``scope``, ``source`` (official body/page),
    ``date_checked`` (ISO date), ``verified_online`` (False: not checked online from the build sandbox)."""

    id: str
    number: str
    label_key: str
    scope: str
    source: str
    date_checked: str
    verified_online: bool


@lru_cache(maxsize=1)
def emergency_numbers() -> tuple[EmergencyNumber, ...]:
    """The emergency numbers, in display order (read once). Raises ``ValueError`` on a malformed file."""
    data = yaml.safe_load(EMERGENCY_NUMBERS_FILE.read_text(encoding="utf-8"))
    out = []
    for item in data["numbers"]:
        if not str(item.get("source", "")).strip() or not item.get("date_checked"):
            raise ValueError(f"emergency number {item.get('id')!r} lacks a source or date_checked")
        out.append(
            EmergencyNumber(
                id=item["id"], number=str(item["number"]), label_key=item["label_key"], scope=item["scope"],
                source=item["source"], date_checked=str(item["date_checked"]),
                verified_online=bool(item.get("verified_online", False)),
            )
        )
    return tuple(out)


def numbers_block(variety: str, gender: str = "other") -> str:
    """The lines "label: number" for every emergency number, localised in ``variety``."""
    return "\n".join(
        locales.t(variety, "safety-number-line", label=locales.t(variety, n.label_key), number=n.number)
        for n in emergency_numbers()
    )


def emergency_messages(variety: str, gender: str = "other", escalated: bool = True) -> list[OutboundMessage]:
    """The immediate reply to danger: the alert with every emergency number (one message, so no channel can
    split it), then — when a priority-0 escalation was opened — that a person is alerted."""
    alert = locales.t(variety, "safety-alert", gender=gender) + "\n" + numbers_block(variety, gender)
    out = [OutboundMessage(text=alert)]
    if escalated:
        out.append(OutboundMessage(text=locales.t(variety, "safety-alert-team", gender=gender)))
    return out


def queue_messages(variety: str, gender: str = "other") -> list[OutboundMessage]:
    """The reply while a person waits for an operator (escalation open, not yet claimed): their request is in
    the queue, a person answers as soon as possible, and every emergency number meanwhile."""
    text = locales.t(variety, "safety-handoff-queued", gender=gender) + "\n" + numbers_block(variety, gender)
    return [OutboundMessage(text=text)]


def released_messages(variety: str, gender: str = "other", danger: bool = False) -> list[OutboundMessage]:
    """The message to a person whose operator has gone (logged out, or idle beyond ``CLAIM_IDLE_SECONDS``):
    sorry, the request is back in the queue and another team member will answer. For a ``danger``
    escalation (priority 0) the same message carries every emergency number again (one message, so no
    channel can split it)."""
    text = locales.t(variety, "safety-claim-released", gender=gender)
    if danger:
        text += "\n" + locales.t(variety, "safety-alert", gender=gender) + "\n" + numbers_block(variety, gender)
    return [OutboundMessage(text=text)]


def degraded_messages(variety: str, gender: str = "other") -> list[OutboundMessage]:
    """The reply when Redis or the database fails: a kind apology plus every emergency number."""
    text = (
        locales.t(variety, "safety-degraded-apology", gender=gender)
        + "\n\n"
        + locales.t(variety, "safety-degraded-numbers", gender=gender)
        + "\n"
        + numbers_block(variety, gender)
    )
    return [OutboundMessage(text=text)]


# --------------------------------------------------------------------------------------------------
# Variety guess (used only when neither the NLU nor the stored state can say)
# --------------------------------------------------------------------------------------------------
# Word-level markers over folded text (see :func:`fold`); ambiguous words (Darija "ma"/"la"/"a", "kif") are left out.
_MSA_WORDS = frozenset(_fold_pattern(w) for w in (  # noqa: SIM905
    "الان الآن حاليا اريد أريد يريد تريد نريد لا لم لن ليس لست لسنا سوف هذا هذه ذلك تلك الذي التي الذين ماذا لماذا اين أين ان أن "
    "إن انه إنه انها إنها انني إنني اني إني الى إلى عن قد لقد ايضا جدا زوجي ابني ابنتي طفلي نحن المنزل منزلي استطيع أستطيع يستطيع "
    "اتصلوا ارجوكم أرجوكم فضلكم يجب اسمع أسمع صراخ زوجها زوجته زوج ساعدوني انقذوني أنقذوني يمكنني لدي لديه عندما بعد قبل كان كانت مع على في من ثم و او أو هل").split())
_DARIJA_AR_WORDS = frozenset(_fold_pattern(w) for w in (  # noqa: SIM905
    "دابا دروك راه راها راهم راني را ديال ديالي ديالو ديالها بغيت بغا بغات باغي باغيه غادي غا شنو اشنو واش فين علاش كيفاش ماشي "
    "عافاك عافاكم بزاف هادشي هاد هادي هادا نتا نتي ليا عليا فيا معايا حدايا دغيا بالزربه كاع مزيان والو شي حيت كنت كانو راجلي "
    "ولدي بنتي مراتي الدار فالدار فالزنقه الزنقه خويا ختي باش حتى اللي لي ملي").split())
_FRENCH_WORDS = frozenset((  # noqa: SIM905
    "je j il elle ils elles on nous vous tu me m te se mon mes ton ta tes son sa ses notre nos leur le les un une des du de en "
    "est suis es sont ai as avons ont et mais donc car que qu qui quoi ne n pas plus dans sur sous avec pour par chez ce cet cette ces "
    "moment maintenant aide aidez moi toi lui bonjour merci oui non tres tout tous toute fait va vais veut peux peut svp stp au aux "
    "pere mere fils fille enfant mari femme frere soeur maison secours police urgence vite train").split())
_ARABIZI_WORDS = frozenset((  # noqa: SIM905
    "daba db dba ana nta nti howa hiya rah ra rani raha rahom wach wash dyal dyali dial diali fin fen chno chnou ach 3la mn men m3a "
    "bghit bgha bghat ghadi gha kan kayn kaynin machi mashi bzaf bzzaf walakin walo hadchi hada hadi lli li ila o w chi hta bach "
    "dar ldar rajli mrati weldi bnti khoya khti lbare7 lbar7 3afak 3afakom salam labas mzyan").split())
_ARABIZI_SHAPE = re.compile(r"^(\w*[a-z][2356789]\w*|[2356789]\w*[a-z]\w*|(kay|tay|kan|tan|kat|tat|ghan|ghay|ghat)[a-z]{2,}|\w+(ch|sh)|\w+(ni|na|ek|ha|hom))$")
_FRENCH_SHAPE = re.compile(r"^\w+(ment|tion|ais|ait|ez|eux|euse|ique|oir|oire|eau|eaux|ee|ees|ent)$")
_ACCENTS = re.compile(r"[éèêëàâçîïôûùœ]", re.IGNORECASE)


def guess_variety(text: str | None, default: str = locales.DEFAULT_VARIETY) -> str:
    """The variety of ``text`` (``ary``, ``ary-Latn``, ``ar`` or ``fr``) from the text alone — no NLU, no
    state — for the danger reply and degraded mode. The script decides Arabic vs Latin (Arabic letters ≥ half
    of the letters); then folded words are scored: Arabic script → ``ar`` when MSA words ("الآن", "لا", "أن",
    "زوجي", "إنه"…) outnumber Darija ones ("دابا", "راه", "ديال", "كيضرب"-style ``كي`` verbs, "ما…ش"
    negation…), else ``ary``; Latin script → ``fr`` when French words and shapes (accents, "-ment", "-tion")
    outnumber Arabizi words and shapes (digits as letters "7/3/9", "kay-" verbs, "-ch" negation, "daba",
    "rah"…), else ``ary-Latn``. ``default`` when there are no letters (emoji only). Never raises."""
    if not text:
        return default
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return default
    arabic = sum(1 for ch in letters if "ARABIC" in unicodedata.name(ch, ""))
    words = fold(text).split()
    if arabic * 2 >= len(letters):
        msa = sum(w in _MSA_WORDS for w in words)
        darija = sum(w in _DARIJA_AR_WORDS for w in words)
        darija += sum(1 for w in words if (w.startswith(("كي", "تي", "كن", "كت")) and len(w) >= 5 and w != "كيف")
                      or (len(w) >= 4 and w.endswith("ش") and w.startswith("ما")) or w.endswith("اش"))
        return "ar" if msa > darija else "ary"
    fr = sum(w in _FRENCH_WORDS or bool(_FRENCH_SHAPE.match(w)) for w in words) + 2 * len(_ACCENTS.findall(text))
    ary = sum(w in _ARABIZI_WORDS or bool(_ARABIZI_SHAPE.match(w)) for w in words)
    return "fr" if fr > ary else "ary-Latn"
