# Français : aide, « êtes-vous un robot ? », hors sujet, au revoir.
help-what-i-do = Je suis Jisr. Je peux vous orienter vers le centre le plus proche (violence faite aux femmes, médiation familiale, carte de handicap, protection de l'enfance, personnes âgées, hébergement), prendre rendez-vous, ou vous mettre en contact avec une personne de l'équipe.
help-how = Écrivez en darija, en arabe ou en français, ou choisissez un bouton. Écrivez « menu » à tout moment pour revenir au début. Pour effacer la conversation : supprimez-la de votre téléphone, et écrivez « supprimer mes données » pour que nous l'effacions aussi.
bot-i-am-a-bot = Oui, je suis un programme (un robot), pas une personne. Pour parler à une personne de l'équipe, appuyez sur le bouton.
oos-cannot-help = Désolé, je ne peux pas vous aider pour cela. J'oriente uniquement vers les services sociaux : violence, médiation familiale, handicap, enfance, personnes âgées et hébergement.
goodbye-bye = Au revoir ! Si vous le souhaitez, effacez cette conversation de votre téléphone. Vous pouvez nous réécrire à tout moment. Femmes victimes de violence : { $women_line }, enfants : { $child_line }.
