# Français : médiation familiale, carte de handicap, protection de l'enfance, personnes âgées, hébergement, trouver un centre.

family-intro = La médiation familiale aide la famille à trouver une solution à l'amiable, avec une personne neutre.
family-ask-kind = De quel type de conflit s'agit-il ?
family-kind-couple = Dans le couple
family-kind-parents-children = Entre parents et enfants
family-kind-inheritance = Héritage
family-kind-custody = Garde des enfants
family-kind-other = Autre chose
family-ask-violence = Question importante : y a-t-il de la violence, des menaces ou de la peur à la maison ?
family-violence-yes = Oui
family-violence-no = Non
family-not-for-violence = La médiation n'est pas adaptée aux situations de violence. Votre sécurité passe d'abord : je vous oriente vers l'aide qui convient.
family-offer-appointment = Voulez-vous un rendez-vous dans l'un d'eux ? Choisissez le centre :
family-no-centers = Je n'ai pas trouvé de service de médiation proche dans notre liste. Renseignez-vous auprès de la délégation de l'Entraide Nationale de la province.
family-close = Bon courage. Pour autre chose, écrivez « menu ».

# Disability card. Sources (only these facts are stated; everything else → "ask the center"):
#  - Decree n° 2.22.1075 on the disability card, published in the Bulletin officiel in February 2025.
#  - Local multidisciplinary commissions assess the disability: seed 000_6dcc0ca7f009f24f.txt lines 1051,
#    1296, 1543, 1887, 2301, 2570, 2826, 3051, 3329, 3574, 3879.
#  - Applications go through Entraide Nationale centres and the IDMAJ platform.
disability-intro = Je vous aide pour la carte de handicap.
disability-ask-for-whom = Pour qui est la carte ?
disability-for-self = Pour moi
disability-for-child = Pour mon enfant
disability-for-relative = Pour un proche
disability-what = La carte de personne en situation de handicap est régie par le décret n° 2.22.1075 (Bulletin officiel, février 2025). Le handicap est évalué par une commission locale multidisciplinaire.
disability-steps = Les étapes : 1) la demande se dépose dans les centres de l'Entraide Nationale ou sur la plateforme IDMAJ ; 2) la commission locale multidisciplinaire évalue le handicap. Pièces à fournir, délais et avantages : demandez au centre, je n'ai pas d'information sûre à ce sujet.
disability-ask-center = Voulez-vous que je cherche le centre d'orientation et d'assistance des personnes en situation de handicap (COAPH) le plus proche ?
disability-find-coaph = 📍 Oui, trouver un centre
disability-offer-appointment = Voulez-vous un rendez-vous dans l'un d'eux ? Choisissez le centre :
disability-no-centers = Je n'ai pas trouvé de centre proche dans notre liste. Renseignez-vous au centre de l'Entraide Nationale le plus proche.
disability-close = Bon courage. Pour autre chose, écrivez « menu ».

child-intro = Merci de vous soucier de cet enfant.
child-ask-danger = L'enfant est-il en danger maintenant (frappé, blessé, seul, menacé) ?
child-danger-yes = Oui, en danger maintenant
child-danger-no = Non, pas maintenant
child-danger-now = Appelez maintenant le { $police } (police) ou le { $gendarmerie } (gendarmerie), et le { $child_line } (ligne de protection de l'enfance).
child-line = 📞 { $child_line } : ligne de protection des enfants contre la violence et l'exploitation (un enfant ou un adulte peut appeler).
child-offer-referral = Voulez-vous que je signale la situation à l'une de ces structures (unité de protection de l'enfance ou centre d'accompagnement pour la protection de l'enfance, CAPE) ? Choisissez :
child-no-centers = Je n'ai pas trouvé de structure proche dans notre liste. Appelez le { $child_line } pour que la situation soit prise en charge.
child-close = Merci. Si la situation change et que l'enfant est en danger, appelez le { $police } ou le { $child_line }.

elderly-intro = Je vous aide à trouver un établissement ou un service pour personnes âgées près de chez vous.
elderly-offer-appointment = Voulez-vous un rendez-vous dans l'un d'eux ? Choisissez :
elderly-no-centers = Je n'ai pas trouvé d'établissement proche dans notre liste. Renseignez-vous auprès de la délégation de l'Entraide Nationale de la province.
elderly-close = Bon courage. Pour autre chose, écrivez « menu ».

homeless-intro = Je vous aide à trouver où dormir et être à l'abri : SAMU social ou centres d'hébergement.
homeless-ask-health = Quelqu'un est-il malade, blessé ou a-t-il très froid en ce moment ?
homeless-sick = Oui
homeless-not-sick = Non
homeless-call-15 = Appelez maintenant le { $civil_protection } (ambulance).
homeless-no-centers = Je n'ai pas trouvé de service proche dans notre liste. Voulez-vous parler à une personne de l'équipe ?
homeless-close = Si besoin, je peux vous mettre en contact avec une personne de l'équipe.

find-ask-need = Que cherchez-vous ?
find-offer = Voulez-vous un rendez-vous dans l'un d'eux ? Choisissez le centre :
find-no-centers = Je n'ai pas trouvé de centre proche pour ce besoin dans notre liste. Renseignez-vous auprès de la délégation de l'Entraide Nationale de la province.
find-close = Bon courage. Pour autre chose, écrivez « menu ».
