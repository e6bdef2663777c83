# Day-before appointment reminder (bot/reminders.py). $date dd/mm/yyyy, $time HH:MM local (Africa/Casablanca).
reminder-day-before = Tfkir: 3andek maw3id ghedda { $date } m3a { $time }. Raqm lmarja3: { $ref }. Ila ma9dertich tji, kteb "lmawa3id dyali" bach tlghi wla tbeddel.
