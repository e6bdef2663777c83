"""``nlu.danger.decide``: danger needs the safety net, or the NLU *and* a danger cue in the text (issue "open
world"); and the safety net's open-world hard negatives (no Rasa: hand-made parses, real patterns)."""

from __future__ import annotations

import pytest

from nlu import danger, safety
from nlu.client import ParseResult


def parse(text: str, intent: str = "immediate_danger", confidence: float = 0.95,
          ranking: list[tuple[str, float]] | None = None) -> ParseResult:
    return ParseResult(text=text, intent=intent, confidence=confidence, language="fr",
                       intent_ranking=ranking or [(intent, confidence)])


def test_the_net_decides_alone() -> None:
    net = safety.detect("il a un couteau, il va me tuer")
    assert net is not None and danger.decide(net, None) is net
    assert danger.decide(net, parse("il a un couteau, il va me tuer", "out_of_scope", 0.9)) is net


def test_the_nlu_alone_needs_a_danger_cue() -> None:
    text = "rah lbe9al sed lyoum bkri"  # the grocer closed early: NLU immediate_danger 1.0 once
    assert safety.detect(text) is None and not safety.danger_cue(text)
    assert danger.decide(None, parse(text, confidence=1.0)) is None


def test_the_nlu_with_a_cue_and_a_calibrated_probability_is_danger() -> None:
    text = "howa hna w 3ndo l3sa, ana khayfa"
    assert safety.danger_cue(text)
    assert danger.decide(None, parse(text, confidence=danger.NLU_DANGER_MIN)) == danger.NLU_DANGER
    low = danger.NLU_DANGER_MIN - 0.05
    assert danger.decide(None, parse(text, "report_violence", 0.6, [("report_violence", 0.6), ("immediate_danger", low)])) is None


def test_the_probability_is_read_from_the_ranking_also_under_nlu_fallback() -> None:
    p = parse("x", "nlu_fallback", 0.2, [("nlu_fallback", 0.2), ("immediate_danger", 0.18)])
    assert danger.danger_probability(p) == pytest.approx(0.18)
    assert danger.danger_probability(None) == 0.0


@pytest.mark.parametrize("text", [
    "je meurs de faim", "ce taf me tue", "ghadi nmout bjou3 fin wslat lmakla", "قتلنا الوقت فالقهوة",
    "ma mere va me tuer j ai cassé son plat 😬", "je me suis brulé la main avec la theiere",
    "dans la serie il la sequestre dans une cave", "f lakhbar wa7d rajl 9tel khoh",
])
def test_figures_of_speech_news_and_accidents_are_no_cue(text: str) -> None:
    assert not safety.danger_cue(text)


@pytest.mark.parametrize("text", [
    # French everyday physical verbs, idioms, third person, plots
    "il m'a tenu la porte c'était gentil", "je suis coincée au bureau ce soir", "on a tué le temps au café en attendant le bus",
    "je suis mort de rire", "le froid me tue", "dans le film le mec tue sa femme", "ils ont arrêté le mec qui a tué sa femme",
    "je me suis encore enfermé dehors, le serrurier arrive", "jsuis coincé dans les bouchons depuis 1h",
    # Darija that merely starts with a presentative or a future marker
    "راه الطوبيس جا", "غادي نمشي للسوق", "rah lma t9te3 f l7ay", "ghadi nsafer l agadir",
    # violence over long ago, news, a player "killing" a match
    "طليقي كان كيضربني، الحمد لله تطلقت هادي 5 سنين", "قريت بلي واحد قتل مراتو فمراكش", "الرجا قتلوهم 4-0",
    "شحال كيبقى الحساب ديال الفيسبوك قبل مايتمسح", "kanbghi ndir sport walakin l3egz 9tlni",
])
def test_everyday_shapes_do_not_fire_the_net(text: str) -> None:
    assert safety.detect(text) is None


@pytest.mark.parametrize("text", [
    # abduction, confinement, relayed threats (the shapes the issue names), told in the four varieties
    "khtfo bnti mn 9ddam lmdrasa", "ils ont mis ma fille dans une voiture devant l'école", "تخطفات بنت ختي قدام الدار",
    "sedd 3liya lbab w ma bghach ykhellini nkhrej", "le chauffeur a verrouillé les portes et il ne veut pas s'arrêter",
    "ma soeur m'écrit que son mari l'a enfermée et qu'il la frappe", "صاحبي صيفط ليا ميساج كيقول وداعا وماكيجاوبش",
    "kaydreb fiya daba", "au secour", "انقدوني بسرعة", "🔪 زوجي", "numero police vite", "عاونوني بالرقم",
])
def test_open_world_danger_shapes_fire_the_net(text: str) -> None:
    assert safety.detect(text) is not None


def test_asking_for_a_number_to_talk_to_someone_is_not_danger() -> None:
    for text in ("عطيني النمرة باش نعيط", "أعطني رقم طبيب أسنان", "bghit numero o adresse dyal centre"):
        assert safety.detect(text) is None, text


def test_bare_pleas_need_urgency() -> None:
    for text in ("pleaaase aidez moi", "3awnoni 3afak", "aidez moi vite", "عاونوني", "ساعدوني ارجوكم هو هنا"):
        assert safety.detect(text) is not None, text
    for text in ("aidez moi svp", "3awnini 3afak", "help svp", "ساعدوني من فضلكم", "aide moi"):
        assert safety.detect(text) is None, text


def test_story_and_jest_helpers() -> None:
    assert safety.told_as_story("dans le film il la séquestre")
    assert safety.told_as_story("kan 3ndi rajl zman kaydrebni w tl9t mno daba 3ayecha mzyan")
    assert not safety.told_as_story("hier il m'a frappée et là il recommence")
    assert safety.not_literal("tkhasamt m3a rajli hhh")
    assert not safety.not_literal("rajli kaydrebni")
