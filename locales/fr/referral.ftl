# Français : orientation vers un centre, avec consentement explicite (ce qui est partagé, avec qui).
referral-consent = Si vous êtes d'accord, j'envoie à « { $center_name } » uniquement : (1) le type d'aide demandé : { $need ->
        [violence] violence faite aux femmes
        [child] protection d'un enfant
        [mediation] médiation familiale
        [disability] handicap
        [elderly] personne âgée
       *[other] aide sociale
    } ; (2) la ville : { $place_name } ; (3) le type de situation, si vous l'avez indiqué. Je n'envoie ni votre nom ni votre numéro. Le personnel du centre verra la demande et pourra vous répondre ici, dans cette conversation. Êtes-vous d'accord ?
referral-agree = ✅ D'accord, envoyer
referral-decline = ❌ Non, ne rien envoyer
referral-sent = Votre demande a été envoyée à « { $center } ». La réponse arrivera ici.
referral-declined = D'accord, rien n'a été envoyé.
referral-failed = Désolé, je ne peux pas envoyer la demande pour le moment. Réessayez plus tard ou contactez directement le centre.
