# Day-before appointment reminder (bot/reminders.py). $date dd/mm/yyyy, $time HH:MM local (Africa/Casablanca).
reminder-day-before = تذكير: لديك موعد غدا { $date } على الساعة { $time }. رقم المرجع: { $ref }. إذا تعذر عليك الحضور، اكتب «مواعيدي» للإلغاء أو التغيير.
