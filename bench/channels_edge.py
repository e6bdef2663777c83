"""Channel edge benchmark: the per-message CPU cost of the adapters' own work (no network).

Usage:  .venv/bin/python bench/channels_edge.py [--n 2000]

Measures, per call (median and p95, microseconds, one core):
* ``textsplit.split_text`` of a 10,000-character Darija text at Telegram's 4,096 and WhatsApp's 1,600;
* ``telegram.render`` of a reply with 6 buttons (one payload over 64 bytes) and ``telegram.parse_update``;
* ``whatsapp.render`` (numbered list) and ``whatsapp.match_choice`` (number, label, close spelling, a long
  free-text message that must not match);
* Twilio signature validation (``RequestValidator.validate``) of a 15-parameter form and ``whatsapp.twiml``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def timed(fn, n: int) -> tuple[float, float]:
    samples = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1e6)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000)
    n = ap.parse_args().n

    from twilio.request_validator import RequestValidator

    from bot.channels import telegram, whatsapp
    from bot.channels.textsplit import split_text
    from dialogues.messages import Button, OutboundMessage

    darija = ("راجلي كيضربني وما عرفتش فين نمشي، عافاك عاوني نلقى شي مركز قريب \u2068" + "8350" + "\u2069. ") * 150
    darija = darija[:10_000]
    buttons = tuple(Button(f"مركز الاستماع رقم {i}", f"/choose:violence.offer.option_{i}") for i in range(5)) + (
        Button("مركز بعيد", "/pick:" + "x" * 80),)
    reply = OutboundMessage(text="ختاري المركز:", buttons=buttons)
    update = {"update_id": 1, "message": {"message_id": 2, "date": 1, "text": "سلام",
                                          "chat": {"id": 5, "type": "private"}, "from": {"id": 5}}}
    wa_buttons = tuple(Button(t, f"/p{i}") for i, t in enumerate(
        ["Oui", "Non", "Je ne sais pas", "Violence", "Carte de handicap", "🏠 Menu"]))
    form = {f"Param{i}": f"value {i}" for i in range(15)}
    validator = RequestValidator("0123456789abcdef0123456789abcdef")
    url = "https://jisr.example.org/webhooks/whatsapp"
    sig = validator.compute_signature(url, form)

    cases = [
        ("split_text 10k chars @4096", lambda: split_text(darija, 4096)),
        ("split_text 10k chars @1600", lambda: split_text(darija, 1600)),
        ("telegram.render 6 buttons", lambda: telegram.render(reply, "ary")),
        ("telegram.parse_update", lambda: telegram.parse_update(update)),
        ("whatsapp.render numbered list", lambda: whatsapp.render(reply, "ary")),
        ("match_choice '2'", lambda: whatsapp.match_choice("2", wa_buttons)),
        ("match_choice label", lambda: whatsapp.match_choice("carte de handicap", wa_buttons)),
        ("match_choice close spelling", lambda: whatsapp.match_choice("violense", wa_buttons)),
        ("match_choice long free text", lambda: whatsapp.match_choice(darija[:200], wa_buttons)),
        ("twilio signature validate", lambda: validator.validate(url, form, sig)),
        ("whatsapp.twiml 3 parts", lambda: whatsapp.twiml(["a" * 1600, "b" * 1600, "c"])),
    ]
    print(f"{'operation':34} {'median µs':>10} {'p95 µs':>10}   (n={n})")
    for name, fn in cases:
        fn()  # warm-up (imports, caches)
        med, p95 = timed(fn, n)
        print(f"{name:34} {med:10.1f} {p95:10.1f}")


if __name__ == "__main__":
    main()
