"""The safety net: a deterministic danger-now detector and the emergency reply.

It runs on every message, before the NLU and the flows, and it does not depend on any service: no NLU, no
Redis, no database. If it fires — or the NLU says ``immediate_danger`` — the message path answers at once with
the emergency numbers of ``services/data/emergency_numbers.yml`` (each number with its source and the date it
was checked), opens a priority-0 escalation and hands the conversation to the engine's ``emergency`` flow.

Detection works on :func:`fold`\\ ed text (``nlu.normalize.normalize`` plus a few matching-only folds) with
hand-written patterns for seven kinds of danger now, in the four varieties (Darija in Arabic script and in
Latin "Arabizi" with its spelling variants, Modern Standard Arabic, French):

* ``threat_to_life`` — "il va me tuer", "ghadi yqtelni", "بغا يذبحني", "يهددني بالقتل";
* ``violence_now`` — a violence verb with a "now" marker ("kaydrebni daba", "يضربني الآن"), cries for help
  ("3te9ouni", "au secours", "النجدة"), someone breaking the door;
* ``confinement`` — "il m'a enfermée", "7bsni f dar", "ما خلانيش نخرج", "محتجزة";
* ``weapon`` — a weapon held or used by someone ("3ando mous", "il a un couteau", "يهددني بسكين");
* ``suicidal`` — "bghit nmout", "je veux en finir", "أفكر في الانتحار".
* ``followed`` — being followed/stalked now: "rah kayteb3ni f zan9a", "un homme me suit depuis la gare",
  "يلاحقني", "راه كيتبعني فالزنقة" (a street/now/alone context is required for plain "follows me", so "le
  médecin qui me suit" or "tab3ouni 3la instagram" are not danger);
* ``abduction`` — a child or relative taken: "ils ont pris mon fils", "خطفو ولدي", "khtfo bnti", "تم اختطاف ابنتي".

``violence_now`` also covers violence happening now to a child or relative ("rahom kaydorbo weldi", "راه كيضرب
بنتي", "ils le frappent", "إنهم يضربون ابني").

Figurative "killing"/"dying" ("ce film me tue", "qtelni b d7k", "مت بالضحك") is ignored for the two
kill/die kinds only; weapons, confinement and violence-now are never cancelled. The detector is tuned for
recall (a missed danger is far worse than a false alarm): its recall and false-alarm rate on
``tests/safety/danger_set.yml`` are measured by ``tests/safety/test_danger_set.py`` and quoted in
``bot/README.md``. Never log the text: :class:`Danger` carries only the kinds and pattern ids.
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

DANGER_KINDS = ("threat_to_life", "violence_now", "confinement", "weapon", "suicidal", "followed", "abduction")

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
MAX_WORD_CHARS = 40  # longer "words" are cut: no real word is that long, and it bounds regex work
_LONG_WORD = re.compile(r"\w{%d,}" % (MAX_WORD_CHARS + 1))


def fold(text: str) -> str:
    """Normalise ``text`` for danger matching.

    ``nlu.normalize.normalize`` first, then: alef maqsura → ya, ta marbuta → ha, hamza carriers folded,
    every run of a repeated letter → one letter ("yqattel" → "yqatel", "frappe" → "frape"; digits are kept
    as written), punctuation and apostrophes → spaces ("m'a" → "m a"). The result is padded with one
    space at each end so patterns can use ``\\b`` or spaces freely. Patterns below are written in this
    folded form (no doubled letters).
    """
    out = normalize(text).translate(_FOLD_TABLE)
    out = _NON_WORD.sub(" ", out).replace("_", " ")
    out = _DOUBLE_LETTER.sub(r"\1", out)
    out = _LONG_WORD.sub(lambda m: m.group(0)[:MAX_WORD_CHARS], out)
    return " " + " ".join(out.split()) + " "


# --------------------------------------------------------------------------------------------------
# Lexicon. Each entry: (pattern id, regex over folded text). Ids are logged (never the text).
# --------------------------------------------------------------------------------------------------
_NOW_FR = r"(maintenant|en ce moment|actuelement|a l instant|tout de suite|en train de|right now|now)"
_NOW_LATN = r"\b(daba|db|dba|druk|drok|dork|f had l(we9t|waqt|wa9t|l7da|lhda)|daba daba|now)\b"
_NOW_AR = r"(دابا|دروك|الان|حاليا|هاد الساعه|هاد اللحظه|هذه اللحظه|فهاد الوقت|فهاد اللحظه|في الحال)"

_WEAPON_FR = r"(couteau|couteaux|arme|armes|pistolet|fusil|revolver|flingue|hache|machete|sabre|lame|cuter|cutter|poignard|barre de fer|bate)"
_WEAPON_LATN = r"(mous|mos|jenwi|janwi|jnwi|sekin|skina|sikin|frdi|fardi|mkahla|mka7la|sif|chafra|chakour|satour|pistolet|couteau|hadida)"
_WEAPON_AR = r"(موس|سكين|جنوي|سلاح|مسدس|بندقيه|فردي|شاقور|ساطور|سيف|مكحله|شفره|خنجر|حديده)"

_KILL_VERB_FR = r"(tuer|egorger|etrangler|bruler|achever|descendre|poignarder|buter|massacrer|crever)"

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
_HIT_LATN = r"(kay|tay|ka|ta)(dreb|drab|drb|dorb|drob|darb|dorbo|drbo|drebo|drbou|dorbou|3nef|khne9|khneq|ta7en|tahen|jered|jeld)\w{0,4}"
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
                         r"a essaye de|tente de|a tente de|cherche a|jure de|a jure de|allait|peut|pourait)"
                         r"( de)? (me|m|nous|la|le|les|l|te|t) ?" + _KILL_VERB_FR + r"\b"),
        ("fr-death-threat", r"\bmenac\w* de mort\b|\bmenaces? de mort\b"),
        ("fr-kill-kin", r"\b" + _KILL_VERB_FR + r" (mes|mon|ma|les|nos|notre) (enfant|enfants|fils|file|files|gosse|gosses|bebe|mere|soeur)\b"),
        ("fr-doing-now", r"\b(il|elle|ils|on) (m|me|nous) (etrangle|etoufe|egorge|poignarde|tue)\b"),
        ("fr-die-by-him", r"\bil va me faire du mal\b|\bje vais mourir\b|\bje vais me faire tuer\b"),
        # Darija, Latin script: q/9/k t l + ni (kill me), dbe7/dba7 (slaughter), khne9 (strangle), 7re9 (burn)
        ("latn-kill-me", r"\b\w*(q|9|k|g)a?t(e|a|o)?l(ni|na|ek|ak|ha|ou|o|oni|ouni|ona)\b"),
        ("latn-will-kill", r"\b(gha|ghad|ghadi|ghan|bgha|baghi|ghay|ghy|bghaw)\w* ?(y|n|t)?(q|9|k)a?t(e|a|o)?l\w*\b"),
        ("latn-slaughter", r"\b\w*d(e|a)?b(e|a)?(h|7)(ni|na|ek|ak|ha|ou|o)\b"),
        ("latn-strangle", r"\b\w*kh?n(e|a)?(q|9|k)(ni|na|ha|ou|o)\b"),
        ("latn-burn", r"\b(gha|ghadi|bgha|baghi|y|kay|ghay)\w* ?(h|7)(e|a)?r(e|a)?(q|9)(ni|na|ha)\b"),
        ("latn-death-threat", r"\b(hded|yhded|kayhded|tayhded|mhedeni|hedadni|hdedni|kayhdedni|tayhdedni)\w* ?(b)? ?(l)?(mout|mot|9tel|qtel|ktel)\b"),
        # Darija (Arabic script) and MSA
        ("ar-kill-me", r"(قتل|ذبح|دبح|خنق)(ني|نا|ك|ها|هم)\b"),
        ("ar-will-kill", r"(غادي|غ|غا|بغا|باغي|بغاو|سوف|سي|يريد|تريد|يحاول|حاول|ناوي|غايقتل)\s?(ي|ن|ت)?(قتل|ذبح|دبح|خنق)"),
        ("ar-my-killing", r"(يريد|تريد|يحاول|حاول|يهدد\w*|هدد\w*|كيهدد\w*)\s(ب)?(قتلي|ذبحي|موتي)\b"),
        ("ar-death-threat", r"(تهديد\w*|هدد\w*|يهدد\w*|كيهدد\w*|تيهدد\w*|مهدد\w*)\s?\w{0,8}\s?(بالقتل|بالموت|بالذبح|بالدبح|بالحرق)"),
        ("fr-declared", r"\b(suis|sommes|est|sont|etre|on est) en danger\b"),
        ("latn-declared", r"\b(ana|rani|rana|7na|ahna|hna|howa|hiya|wldi|bnti) (f|fi|fe) ?(l)?(khatar|5atar|khtar)\b"),
        ("ar-declared", r"(انا|راني|احنا|حنا|نحن|ولدي|بنتي|ابني|ابنتي)\s(ف|في)\s?(ال)?خطر"),
        ("ar-kill-kin", r"(يقتل|يذبح|يدبح|قتل|سيقتل)\s(ولدي|بنتي|ولادي|الدراري|الاطفال|اطفالي|امي|ختي|مراتو)"),
    ],
    "violence_now": [
        ("fr-hit-now", r"\b(frape|frapent|bat|batent|tape|tapent|cogne|cognent|agres\w*|viol\w*|etrangle|etoufe|"
                       r"tabase|brutalise|frapait|batre|fraper|taper|egorge|blese)\b.{0,60}" + _NOW_FR
                       + r"|" + _NOW_FR + r".{0,60}\b(frape|frapent|bat|batent|tape|cogne|agres\w*|viol\w*|"
                       r"etrangle|etoufe|tabase|brutalise|fraper|batre|taper)\b"),
        ("fr-cry", r"\b(au secours|a l aide|aidez moi vite|aidez nous vite|venez vite|sauvez moi|sauvez nous|sos|help me)\b"),
        ("fr-door", r"\b(defonce|casse|enfonce|force|frape a|frape sur|tape sur|cogne a|cogne sur)\w* (la |ma |notre )?porte\b"
                    r"|\bessaie d entrer\b|\bveut entrer de force\b|\best devant (chez moi|ma porte|la porte|la maison)\b"),
        ("fr-chasing", r"\b(il|ils) (me|nous) (poursuit|poursuivent|court apres|cherche partout)\b"),
        ("latn-hit-now", r"\b(kay|tay|ka|ta|ra|rah|y|t)?(dreb|drab|drb|darb|dorb|3nef|3enef|khnq|khn9|ghtasb|ghtasab)\w*"
                         r".{0,40}" + _NOW_LATN + r"|" + _NOW_LATN
                         + r".{0,40}\b(kay|tay|ka|ta|ra|rah|y|t)?(dreb|drab|drb|darb|3nef|ghtasb)\w*"),
        ("latn-cry", r"\b3a?t(e|a)?(q|9|k)(o|ou|u)?(ni|na)\b|\bl(h|7)a?(q|9)(o|ou|u)ni\b|\bnajda\b|\bnjda\b"
                     r"|\b(3awnoni|3awnouni|3awenoni|3tiwni chi) (daba|db|bzerba|dghya)\b|\bsos\b|\bhelp me\b"),
        ("latn-door", r"\b(kay|tay|ka|y)?(kser|kaser|hres|7res|hras|dfe3|dfa3)\w* (l|el)?bab\b|\b(rah|ra) (f|fe|fi) (l|el)?bab\b"),
        ("ar-hit-now", r"(كيضرب|تيضرب|يضرب|ضرب|يعتدي|اعتدا|كيعتدي|يغتصب|كيغتصب|يعنف|كيعنف|يصرع|كيخنق|يخنق|يجلد|كيجلد)\w*"
                       r".{0,40}" + _NOW_AR + r"|" + _NOW_AR + r".{0,40}(كيضرب|تيضرب|يضرب|يعتدي|كيعتدي|يغتصب|يعنف|كيعنف|يخنق|كيخنق)"),
        ("ar-cry", r"(عتقوني|عتقني|عتقونا|الحقوني|لحقوني|انقذوني|انقذني|النجده|اغيثوني|ساعدوني بسرعه|عاونوني دابا|جيو دابا|جيو بالزربه|غيتوني)"),
        ("ar-door", r"(كيكسر|يكسر|كسر|يحاول كسر|كيهرس|يهرس|هرس|كيدفع)\s?(ف)?(ال|لي)?باب|(راه|را) (ف|في)\s?(ال)?باب"),
        # violence now to a relative: progressive markers (rah/rahom/راه/انهم) or a group scene ("ils le frappent")
        ("fr-kin-now", r"\bils (sont \w{0,10} et ils |sont en train de )?" + _HIT_FR + r" (mon|ma|mes|notre|nos|leur) ?"
                       + _KIN_FR + r"\b|\b" + _KIN_FR + r"\b.{0,80}\b(ils|il|elle|on) (le|la|les|l) " + _HIT_FR + r"\b"),
        ("latn-kin-now", r"\b(rah|ra|raha|rahom|rahoma|rahum)\s" + _HIT_LATN + r"(\s\w{1,6})?\s(f|fi)?\s?(l)?" + _KIN_LATN + r"\b"
                         r"|\b" + _KIN_LATN + r"\s(rahom|rah|raha)\s" + _HIT_LATN + r"\b"),
        ("ar-kin-now", r"(راه|راها|راهم|رآه|انهم|انه|انها)\s?" + _HIT_AR + r"\s?(ف|في)?\s?" + _KIN_AR
                       + r"|" + _KIN_AR + r"\s(راهم|راه|راها)\s?" + _HIT_AR
                       + r"|(اخذو|خذاو|داو|هزو)\w{0,3}\s?" + _KIN_AR + r".{0,30}(يضرب|كيضرب|تيضرب)\w{0,5}"),
    ],
    "confinement": [
        ("fr-locked", r"\benferm\w*|\bsequestr\w*|\bsequestre\w*"),
        ("fr-cant-leave", r"\b(m|me|nous) (empeche|empechent|interdit|interdisent) de sortir\b"
                          r"|\b(je|j) (ne )?(peux|peut|pourais) (pas|plus) sortir\b|\bimpossible de sortir\b"
                          r"|\bferme (la porte )?a cle\b"),
        ("latn-locked", r"\b(sed|sd|sad|9fel|qfel|9fl|qfl|bla3|sker|sakr|msdod|ms9fol|mqfol|msker|m9fol|sedo)\w* (3liya|3lia|3lya|3liha|3lina)\b"
                        r"|\b(7bsni|7absni|habesni|hbsni|7bsouni|7bsoni|7absani|m7bosa|mhbosa|m7bousa|mhbousa|m7bsa)\b"),
        ("latn-cant-leave", r"\bma ?\w*kh?a?l[ai]\w*ni\w* ?n(kh|5)r[eo]?j\b|\bma (n9der|nqder|ne9der|nkder|n9dar)(ch|ech|ich)? n(kh|5)r[eo]?j\b"),
        ("ar-locked", r"(حبسني|حابسني|حبسوني|محبوسه|انا محبوس|سجنني|محتجز|احتجزني|يحتجزني|احتجزوني|"
                      r"(سد|سدو|قفل|سكر|بلع|مسدود|مقفول|مسكر|اغلق|قفل)\s?(عليا|علي|علينا|عليها)\b)"),
        ("ar-cant-leave", r"(ما خلانيش|ما كيخلينيش|ما كيخلينيش|ماكيخلينيش|ماخلانيش|ما تيخلينيش|ما كيخليني|ما بغاش يخليني)\s?نخرج"
                          r"|(ما نقدرش|مانقدرش|ما نقدر ش) نخرج|لا استطيع الخروج|لا يمكنني الخروج|(يمنعني|منعني|يمنعنا|منعنا) من الخروج"),
    ],
    "weapon": [
        ("fr-weapon-held", r"\b(a|avait|tient|tenait|porte|sort|sorti|brandit|brandi|pointe|prend|pris|ramene|cache)\s(un|une|son|sa|le|la|des|ses)\s"
                           + _WEAPON_FR + r"\b"),
        ("fr-weapon-threat", r"\bmenac\w*.{0,30}\b" + _WEAPON_FR + r"\b|\b" + _WEAPON_FR + r"\b.{0,25}\b(sur moi|contre moi|sous (ma|la) gorge|sur (ma|la) gorge)\b"),
        ("fr-weapon-stab", r"\b(poignard\w*|coup de couteau|coups de couteau|tire sur|tirer sur)\b"),
        ("latn-weapon-held", r"\b(3ndo|3endo|3ando|3ndu|3andou|m3ah|m3ah|m3aha|hz|hez|haz|9bd|9bed|qbed|chd|ched|jbd|jbed|jbad|khrj|khrej|tl3|tla3|tale3|hazz)\s?(3liya|3lia|3lina|3lih|3liha)?\s?(l|el)?"
                             + _WEAPON_LATN + r"\b"),
        ("latn-weapon-threat", r"\b(hded|yhded|kayhded|tayhded|mhedeni|hedadni|hdedni|kayhdedni|tayhdedni|bgha ydrebni|kaydrebni|drebni|jra 3liya)\w*.{0,20}\b(b|bl|bel)\s?(l|el)?"
                               + _WEAPON_LATN + r"\b"),
        ("ar-weapon-held", r"(عندو|عنده|معاه|معه|هز|شد|جبد|طلع|خرج|يحمل|حامل|كيهز|شهر|يشهر)\s?(عليا|علينا|عليه|عليها|علي)?\s?(ال|لي)?\s?" + _WEAPON_AR),
        ("ar-weapon-threat", r"(كيهددني|يهددني|هددني|مهددني|تهديد\w*|كيضربني|ضربني|يضربني|جرا عليا|يهاجمني|هاجمني)\s?\w{0,8}\s?(ب|بال)" + _WEAPON_AR),
    ],
    "suicidal": [
        ("fr-suicide", r"\bsuicid\w*|\b(je|j) (vais|veux|voudrais|pense a|pense|ai envie de) (me|m) (tuer|pendre|jeter|ouvrir les veines|foutre en l air)\b"
                       r"|\b(envie de|veux|voudrais|prefere) mourir\b|\ben finir( avec (la|ma) vie)?\b|\bmetre fin a (mes jours|ma vie)\b"
                       r"|\b(plus envie de|veux plus|ne veux plus|marre de|plus la force de) vivre\b|\bavaler (des|tous mes|toutes mes) (medicaments|cachets|pilules)\b"),
        ("latn-suicide", r"\bbgh?(i|e)+t n?mou?t\b|\bbghit nmot\b|\bn(q|9|k)t(e)?l ras(i|y)\b|\bn?e?nt(a|e)?(h|7)(a|e)?r|\bint?(i|e)(h|7)ar|\bint?i(h|7)ar"
                         r"|\bn(h|7)r(e)?(q|9) ras(i|y)\b|\bnlo(h|7) ras(i|y)\b|\bma (bghitch|bqitch bghit|baghich|bqitch baghi) n3i?ch\b"
                         r"|\b3yit (mn|men) (l)?(h|7)(a)?ya(t|ti)?\b|\bnsali m3a ras(i|y)\b|suicid\w*|\bbagh(i|ya|ia) n?mou?t\b"),
        ("ar-suicide", r"(نتحر|الانتحار|انتحار|اقتل نفسي|ساقتل نفسي|نقتل راسي|نقتل نفسي|اريد ان اموت|اريد الموت|بغيت نموت|بغيت غير نموت|ابغي نموت|"
                       r"انهي حياتي|اضع حدا لحياتي|لا اريد ان اعيش|ما بقيتش بغيت نعيش|ما بغيتش نعيش|عييت من الحياه|تعبت من الحياه|نحرق راسي|نلوح راسي|"
                       r"نرمي راسي|نسالي مع راسي|لا اريد العيش)"),
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
                     r"|\bkidnaping\b"),
    # Darija (Latin): khtf / 5tf (abduct) near a relative; "weldi tkhtef", "bnti mkhtofa"
    ("latn-abduction", r"\b(t|y|n|m)?(kh|5)(e|a)?t(e|a)?f\w{0,5}\s(li|lina|lia|liya)?\s?(l)?" + _KIN_LATN + r"\b"
                       r"|\b" + _KIN_LATN + r"\s(t|m)?(kh|5)(e|a)?t(e|a|o|ou)?f\w{0,4}\b"),
    # Arabic script: خطف / اختطف / تخطف near a relative; "تم اختطاف ابنتي"; "ولدي مخطوف"
    ("ar-abduction", r"(خطف|ختف|اختطف|تخطف|تختطف)\w{0,4}\s?(لي|لينا|لنا)?\s?" + _KIN_AR
                     + r"|(اختطاف|خطف)\s" + _KIN_AR
                     + r"|" + _KIN_AR + r"\s?\w{0,8}\s?(تخطف|مخطوف|مختطف|اختطف|خطفو|خطفوه|خطفوها|تختطف)\w{0,3}"
                     + r"|(اخذو|خذاو)\w{0,2}\s" + _KIN_AR + r"\s(بالقوه|بالسيف|بزز)"),
]
_UNLESS_EXTRA = {
    "fr-followed": r"\b(" + _SOCIAL[1:-1] + r"|dossier|medecin|docteur|psy|psychiatre|psychologue|therapeute|traitement|"
                   r"asistante sociale|asistant social|educateur|educatrice|avocat|avocate)\b",
    "latn-followed": r"\b" + _SOCIAL + r"\b",
    "ar-followed": _SOCIAL,
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
)))

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

    Pure and fast (a few dozen regexes over folded text, ~0.1 ms). Deterministic; independent of the NLU.
    """
    if not text:
        return None
    folded = fold(text)
    hits: dict[str, list[str]] = {}
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
_MSA_MARKERS = re.compile(r"(الآن|أريد|اريد|أنا في|لا أستطيع|لا استطيع|ساعدوني|يريد|سوف|لكن|هذا|هذه|الذي|التي|ماذا|كيف|أين|اين|ليس)")
_DARIJA_AR_MARKERS = re.compile(r"(دابا|بغيت|كيف|ديال|ديالي|شنو|واش|فين|راه|كي|ماشي|عافاك|بزاف|هادشي|غادي|نتا|نتي|ليا|عليا)")
_FRENCH_MARKERS = re.compile(
    r"\b(je|j|il|elle|est|suis|mon|ma|mes|les|des|une|un|pour|avec|pas|bonjour|merci|maintenant|aide|moi|vous|que|qui|"
    r"au|aux|du|de la|dans|sur|oui|non)\b"
)
_ARABIZI_MARKERS = re.compile(r"\b(\w*[3789]\w*|daba|bghit|wach|fin|rah|dyal|dyali|chno|ana|nta|nti|salam|mzyan|bzaf|3afak|labas)\b")


def guess_variety(text: str | None, default: str = locales.DEFAULT_VARIETY) -> str:
    """A cheap guess of the variety of ``text`` (``ary``, ``ary-Latn``, ``ar`` or ``fr``), for replies made
    without NLU and without stored state (degraded mode). Arabic script → ``ary`` unless MSA markers
    dominate; Latin script → ``fr`` when French function words outnumber Arabizi markers."""
    if not text:
        return default
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return default
    arabic = sum(1 for ch in letters if "ARABIC" in unicodedata.name(ch, ""))
    if arabic * 2 >= len(letters):
        msa = len(_MSA_MARKERS.findall(text))
        darija = len(_DARIJA_AR_MARKERS.findall(text))
        return "ar" if msa > darija else "ary"
    folded = normalize(text)
    fr = len(_FRENCH_MARKERS.findall(folded))
    ary = len(_ARABIZI_MARKERS.findall(folded))
    return "fr" if fr > ary else "ary-Latn"
