# Français : parler à une personne (escalade) et suppression des données.
human-what-next = D'accord. J'ai demandé une personne de notre équipe : elle vous écrira ici, dans cette conversation, dès que possible. En attendant sa réponse, je ne réponds plus.
human-lines = En attendant : femmes victimes de violence { $women_line }, enfants { $child_line }, et en danger { $police } (police) ou { $gendarmerie } (gendarmerie).
human-unavailable = Désolé, je ne peux pas vous mettre en contact avec une personne pour le moment.
privacy-confirm = Je vais effacer votre conversation et tout ce que nous avons sur vous (demandes, rendez-vous). C'est définitif. Vous confirmez ?
privacy-has-appointments = Vous avez { $upcoming_count } rendez-vous à venir. Effacer vos données les annulera aussi. On efface tout ?
privacy-delete-yes = Oui, tout effacer
privacy-delete-all = Oui, tout effacer et annuler les rendez-vous
privacy-keep = Non, tout garder
privacy-deleted = Tout est effacé. Pour l'effacer aussi de votre téléphone, supprimez cette conversation dans l'application.
privacy-kept = D'accord, rien n'a été effacé.
privacy-unavailable = Désolé, je ne peux pas effacer pour le moment. Réessayez dans un instant.
# The button that withdraws a request for a person while nobody has claimed it.
human-stop-waiting = Ne plus attendre
# The person stopped waiting for an operator: the request is withdrawn; the menu follows.
human-withdrawn = D'accord, vous n'attendez plus : votre demande de parler à une personne est annulée. Vous pouvez la refaire quand vous voulez. Voici le menu.
# The person left the queue of a danger escalation: it stays open for the team; the menu and the numbers follow.
human-waiting-danger-kept = D'accord, voici le menu. Comme vous nous avez parlé d'un danger, votre demande reste auprès de notre équipe : une personne pourra encore vous écrire ici. Si vous êtes en danger maintenant, appelez :
