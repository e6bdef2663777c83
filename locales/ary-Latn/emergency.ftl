# Darija (Latin script): after the emergency numbers (sent by the safety net), is she safe now?
emergency-ask-safe = { $gender ->
    [f] Wach nti f aman daba?
    [m] Wach nta f aman daba?
   *[other] Wach rak(i) f aman daba?
}
emergency-safe-yes = Ah, ana f aman daba
emergency-safe-no = La, machi f aman
emergency-call-now = 3iyet(i) daba l { $police } (lbolis) wla { $gendarmerie } f l3roubiya. Ila ma t9derch thder(i), 9leb(i) 3la blasa fiha nas wla dkhol(i) 3nd chi jar. N9der nwaslek 7ta b chi 7ed men l'équipe dyalna.
emergency-now-safe = Wlit f aman
emergency-glad-safe = L7amdoulillah. Chno bghiti daba? N9der nl9a lik a9rab markaz li y3awnek.
emergency-find-help = 📍 A9rab markaz lnsa
emergency-child = 🧒 Tfel f khatar
emergency-numbers = 🚨 Ila kenti f khatar daba: lbolis { $police } · ddarak (f l3roubiya) { $gendarmerie } · l2is3af { $civil_protection } · nsa da7aya l3onf { $women_line } · ldrari { $child_line }.
emergency-team-told = Khbbert l'équipe dyalna, chi 7ed ghadi yekteb lik hna.
