# Darija (Latin script): welcome and main menu.
welcome-hello = { $gender ->
   *[other] Salam! Ana Jisr, mosa3id ra9mi dyal lkhadamat l2ijtima3iya (wizarat tadamon w Entraide Nationale). N9der nwejhek l a9rab markaz w nakhod lik maw3id. Chno bghiti?
}
welcome-what-else = Chno bghiti n3awnek fih?
welcome-thanks = L3afw! Ila 7tajiti chi 7aja khra, ana hna.
menu-violence = 🟣 3onf ded nsa
menu-family = 👪 Wasata osariya
menu-disability = ♿ Bita9at l2i3a9a
menu-child = 🧒 7imayat tofola
menu-elderly = 👵 Nas kbar f sen
menu-homeless = 🛏️ Fin nbat / Samu social
menu-find-center = 📍 Nl9a markaz
menu-appointments = 📅 Lmawa3id dyali
menu-human = 🧑 Nhder m3a chi 7ed
menu-language = 🌐 Lougha / Langue
