# Web chat page (bot/web/), served by GET /webchat/strings.json.
webchat-title = Jisr — orientation sociale
webchat-subtitle = Posez votre question en darija, en arabe ou en français.
webchat-input-label = Votre message
webchat-placeholder = Écrivez ici…
webchat-send = Envoyer
webchat-share-location = 📍 Partager ma position
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
