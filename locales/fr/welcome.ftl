# Français : accueil et menu principal.
welcome-hello = Bonjour ! Je suis Jisr, l'assistant numérique des services sociaux (ministère de la Solidarité, Entraide Nationale). Je peux vous orienter vers le centre le plus proche et prendre rendez-vous. Que souhaitez-vous ?
welcome-what-else = Comment puis-je vous aider ?
welcome-thanks = Avec plaisir ! Si vous avez besoin d'autre chose, je suis là.
menu-violence = 🟣 Violence faite aux femmes
menu-family = 👪 Médiation familiale
menu-disability = ♿ Carte de handicap
menu-child = 🧒 Protection de l'enfance
menu-elderly = 👵 Personnes âgées
menu-homeless = 🛏️ Hébergement / SAMU social
menu-find-center = 📍 Trouver un centre
menu-appointments = 📅 Mes rendez-vous
menu-human = 🧑 Parler à une personne
menu-language = 🌐 Langue / اللغة
