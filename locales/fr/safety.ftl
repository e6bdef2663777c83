# Safety net (bot/safety.py). Numbers and their sources: services/data/emergency_numbers.yml.
safety-alert = Si vous êtes en danger maintenant, appelez tout de suite :
safety-label-police = Police
safety-label-gendarmerie = Gendarmerie royale (milieu rural)
safety-label-civil-protection = Ambulance / Protection civile
safety-label-women-line = Femmes victimes de violence (Kolona Maak)
safety-label-child-line = Enfants en danger
safety-number-line = { $label } : { $number }
safety-alert-team = Une personne de notre équipe est prévenue en priorité. Nous sommes avec vous.
safety-degraded-apology = Pardon, nous avons un problème technique et votre message n'a pas pu être traité. Réessayez dans quelques minutes.
safety-degraded-numbers = Si vous êtes en danger, appelez tout de suite :
# While a person waits for an operator (escalation open, not claimed yet); the numbers follow.
safety-handoff-queued = Votre demande est dans la file d'attente : une personne vous répondra dès que possible. Si vous êtes en danger maintenant, appelez tout de suite :
# The operator's claim went back to the queue (they logged out or stopped answering); for danger the numbers follow.
safety-claim-released = Pardon : la personne de notre équipe qui vous répondait n'est plus disponible. Votre demande est de nouveau dans la file d'attente, et une autre personne de l'équipe vous répondra dès que possible. Nous sommes avec vous.
