# Darija (Latin script): talk to a person (escalation) and delete my data.
human-what-next = Wakha. Tlebt lik chi 7ed men l'équipe dyalna, ghadi yekteb lik hna f had lmo7adata f a9rab we9t. Men daba 7ta yjawbek howa, ana ghadi nsket.
human-lines = F had lwe9t: lnsa da7aya l3onf { $women_line }, lldrari { $child_line }, w ila kenti f khatar { $police } (lbolis) wla { $gendarmerie } (ddarak).
human-unavailable = Sme7 liya, ma 9dertch nwaslek b chi 7ed daba.
privacy-confirm = Ghadi nmse7 lmo7adata dyalek w kolchi li 3ndna 3lik (talabat, mawa3id). Hadchi ma kayrje3ch. Mt2ked(a)?
privacy-has-appointments = 3ndek { $upcoming_count } dyal lmawa3id jayin. Ila msa7na data dyalek, ghadi ytlghaw 7ta homa. Nmse7 kolchi?
privacy-delete-yes = Ah, mse7 kolchi
privacy-delete-all = Ah, mse7 kolchi w lghi lmawa3id
privacy-keep = La, khelli kolchi
privacy-deleted = Tmse7 kolchi. Bach tmse7(i) 7ta men tilifounek, mse7(i) had lmo7adata men l'application.
privacy-kept = Wakha, ma mse7t walou.
privacy-unavailable = Sme7 liya, ma 9dertch nmse7 daba. Jreb(i) men b3d chwiya.
# The button that withdraws a request for a person while nobody has claimed it.
human-stop-waiting = Ma b9itch baghi ntsenna
# The person stopped waiting for an operator: the request is withdrawn; the menu follows.
human-withdrawn = { $gender ->
    [m] Wakha, ma b9itich katsenna: talab dyalek bach tehder m3a chi 7ed tlgha. T9der tetlbo 3awtani fach ma bghiti. Ha hiya lmenu.
    [f] Wakha, ma b9itich katsennay: talab dyalek bach tehdri m3a chi 7ed tlgha. T9dri tetlbih 3awtani fach ma bghiti. Ha hiya lmenu.
   *[other] Wakha, ma b9itich katsenna: talab dyalek bach tehder(i) m3a chi 7ed tlgha. T9der(i) tetlbo 3awtani fach ma bghiti. Ha hiya lmenu.
}
# The person left the queue of a danger escalation: it stays open for the team; the menu and the numbers follow.
human-waiting-danger-kept = { $gender ->
    [m] Wakha, ha hiya lmenu. 7it 9olti lina bli kayn khatar, talab dyalek ba9i 3nd l'équipe dyalna: chi wa7ed y9der yekteb lik hna. Ila kunti f khatar daba, 3ayet:
    [f] Wakha, ha hiya lmenu. 7it 9olti lina bli kayn khatar, talab dyalek ba9i 3nd l'équipe dyalna: chi wa7ed y9der yekteb lik hna. Ila kunti f khatar daba, 3ayti:
   *[other] Wakha, ha hiya lmenu. 7it 9olti lina bli kayn khatar, talab dyalek ba9i 3nd l'équipe dyalna: chi wa7ed y9der yekteb lik hna. Ila kunti f khatar daba, 3ayet(i):
}
