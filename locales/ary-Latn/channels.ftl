# Darija (Latin script, "3arbizi"): what the Telegram and WhatsApp adapters say themselves (bot/channels/).
channels-choose = Khtar wa7ed men hadou:
channels-share-location = 📍 Sift blasti
channels-location-hint = Wla sift blastek b had l bouton 👇
channels-choice-hint = Jawb b raqm (matalan 1) wla kteb l jawab.
channels-media-unsupported = Sme7 lia, ma nqderch nsme3 l audio wla nchouf tsawer w l videos. 3afak kteb lia chno bghiti, wla 3ayet l had l arqam:
    { $lines }
channels-empty = Ma wselni 7ta message. Kteb lia chno bghiti, wla kteb "menu".
channels-cmd-start = Bda mn lowel
channels-cmd-menu = Lqa2ima (menu)
channels-cmd-help = Kifach n3awnek + arqam tawari2
channels-cmd-lang = Bddel lougha (darija, 3arbiya, français)
channels-cmd-exit = Khrouj sari3: kaymse7 les messages
channels-cmd-delete = Mse7 les informations dyali
channels-wa-location-hint = Bach tsift blastek: 📎 → Location, wla kteb smiyt lmdina.
# Telegram/WhatsApp: the line before an operator's reply (a person of the team is writing).
channels-operator-label = 👤 Chi 7ed mn l'équipe dyal Jisr:
# Telegram/WhatsApp: the line before a message of the team of the center a referral went to (the console's
# referral page).
channels-center-label = 👥 L'équipe dyal lmarkaz:
