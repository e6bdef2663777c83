# Darija (Latin script): booking and "my appointments". Times are local (Africa/Casablanca).
booking-pick-slot = Hado lmawa3id lkhawyin. Khtar(i) wa7ed:
booking-slot-button = { weekday } { $date } - { $time }
booking-none-fits = 7ta wa7ed ma mnaseb
booking-done = ✅ Tkhad lmaw3id: { weekday } { $date } m3a { $time } f "{ $center }". Ra9m lmarji3: { $ref }.
booking-reminder = Jib(i) m3ak la carte nationale ila kant 3ndek. Ila ma 9dertich tji(w), kteb(i) "lmawa3id dyali" bach tlghi(w) wla tbeddel(i).
booking-slot-taken = Sme7 liya, had lmaw3id tkhad daba. Khtar(i) wa7ed akhor:
booking-overlapping = 3ndek maw3id akhor f nefs lwe9t. Kteb(i) "lmawa3id dyali" bach tchouf(i) lmawa3id dyalek.
booking-call-center = Wakha. T9der(i) tmchi(w) l lmarkaz wla tsowel(i) fih 3la we9t akhor.
booking-no-slots = Ma kayn 7ta maw3id khawi f had liyam. T9der(i) tmchi(w) l lmarkaz nichan wla tjreb(i) men b3d.
booking-not-bookable = Had lmarkaz ma kayakhodch lmawa3id men hna. T9der(i) tmchi(w) lih nichan.
booking-unavailable = Sme7 liya, ma 9dertch nwsel l lmawa3id daba. Jreb(i) men b3d chwiya.
appointments-list-intro = 3ndek { $count ->
        [one] maw3id wa7ed jay
       *[other] { $count } dyal lmawa3id jayin
    }:
appointments-item = 📅 { weekday } { $date } m3a { $time } — { $center } (lmarji3 { $ref })
appointments-pick-button = { weekday } { $date } { $time }
appointments-pick = Khtar(i) lmaw3id:
appointments-what = Chno bghiti dir(i) f had lmaw3id?
appointments-keep = Nkhellih
appointments-cancel = Nlghih
appointments-reschedule = Nbeddel lwe9t
appointments-kept = Wakha, lmaw3id ba9i kif ma howa.
appointments-confirm-cancel = Mt2ked(a) bghiti tlghi(w) had lmaw3id?
appointments-cancel-yes = Ah, lghih
appointments-cancel-no = La, khellih
appointments-cancelled = Tlgha lmaw3id { $ref }.
appointments-moved = ✅ Tbeddel lmaw3id: { weekday } { $date } m3a { $time } (lmarji3 { $ref }).
appointments-none = Ma 3ndek 7ta maw3id jay. Bghiti takhod(i) maw3id? N3awnek nl9aw lmarkaz lowel.
appointments-book-one = 📅 Nakhod maw3id

# After a booking: what the directory knows of the center (only sourced details; the seed knows none).
booking-center-contact = { $address ->
        [none] 🏠 L'adresse: ma m3roufach 3nd Jisr.
       *[other] 🏠 { $address }
    }
    { $phone ->
        [none] ☎ Tilifoun: ma m3roufch 3nd Jisr.
       *[other] ☎ { $phone }
    }
    { $hours ->
        [none] 🕘 Lwe9t: ma m3roufch 3nd Jisr.
       *[other] 🕘 { $hours }
    }
booking-contact-unknown = 9bel ma ttne9el(i), sowel(i) 3la li na9es f lmandoubiya dyal Entraide Nationale f l2i9lim.
booking-too-far = Had lmarkaz b3id 3lik bzaf: ma kan9tare7ch maw3id b3id b7al hakka ghir ila tlbtih. Ila bghiti tmchi(w) lih 3la kolla 7al, kteb(i) smiyt lmarkaz melli nwerrik la liste.
