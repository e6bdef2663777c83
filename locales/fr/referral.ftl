# Français : orientation vers un centre, avec consentement explicite (ce qui est partagé, avec qui, ce qui se passe ensuite).
referral-consent = Si vous êtes d'accord, j'envoie à « { $center_name } » uniquement : (1) le type d'aide demandé : { $need ->
        [violence] violence faite aux femmes
        [child] protection d'un enfant
        [mediation] médiation familiale
        [disability] handicap
        [elderly] personne âgée
       *[other] aide sociale
    } ; (2) la ville : { $place_name } ; (3) le type de situation, si vous l'avez indiqué. Je n'envoie ni votre nom ni votre numéro, ni cette conversation. Ensuite, l'équipe du centre lit la demande et peut vous écrire ici, dans cette conversation : ses messages arrivent signés « Équipe du centre », et ce que vous lui répondez ici lui est transmis.{ $channel ->
        [rest] {" "}Sur ce chat web, ses messages n'arrivent que tant que cette page reste ouverte.
       *[other] {""}
    } Êtes-vous d'accord ?
referral-agree = ✅ D'accord, envoyer
referral-decline = ❌ Non, ne rien envoyer
referral-sent = ✅ Votre demande a été envoyée à « { $center } ». Quand son équipe vous écrira, son message arrivera ici, signé « Équipe du centre », et vous pourrez lui répondre ici. Je ne sais pas quand elle écrira.
# The web chat only: a center's message reaches the page while it stays open (sessionStorage).
referral-keep-page-open = Gardez cette page ouverte pour recevoir sa réponse : fermée, elle oublie la conversation.
referral-declined = D'accord, rien n'a été envoyé.
referral-failed = Désolé, je ne peux pas envoyer la demande pour le moment. Réessayez plus tard ou contactez directement le centre.
# The person wrote after the center's team wrote to them: the message went to the center (said once per referral).
referral-thread-forwarded = ✉️ Votre message a été transmis à l'équipe de « { $center } ». Elle vous répondra ici, dans cette conversation, et vos prochains messages lui seront transmis aussi. Pour revenir au menu de Jisr, écrivez « menu ». En danger, appelez le { $police } (police) ou le { $gendarmerie } (gendarmerie).
