# Darija (Latin script): help, are you a bot?, out of scope, goodbye.
help-what-i-do = Ana Jisr. N9der n3awnek: nwejhek l a9rab markaz (3onf ded nsa, wasata osariya, bita9at l2i3a9a, 7imayat tofola, nas kbar f sen, fin tbat), nakhod lik maw3id, wla nwaslek b chi 7ed men l'équipe.
help-how = Kteb(i) b darija, b l3arbiya wla b lfransawiya, wla khtar(i) men lbotonat. Kteb(i) "menu" f ay we9t bach terja3(i) l lbdya. Bghiti tmse7(i) lmo7adata? Mse7ha men tilifounek, w kteb(i) "msa7 data dyali" bach nmse7ouha 7ta 7na.
bot-i-am-a-bot = Ah, ana programme (robot), machi bnadem. Ila bghiti thder(i) m3a chi 7ed men l'équipe, clicki 3la lbouton.
oos-cannot-help = Sme7 liya, had chi ma n9derch n3awen fih. Ana kanwejjeh ghir l lkhadamat l2ijtima3iya: l3onf, lwasata l2osariya, l2i3a9a, tofola, nas kbar f sen w lmawa.
goodbye-bye = Bslama! Ila bghiti, mse7(i) had lmo7adata men tilifoun. F ay we9t t9der(i) terja3(i) tekteb(i) lina. Lnsa da7aya l3onf: { $women_line }, lldrari: { $child_line }.
