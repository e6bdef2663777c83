# Français : après les numéros d'urgence (envoyés par le filet de sécurité), êtes-vous en sécurité ?
emergency-ask-safe = Êtes-vous en sécurité maintenant ?
emergency-safe-yes = Oui, je suis en sécurité
emergency-safe-no = Non, je ne suis pas en sécurité
emergency-call-now = Appelez maintenant le { $police } (police) ou le { $gendarmerie } en zone rurale. Si vous ne pouvez pas parler, allez dans un lieu où il y a du monde ou chez un voisin ou une voisine. Je peux aussi vous mettre en contact avec une personne de notre équipe.
emergency-now-safe = Je suis en sécurité maintenant
emergency-glad-safe = Tant mieux. Que souhaitez-vous maintenant ? Je peux chercher le centre le plus proche qui peut vous aider.
emergency-find-help = 📍 Centre pour femmes le plus proche
emergency-child = 🧒 Un enfant en danger
emergency-numbers = 🚨 En danger maintenant : police { $police } · gendarmerie (zone rurale) { $gendarmerie } · ambulance { $civil_protection } · femmes victimes de violence { $women_line } · enfants { $child_line }.
emergency-team-told = J'ai prévenu notre équipe : une personne va vous écrire ici.
