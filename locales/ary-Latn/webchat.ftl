# Web chat page (bot/web/), served by GET /webchat/strings.json.
webchat-title = Jisr — tawjih ijtima3i
webchat-subtitle = Kteb so2al dyalek b darija, b l3arbiya wla b lfransawiya.
webchat-input-label = Risala dyalek
webchat-placeholder = Kteb hna…
webchat-send = Sifet
# The location button (the page shows a pin icon next to it; on a phone the icon alone).
webchat-share-location = Sifet fin ana
webchat-location-unavailable = Ma9dernach nlaqaw blastek. Kteb smiya dyal lmdina dyalek.
webchat-location-sent = 📍 Tsiftat lblasa
webchat-quick-exit = Khrej dghya
webchat-quick-exit-hint = Katkhrej mn had safha daba o katmse7 lmo7adata mn had lnavigateur (bouton Esc f l clavier).
webchat-language = Logha
webchat-emergency-title = F khatar? 3ayet l:
webchat-error = Risala ma mchatch. Chof l'internet o 3awed.
webchat-you = Nta/Nti
webchat-bot = Jisr
webchat-privacy-note = Lmo7adata katmse7 mn had lnavigateur mlli katsed l'onglet wla b "Khrej dghya".
webchat-thinking = Jisr kayekteb…
# The label of a message written by an operator (a person of the team), not the bot.
webchat-operator = Chi 7ed mn l'équipe dyal Jisr
# The web chat refuses a message over MAX_MESSAGE_BYTES (kindly; the text stays in the box).
webchat-too-long = Lmessage dyalek twil bzaf w ma 9derch ytsifet. Wach t9der(i) tektbo 9ser, wla f bzaf dyal lmessages? Ila kunti f khatar, 3ayet(i) daba l nmra li lfo9.
# A failed request: the button next to the notice sends it again.
webchat-retry = 3awed
# The welcome (asked for when the page opens) did not come: the person can retry; the numbers stay above.
webchat-start-error = Ma 9dernach nt2asslo b Jisr daba. T2ekked(i) mn l'internet w wrek(i) 3la « 3awed ». Ila kunti f khatar, 3ayet(i) daba l nmra li lfo9.
# Name of the transcript for screen readers (the live region of the messages).
webchat-log-label = Lmo7adata
# The label of a message written by the team of the center a referral went to (not the bot, not Jisr's team).
webchat-center = L'équipe dyal lmarkaz
