# Darija (Latin script): family mediation, disability card, child protection, elderly, homeless, find a center.

family-intro = Lwasata l2osariya kat3awen l3a2ila tl9a 7al b tfahom, m3a chakhs m7ayed.
family-ask-kind = Chno naw3 lmochkil?
family-kind-couple = Bin zzawjin
family-kind-parents-children = Bin lwalidin w lwlad
family-kind-inheritance = Lwert
family-kind-custody = L7adana
family-kind-other = 7aja khra
family-ask-violence = So2al mohim: wach kayn chi 3onf, tahdid, wla khouf f dar?
family-violence-yes = Ah, kayn
family-violence-no = La
family-not-for-violence = Lwasata machi l l7alat li fiha l3onf. Salama dyalek hiya lowla, ghadi nwejhek l lmosa3ada lmonasiba.
family-offer-appointment = Bghiti maw3id f chi wa7ed menhom? Khtar(i) lmarkaz:
family-no-centers = Ma l9itch khidmat wasata 9riba menek f la liste dyalna. Sowel(i) f lmandoubiya dyal Entraide Nationale f l2i9lim.
family-close = Llah ysahel. Ila 7tajiti chi 7aja khra, kteb(i) "menu".

# Disability card. Sources (only these facts are stated; everything else → "ask the center"):
#  - Decree n° 2.22.1075 on the disability card, published in the Bulletin officiel in February 2025.
#  - Local multidisciplinary commissions assess the disability: seed 000_6dcc0ca7f009f24f.txt lines 1051,
#    1296, 1543, 1887, 2301, 2570, 2826, 3051, 3329, 3574, 3879.
#  - Applications go through Entraide Nationale centres and the IDMAJ platform.
disability-intro = N3awnek f bita9at l2i3a9a.
disability-ask-for-whom = Lbita9a l mnin?
disability-for-self = Liya ana
disability-for-child = L wlidi / l bnti
disability-for-relative = L chi wa7ed men l3a2ila
disability-what = Bita9at l2i3a9a mnadma b lmarsoum ra9m 2.22.1075 (Bulletin officiel, février 2025). L2i3a9a kat9eyymha lajna ma7alliya mota3addidat takhassosat.
disability-steps = Lkhotowat: 1) talab kaytqaddem f lmarakiz dyal Entraide Nationale wla f lmanassa IDMAJ; 2) lajna lma7alliya kat9eyyem l2i3a9a. Lwata2i9, l2ajal w limtiyazat: sowel(i) f lmarkaz, 7it ma 3ndich ma3louma mo2akkada 3lihom.
disability-ask-center = Bghiti nl9a lik a9rab markaz dyal tawjih w lmosa3ada l l2achkhas f wad3iyat i3a9a (COAPH)?
disability-find-coaph = 📍 Ah, l9a liya markaz
disability-offer-appointment = Bghiti maw3id f chi wa7ed menhom? Khtar(i) lmarkaz:
disability-no-centers = Ma l9itch markaz 9rib f la liste dyalna. Sowel(i) f a9rab markaz dyal Entraide Nationale.
disability-close = Llah ysahel. Ila 7tajiti chi 7aja khra, kteb(i) "menu".

child-intro = Choukran 7it kat-htam(i) b had tfel.
child-ask-danger = Wach tfel f khatar daba (madroub, mjrou7, bou7do, wla chi 7ed kayhddedou)?
child-danger-yes = Ah, f khatar daba
child-danger-no = La, machi daba
child-danger-now = 3eyet(i) daba l { $police } (lbolis) wla { $gendarmerie } (ddarak), w l { $child_line } (khatt 7imayat l2atfal).
child-line = 📞 { $child_line }: khatt l 7imayat l2atfal men l3onf w listighlal (y9der y3eyet tfel wla lkbir).
child-offer-referral = Bghiti nsifet l7ala l chi we7da men hado (we7dat 7imayat tofola wla CAPE)? Khtar(i):
child-no-centers = Ma l9itch we7da 9riba f la liste dyalna. 3eyet(i) l { $child_line } bach ytkfflo b l7ala.
child-close = Choukran. Ila tbeddlat l7ala w wella tfel f khatar, 3eyet(i) l { $police } wla { $child_line }.

elderly-intro = N3awnek tl9a mo2assasa wla khidma l nas kbar f sen 9riba menek.
elderly-offer-appointment = Bghiti maw3id f chi we7da menhom? Khtar(i):
elderly-no-centers = Ma l9itch mo2assasa 9riba f la liste dyalna. Sowel(i) f lmandoubiya dyal Entraide Nationale f l2i9lim.
elderly-close = Llah ysahel. Ila 7tajiti chi 7aja khra, kteb(i) "menu".

homeless-intro = N3awnek tl9a fin tbat w tt7ma, m3a Samu social wla lmarakiz dyal l2iwa2.
homeless-ask-health = Wach kayn chi 7ed mrid, mjrou7, wla bard bzaf daba?
homeless-sick = Ah
homeless-not-sick = La
homeless-call-15 = 3eyet(i) daba l { $civil_protection } (l2is3af).
homeless-no-centers = Ma l9itch khidma 9riba f la liste dyalna. Bghiti nwaslek b chi 7ed men l'équipe?
homeless-close = Ila 7tajiti, n9der nwaslek b chi 7ed men l'équipe.

find-ask-need = 3la chno kat9elleb(i)?
find-offer = Bghiti maw3id f chi wa7ed menhom? Khtar(i) lmarkaz:
find-no-centers = Ma l9itch markaz 9rib l had l7aja f la liste dyalna. Sowel(i) f lmandoubiya dyal Entraide Nationale f l2i9lim.
find-close = Llah ysahel. Ila 7tajiti chi 7aja khra, kteb(i) "menu".
