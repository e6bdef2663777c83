# Darija (Latin script): referral to a center, with explicit consent (what is shared, with whom).
referral-consent = Ila wafe9ti, ghadi nsifet l "{ $center_name }" ghir hadchi: (1) naw3 lmosa3ada li m7taj(a): { $need ->
        [violence] l3onf ded nsa
        [child] 7imayat tfel
        [mediation] wasata osariya
        [disability] l2i3a9a
        [elderly] chakhs kbir f sen
       *[other] mosa3ada ijtima3iya
    }; (2) lmdina: { $place_name }; (3) naw3 li 9olti ila 9oltih. Ma ghadich nsifet la smitek la ra9mek. Lmowadafin dyal lmarkaz ghadi ychoufo talab w y9dro yjawbouk hna f had lmo7adata. Wach mwafe9(a)?
referral-agree = ✅ Mwafe9(a), sifet
referral-decline = ❌ La, ma tsifetch
referral-sent = Tsifet talab dyalek l "{ $center }". Ghadi yjawbouk hna.
referral-declined = Wakha, ma sifett walou.
referral-failed = Sme7 liya, ma 9dertch nsifet talab daba. Jreb(i) men b3d, wla 3eyet(i) l lmarkaz nichan.
