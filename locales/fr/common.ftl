# Français : boutons communs, incompréhension, lieu, liste des centres, jours.
# Formes inclusives (le genre de la personne n'est pas connu). Numéros : services/data/emergency_numbers.yml.

common-choose = Choisissez une option :
common-menu = 🏠 Menu
common-yes = Oui
common-no = Non
common-skip = Passer cette question
common-talk-to-human = 🧑 Parler à une personne
common-media-unsupported = Désolé, je ne peux pas écouter les messages vocaux ni voir les images. Écrivez-moi, ou choisissez un bouton.
common-quick-exit = 🚪 Sortie rapide
common-quick-exit-done = 👍
common-language-changed = D'accord, on continue en français.
common-service-error = Désolé, nous avons un problème technique en ce moment. En danger, appelez le { $police } (police) ou le { $gendarmerie } (gendarmerie, en zone rurale), le { $civil_protection } (ambulance). Femmes victimes de violence : { $women_line }. Enfants : { $child_line }.

fallback-not-understood = Désolé, je n'ai pas bien compris. Voici ce que je peux faire :
fallback-suggest = Je ne suis pas sûr d'avoir compris. Vous voulez dire :
fallback-choose-button = Merci de choisir une réponse avec les boutons, ou d'écrire son numéro.
fallback-offer-human = Je n'arrive pas à vous comprendre, désolé. Voulez-vous parler à une personne de notre équipe ?
fallback-heard-you = Je vous comprends, et je suis là pour vous aider. Pour avancer, répondez s'il vous plaît à cette question :

location-ask = Où êtes-vous ? Envoyez votre position avec le bouton, ou écrivez le nom de la ville ou du douar (par exemple : Tanger, Tiznit).
location-not-found = Je ne trouve pas ce lieu. Écrivez le nom de la ville la plus proche, ou envoyez votre position.
location-which = Plusieurs lieux portent ce nom. Lequel ?
location-place-button = { $name_fr }{ $province ->
    [none] {""}
   *[other] {" "}({ $province })
}
location-unavailable = Je ne peux pas chercher les lieux pour le moment. Envoyez votre position, ou appelez le { $women_line } ou le { $child_line } pour être orienté·e.
location-outside-morocco = Cette position semble être hors du Maroc. Jisr ne connaît que les centres situés au Maroc. S'il y a un danger là où vous êtes, contactez les secours et les services sociaux locaux du pays où vous vous trouvez. Numéros d'urgence au Maroc : police { $police } · gendarmerie { $gendarmerie } · ambulance { $civil_protection } · femmes victimes de violence { $women_line } · enfants { $child_line }. Si vous cherchez un centre au Maroc, écrivez le nom de la ville (par exemple : Tanger, Agadir).

centers-intro = Les centres les plus proches de { $place } :
centers-item = { $n }. { $name }{ $type ->
        [none] {""}
       *[other] {" — "}{ $type }
    }
    📍 { $city ->
        [none] environ { $km } km
       *[other] à { $city }
    }{ $status ->
        [in_progress] {" "}(en cours d'ouverture)
       *[other] {""}
    }
    { $contact ->
        [none] ☎ 🏠 🕘 Téléphone, adresse et horaires : pas connus — demandez à la délégation de l'Entraide Nationale de la province.
       *[other]
        ☎ { $phone ->
            [none] Téléphone : pas connu — demandez à la délégation de l'Entraide Nationale de la province.
           *[other] { $phone }
        }
        🏠 { $address ->
            [none] Adresse : pas connue — demandez à la délégation de l'Entraide Nationale de la province.
           *[other] { $address }
        }
        🕘 { $hours ->
            [none] Horaires : pas connus — renseignez-vous avant de vous déplacer.
           *[other] { $hours }
        }
    }
centers-far = Aucun centre ouvert pour ce besoin n'est proche de { $place } : le plus proche est à environ { $nearest_km } km{ $where ->
        [same] , dans votre région.
       *[other] , dans une autre région.
    }
centers-none = Je ne connais pas de centre ouvert pour ce besoin près de { $place }.
# a distance in a list line, e.g. "(~12 km)"
centers-distance-km = ~{ $km } km
centers-opening-soon = Pour information seulement : { $count ->
        [one] ce centre n'est pas encore ouvert (en cours d'ouverture selon la source). Ne vous y rendez pas pour le moment :
       *[other] ces centres ne sont pas encore ouverts (en cours d'ouverture selon la source). Ne vous y rendez pas pour le moment :
    }
    { $list }
centers-unavailable = Désolé, je ne peux pas afficher la liste des centres pour le moment.
centers-pick = Choisissez le centre :
centers-pick-button = { $name }
centers-no-thanks = Non merci

weekday = { $day ->
    [mon] lundi
    [tue] mardi
    [wed] mercredi
    [thu] jeudi
    [fri] vendredi
    [sat] samedi
   *[sun] dimanche
}

# A place given at another question of a journey: remembered, the question asked again.
location-noted = C'est noté : { $place }.

# Nothing open near (FAR_CENTER_KM): first what helps from where the person is, then far centers as information.
far-remote = 📨 Sans vous déplacer : j'envoie votre demande à « { $center } », et son équipe vous écrit ici, dans cette conversation (ses messages sont signés « Équipe du centre »). Vous pourrez lui répondre ici.
far-remote-help = { $need ->
        [violence] 📞 { $women_line } : ligne d'écoute pour les femmes victimes de violence (gratuite, 24h/24), où que vous soyez.
        [child] 📞 { $child_line } : ligne de protection des enfants (un enfant ou un adulte peut appeler), où que vous soyez.
        [homeless] 📞 Quelqu'un est malade, blessé ou a très froid ? Appelez maintenant le { $civil_protection } (ambulance).
        [disability] 💻 La demande de carte de handicap peut aussi se déposer sur la plateforme numérique IDMAJ. Je n'ai pas son adresse internet : demandez-la à la délégation de l'Entraide Nationale de la province.
       *[other] ☎ La délégation de l'Entraide Nationale de votre province peut vous orienter (je n'ai pas son numéro).
    }
far-orientation = 🧭 Point d'orientation générale ouvert le plus proche : « { $name } » ({ $city ->
        [none] à environ { $km } km
       *[other] à { $city }
    }). On y accueille, écoute et oriente toute personne, quel que soit le besoin. Téléphone, adresse et horaires : pas connus — demandez à la délégation de l'Entraide Nationale de la province.
far-info = Pour information seulement : { $count ->
        [one] le centre le plus proche pour ce besoin est à plus de { $limit } km
       *[other] les centres les plus proches pour ce besoin sont à plus de { $limit } km
    }{ $where ->
        [same] {" "}(dans votre région)
        [other] {" "}(dans d'autres régions)
       *[mixed] {""}
    }. Je n'y propose pas de rendez-vous d'ici :
    { $list }
far-info-by-name = Si vous voulez quand même aller dans l'un d'eux, écrivez le nom du centre.
far-referral-button = 📨 Que le centre m'écrive ici
far-orientation-button = 🧭 { $name }
far-choose = Que préférez-vous ?
far-confirm = « { $center_name } » est à environ { $center_km } km de { $place_name }. Son adresse, son téléphone et ses horaires ne sont pas connus : renseignez-vous auprès de la délégation de l'Entraide Nationale avant de vous déplacer. Voulez-vous vraiment un rendez-vous là-bas ?
far-confirm-yes = Oui, un rendez-vous là-bas
far-confirm-referral = 📨 Plutôt que le centre m'écrive ici
