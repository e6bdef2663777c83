# Day-before appointment reminder (bot/reminders.py). $date dd/mm/yyyy, $time HH:MM local (Africa/Casablanca).
reminder-day-before = Rappel : vous avez rendez-vous demain { $date } à { $time }. Référence : { $ref }. Si vous ne pouvez pas venir, écrivez « mes rendez-vous » pour annuler ou changer.
