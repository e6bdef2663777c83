# Français : ce que disent eux-mêmes les adaptateurs Telegram et WhatsApp (bot/channels/).
channels-choose = Choisissez une des options :
channels-share-location = 📍 Envoyer ma position
channels-location-hint = Ou envoyez votre position avec ce bouton 👇
channels-choice-hint = Répondez par le numéro (par exemple 1) ou écrivez la réponse.
channels-media-unsupported = Désolé, je ne peux pas écouter les messages vocaux ni voir les photos et vidéos. Écrivez-moi votre demande, ou appelez ces numéros :
    { $lines }
channels-empty = Je n'ai reçu aucun message. Écrivez ce dont vous avez besoin, ou tapez « menu ».
channels-cmd-start = Recommencer depuis le début
channels-cmd-menu = Menu principal
channels-cmd-help = Aide et numéros d'urgence
channels-cmd-lang = Changer de langue (darija, arabe, français)
channels-cmd-exit = Sortie rapide : efface les messages
channels-cmd-delete = Supprimer mes données
channels-wa-location-hint = Pour envoyer votre position : 📎 → Position (Location), ou écrivez le nom de la ville.
# Telegram/WhatsApp: the line before an operator's reply (a person of the team is writing).
channels-operator-label = 👤 Une personne de l'équipe Jisr :
# Telegram/WhatsApp: the line before a message of the team of the center a referral went to (the console's
# referral page).
channels-center-label = 👥 Équipe du centre :
