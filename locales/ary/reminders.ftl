# Day-before appointment reminder (bot/reminders.py). $date dd/mm/yyyy, $time HH:MM local (Africa/Casablanca).
reminder-day-before = تفكير: عندك موعد غدا { $date } مع { $time }. رقم المرجع: { $ref }. إلا ما قدرتيش تجي، كتب «المواعيد ديالي» باش تلغي ولا تبدل.
