# Darija (Latin script, "Arabizi"): shared buttons, fallback, location, centers list, weekdays.
# $gender: f | m | other (unknown: inclusive forms). Phone lines come from services/data/emergency_numbers.yml.

common-choose = { $gender ->
    [f] Khtari wa7ed men hado:
    [m] Khtar wa7ed men hado:
   *[other] Khtar(i) wa7ed men hado:
}
common-menu = 🏠 Lqa2ima (menu)
common-yes = Ah
common-no = La
common-skip = Nfout had so2al
common-talk-to-human = 🧑 Nhder m3a chi 7ed
common-media-unsupported = Sme7 liya, ma n9derch nsme3 l'audio wla nchouf tsawer. Kteb(i) liya, wla khtar(i) men lbotonat.
common-quick-exit = 🚪 Khrouj sari3
common-quick-exit-done = 👍
common-language-changed = Wakha, ghadi nkemlo b darija b l7rouf latiniya.
common-service-error = Sme7 lina, w9e3 chi mochkil 3ndna daba. Ila kenti f khatar 3iyet l { $police } (lbolis) wla { $gendarmerie } (ddarak f l3roubiya), { $civil_protection } (l2is3af). Lnsa da7aya l3onf: { $women_line }. Lldrari: { $child_line }.

fallback-not-understood = Sme7 liya, ma fhemtch mzyan. Hada li n9der n3awen fih:
fallback-suggest = Ma mt2akedch wach fhemtek. Wach katqsed chi 7aja men hado?
fallback-choose-button = { $gender ->
    [f] 3afak khtari jawab men lbotonat, wla ktebi r-ra9m dyalo.
    [m] 3afak khtar jawab men lbotonat, wla kteb r-ra9m dyalo.
   *[other] 3afak khtar(i) jawab men lbotonat, wla kteb(i) r-ra9m dyalo.
}
fallback-offer-human = Ma 9dertch nfhemek mzyan, sme7 liya. Bghiti nwaslek b chi 7ed men l'équipe dyalna?
fallback-heard-you = { $gender ->
    [f] Fhemtek, w ana m3ak. Bach n3awnek, jawbini 3afak 3la had so2al:
    [m] Fhemtek, w ana m3ak. Bach n3awnek, jawbni 3afak 3la had so2al:
   *[other] Fhemtek, w ana m3ak. Bach n3awnek, jawb(i)ni 3afak 3la had so2al:
}

location-ask = Fin kayna blastek? Sifet(i) la localisation dyalek b lbouton, wla kteb(i) smiyt lmdina wla ddouar (mital: Tanja, Tiznit).
location-not-found = Ma l9itch had lblasa. Kteb(i) smiyt lmdina li 9riba lik, wla sifet(i) la localisation dyalek.
location-which = Kaynin bzaf dyal lblayes b had smiya. Fayna fihom?
location-place-button = { $name_fr }{ $province ->
    [none] {""}
   *[other] {" "}({ $province })
}
location-unavailable = Ma 9dertch n9elleb 3la lblayes daba. Jreb(i) tsifet(i) la localisation dyalek, wla 3iyet(i) l { $women_line } wla { $child_line } bach ywejhouk.
location-outside-morocco = Had lblasa bayna barra lmghrib. Jisr kay3ref ghir lmarakiz li f lmghrib. Ila kan chi khatar fin kayn(a), 3iyet(i) l l2is3af w lmasali7 l2ijtima3iya dyal dak lblad. Nmer dyal tawari2 f lmghrib: lbolis { $police } · ddarak { $gendarmerie } · l2is3af { $civil_protection } · nsa da7aya l3onf { $women_line } · ldrari { $child_line }. Ila kat9elleb(i) 3la markaz f lmghrib, kteb(i) smiyt lmdina (mital: Tanja, Agadir).

centers-intro = Hado a9rab lmarakiz l { $place }:
centers-item = { $n }. { $name }{ $type ->
        [none] {""}
       *[other] {" — "}{ $type }
    }
    📍 { $city ->
        [none] { $km } km ta9riban
       *[other] f { $city }
    }{ $status ->
        [in_progress] {" "}(f tor lfti7)
       *[other] {""}
    }
    { $contact ->
        [none] ☎ 🏠 🕘 Tilifoun, l3onwan w lwe9t: ma ma3roufinch — sowel(i) f lmandoubiya dyal Entraide Nationale f l2i9lim.
       *[other]
        ☎ { $phone ->
            [none] Tilifoun: ma ma3roufch — sowel(i) f lmandoubiya dyal Entraide Nationale f l2i9lim.
           *[other] { $phone }
        }
        🏠 { $address ->
            [none] L3onwan: ma ma3roufch — sowel(i) f lmandoubiya dyal Entraide Nationale f l2i9lim.
           *[other] { $address }
        }
        🕘 { $hours ->
            [none] Lwe9t: ma ma3roufch — sowel(i) 9bel ma tmchi(w).
           *[other] { $hours }
        }
    }
centers-far = Ma kayn 7ta markaz m7loul l had l7aja 9rib men { $place }: a9rab wa7ed b3id b7al { $nearest_km } km{ $where ->
        [same] , f ljiha dyalek.
       *[other] , f jiha khra.
    }
centers-none = Ma 3ndich markaz m7loul ma3rouf l had l7aja 9rib men { $place }.
# a distance in a list line, e.g. "(~12 km)"
centers-distance-km = ~{ $km } km
centers-opening-soon = Ghir bach t3ref: { $count ->
        [one] had lmarkaz mazal ma t7al (f tor lfti7 3la 7sab lmasdar). Matmchich lih daba:
       *[other] had lmarakiz mazal ma t7lo (f tor lfti7 3la 7sab lmasdar). Matmchich lihom daba:
    }
    { $list }
centers-unavailable = Sme7 liya, ma 9dertch njib la liste dyal lmarakiz daba.
centers-pick = Khtar(i) lmarkaz:
centers-pick-button = { $name }
centers-no-thanks = La, choukran

weekday = { $day ->
    [mon] Tnin
    [tue] Tlat
    [wed] Larb3
    [thu] Lkhmis
    [fri] Jem3a
    [sat] Sebt
   *[sun] L7ed
}

# A place given at another question of a journey: remembered, the question asked again.
location-noted = Mfhoum, sajjalt lblasa: { $place }.

# Nothing open near (FAR_CENTER_KM): first what helps from where the person is, then far centers as information.
far-remote = { $gender ->
    [f] 📨 Bla ma ttne9li: nsifet talab dyalek l "{ $center }", w l'équipe dyalo tkteb lik hna f had lmo7adata (lmessajat dyalhom mktoub fo9hom "L'équipe dyal lmarkaz"). W t9dri tjawbihom hna.
    [m] 📨 Bla ma ttne9el: nsifet talab dyalek l "{ $center }", w l'équipe dyalo tkteb lik hna f had lmo7adata (lmessajat dyalhom mktoub fo9hom "L'équipe dyal lmarkaz"). W t9der tjawbhom hna.
   *[other] 📨 Bla ma ttne9el(i): nsifet talab dyalek l "{ $center }", w l'équipe dyalo tkteb lik hna f had lmo7adata (lmessajat dyalhom mktoub fo9hom "L'équipe dyal lmarkaz"). W t9der(i) tjawbhom hna.
}
far-remote-help = { $need ->
        [violence] 📞 { $women_line }: lkhatt dyal l'écoute l nsa da7aya l3onf (mejjani, 24/24), fin ma kenti.
        [child] 📞 { $child_line }: lkhatt dyal 7imayat l2atfal (y9der y3eyet tfel wla lkbir), fin ma kenti.
        [homeless] 📞 Kayn chi wa7ed mrid, mjrou7 wla fih lberd bzaf? 3eyet(i) daba l { $civil_protection } (l2is3af).
        [disability] 💻 Talab dyal lkarta dyal l2i3a9a y9der ytqaddem 7ta f lmanassa IDMAJ. Ma 3ndich l'adresse dyalha f internet: sowel(i) 3liha f lmandoubiya dyal Entraide Nationale f l2i9lim.
       *[other] ☎ Lmandoubiya dyal Entraide Nationale f l2i9lim dyalek t9der twejjhek (ma 3ndich ra9mha).
    }
far-orientation = 🧭 A9rab blasa dyal tawjih 3am m7loula: "{ $name }" ({ $city ->
        [none] b7al { $km } km
       *[other] f { $city }
    }). Kaysta9blo, kaysm3o w kaywejjho ay wa7ed, kifma kant l7aja dyalo. Tilifoun, l'adresse w lwe9t: ma m3roufinch — sowel(i) f lmandoubiya dyal Entraide Nationale f l2i9lim.
far-info = Ghir bach t3ref(i): { $count ->
        [one] a9rab markaz l had l7aja b3id ktar men { $limit } km
       *[other] a9rab lmarakiz l had l7aja b3ad ktar men { $limit } km
    }{ $where ->
        [same] {" "}(f ljiha dyalek)
        [other] {" "}(f jihat khrin)
       *[mixed] {""}
    }. Ma kan9tare7ch maw3id temma men hna:
    { $list }
far-info-by-name = { $gender ->
    [f] Ila bghiti tmchi l chi wa7ed menhom 3la kolla 7al, ktebi smiyt lmarkaz.
    [m] Ila bghiti tmchi l chi wa7ed menhom 3la kolla 7al, kteb smiyt lmarkaz.
   *[other] Ila bghiti tmchi(w) l chi wa7ed menhom 3la kolla 7al, kteb(i) smiyt lmarkaz.
}
far-referral-button = 📨 Khalli lmarkaz ykteb liya hna
far-orientation-button = 🧭 { $name }
far-choose = Chnou bghiti?
far-confirm = { $gender ->
    [f] "{ $center_name }" b3id 3la { $place_name } b7al { $center_km } km. L'adresse, tilifoun w lwe9t dyalo ma m3roufinch: soweli f lmandoubiya dyal Entraide Nationale 9bel ma ttne9li. Wach bes7 bghiti maw3id temma?
    [m] "{ $center_name }" b3id 3la { $place_name } b7al { $center_km } km. L'adresse, tilifoun w lwe9t dyalo ma m3roufinch: sowel f lmandoubiya dyal Entraide Nationale 9bel ma ttne9el. Wach bes7 bghiti maw3id temma?
   *[other] "{ $center_name }" b3id 3la { $place_name } b7al { $center_km } km. L'adresse, tilifoun w lwe9t dyalo ma m3roufinch: sowel(i) f lmandoubiya dyal Entraide Nationale 9bel ma ttne9el(i). Wach bes7 bghiti maw3id temma?
}
far-confirm-yes = Ah, maw3id temma
far-confirm-referral = 📨 A7ssen, khalli lmarkaz ykteb liya hna
