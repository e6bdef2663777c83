# Web chat page (bot/web/), served by GET /webchat/strings.json.
webchat-title = Jisr — orientation sociale
webchat-subtitle = Posez votre question en darija, en arabe ou en français.
webchat-input-label = Votre message
webchat-placeholder = Écrivez ici…
webchat-send = Envoyer
# The location button (the page shows a pin icon next to it; on a phone the icon alone).
webchat-share-location = Partager ma position
webchat-location-unavailable = Impossible d'obtenir votre position. Écrivez le nom de votre ville.
webchat-location-sent = 📍 Position partagée
webchat-quick-exit = Sortie rapide
webchat-quick-exit-hint = Quitte la page tout de suite et efface la conversation de ce navigateur (touche Échap ou Esc).
webchat-language = Langue
webchat-emergency-title = En danger ? Appelez :
webchat-error = Le message n'est pas parti. Vérifiez votre connexion et réessayez.
webchat-you = Vous
webchat-bot = Jisr
webchat-privacy-note = La conversation est effacée de ce navigateur à la fermeture de l'onglet ou avec « Sortie rapide ».
webchat-thinking = Jisr écrit…
# The label of a message written by an operator (a person of the team), not the bot.
webchat-operator = Une personne de l'équipe Jisr
# The web chat refuses a message over MAX_MESSAGE_BYTES (kindly; the text stays in the box).
webchat-too-long = Votre message est trop long pour être envoyé. Pouvez-vous l'écrire en plus court, ou en plusieurs messages ? Si vous êtes en danger, appelez tout de suite les numéros ci-dessus.
# A failed request: the button next to the notice sends it again.
webchat-retry = Réessayer
# The welcome (asked for when the page opens) did not come: the person can retry; the numbers stay above.
webchat-start-error = Impossible de joindre Jisr pour le moment. Vérifiez votre connexion puis appuyez sur « Réessayer ». Si vous êtes en danger, appelez tout de suite les numéros ci-dessus.
# Name of the transcript for screen readers (the live region of the messages).
webchat-log-label = Conversation
# The label of a message written by the team of the center a referral went to (not the bot, not Jisr's team).
webchat-center = Équipe du centre
