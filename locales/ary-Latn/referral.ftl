# Darija (Latin script): referral to a center, with explicit consent (what is shared, with whom, what happens next).
referral-consent = Ila wafe9ti, ghadi nsifet l "{ $center_name }" ghir hadchi: (1) naw3 lmosa3ada li m7taj(a): { $need ->
        [violence] l3onf ded nsa
        [child] 7imayat tfel
        [mediation] wasata osariya
        [disability] l2i3a9a
        [elderly] chakhs kbir f sen
       *[other] mosa3ada ijtima3iya
    }; (2) lmdina: { $place_name }; (3) naw3 li 9olti ila 9oltih. Ma ghadich nsifet la smitek, la ra9mek, la had lmo7adata. Men b3d, l'équipe dyal lmarkaz kat9ra talab w t9der tkteb lik hna f had lmo7adata: lmessajat dyalha kaywslo mktoub fo9hom "L'équipe dyal lmarkaz", w dakchi li katjawbhom bih hna kaywsel lihom.{ $channel ->
        [rest] {" "}F had chat dyal web, lmessajat dyalhom ma kaywslouch ghir ila b9at had la page m7loula.
       *[other] {""}
    } Wach mwafe9(a)?
referral-agree = ✅ Mwafe9(a), sifet
referral-decline = ❌ La, ma tsifetch
referral-sent = { $gender ->
    [f] ✅ Tsifet talab dyalek l "{ $center }". Melli tkteb lik l'équipe dyalo, lmessage ghadi ywslek hna mktoub fo9o "L'équipe dyal lmarkaz", w t9dri tjawbihom hna. Ma 3reftch imta ghadi ykatbo.
    [m] ✅ Tsifet talab dyalek l "{ $center }". Melli tkteb lik l'équipe dyalo, lmessage ghadi ywslek hna mktoub fo9o "L'équipe dyal lmarkaz", w t9der tjawbhom hna. Ma 3reftch imta ghadi ykatbo.
   *[other] ✅ Tsifet talab dyalek l "{ $center }". Melli tkteb lik l'équipe dyalo, lmessage ghadi ywslek hna mktoub fo9o "L'équipe dyal lmarkaz", w t9der(i) tjawbhom hna. Ma 3reftch imta ghadi ykatbo.
}
# The web chat only: a center's message reaches the page while it stays open (sessionStorage).
referral-keep-page-open = Khalli had la page m7loula bach ywslek ljawab: ila tsddat, katnsa lmo7adata.
referral-declined = Wakha, ma sifett walou.
referral-failed = Sme7 liya, ma 9dertch nsifet talab daba. Jreb(i) men b3d, wla 3eyet(i) l lmarkaz nichan.
# The person wrote after the center's team wrote to them: the message went to the center (said once per referral).
referral-thread-forwarded = { $gender ->
    [f] ✉️ Lmessage dyalek wsel l l'équipe dyal "{ $center }". Ghadi yjawbouk hna f had lmo7adata, w lmessajat li jayin dyalek ghadi ywslohom 7ta homa. Bach terj3i l menu dyal Jisr, ktebi "menu". Ila kenti f khatar, 3eyti l { $police } (lbolis) wla { $gendarmerie } (ljadarmiya).
    [m] ✉️ Lmessage dyalek wsel l l'équipe dyal "{ $center }". Ghadi yjawbouk hna f had lmo7adata, w lmessajat li jayin dyalek ghadi ywslohom 7ta homa. Bach terja3 l menu dyal Jisr, kteb "menu". Ila kenti f khatar, 3eyet l { $police } (lbolis) wla { $gendarmerie } (ljadarmiya).
   *[other] ✉️ Lmessage dyalek wsel l l'équipe dyal "{ $center }". Ghadi yjawbouk hna f had lmo7adata, w lmessajat li jayin dyalek ghadi ywslohom 7ta homa. Bach terja3(i) l menu dyal Jisr, kteb(i) "menu". Ila kenti f khatar, 3eyet(i) l { $police } (lbolis) wla { $gendarmerie } (ljadarmiya).
}
