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
