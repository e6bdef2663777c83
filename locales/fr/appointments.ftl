# Français : prise de rendez-vous et « mes rendez-vous ». Heures locales (Africa/Casablanca).
booking-pick-slot = Voici les créneaux libres. Choisissez-en un :
booking-slot-button = { weekday } { $date } - { $time }
booking-none-fits = Aucun ne me convient
booking-done = ✅ Rendez-vous pris : { weekday } { $date } à { $time } à « { $center } ». Référence : { $ref }.
booking-reminder = Apportez votre CIN si vous en avez une. Si vous ne pouvez pas venir, écrivez « mes rendez-vous » pour annuler ou changer.
booking-slot-taken = Désolé, ce créneau vient d'être pris. Choisissez-en un autre :
booking-overlapping = Vous avez déjà un rendez-vous à la même heure. Écrivez « mes rendez-vous » pour les voir.
booking-call-center = D'accord. Vous pouvez vous rendre au centre ou lui demander un autre horaire.
booking-no-slots = Aucun créneau libre ces prochains jours. Vous pouvez vous rendre directement au centre ou réessayer plus tard.
booking-not-bookable = Ce centre ne prend pas de rendez-vous par ici. Vous pouvez vous y rendre directement.
booking-unavailable = Désolé, les rendez-vous sont inaccessibles pour le moment. Réessayez dans un instant.
appointments-list-intro = Vous avez { $count ->
        [one] un rendez-vous à venir
       *[other] { $count } rendez-vous à venir
    } :
appointments-item = 📅 { weekday } { $date } à { $time } — { $center } (réf. { $ref })
appointments-pick-button = { weekday } { $date } { $time }
appointments-pick = Choisissez le rendez-vous :
appointments-what = Que voulez-vous faire de ce rendez-vous ?
appointments-keep = Le garder
appointments-cancel = L'annuler
appointments-reschedule = Changer l'horaire
appointments-kept = D'accord, le rendez-vous est maintenu.
appointments-confirm-cancel = Confirmez-vous l'annulation de ce rendez-vous ?
appointments-cancel-yes = Oui, annuler
appointments-cancel-no = Non, le garder
appointments-cancelled = Le rendez-vous { $ref } est annulé.
appointments-moved = ✅ Rendez-vous déplacé : { weekday } { $date } à { $time } (réf. { $ref }).
appointments-none = Vous n'avez aucun rendez-vous à venir. Voulez-vous en prendre un ? Je vous aide d'abord à trouver le centre.
appointments-book-one = 📅 Prendre un rendez-vous

# After a booking: what the directory knows of the center (only sourced details; the seed knows none).
booking-center-contact = { $address ->
        [none] 🏠 Adresse : pas connue de Jisr.
       *[other] 🏠 { $address }
    }
    { $phone ->
        [none] ☎ Téléphone : pas connu de Jisr.
       *[other] ☎ { $phone }
    }
    { $hours ->
        [none] 🕘 Horaires : pas connus de Jisr.
       *[other] 🕘 { $hours }
    }
booking-contact-unknown = Avant de vous déplacer, demandez ce qui manque à la délégation de l'Entraide Nationale de la province.
booking-too-far = Ce centre est trop loin de vous : je ne propose pas de rendez-vous aussi loin sans que vous l'ayez demandé. Pour y aller quand même, écrivez le nom du centre quand je vous montre la liste.
