# Modern Standard Arabic: what the Telegram and WhatsApp adapters say themselves (bot/channels/).
channels-choose = اختر(ي) أحد الخيارات التالية:
channels-share-location = 📍 أرسل(ي) موقعي
channels-location-hint = أو أرسل(ي) موقعك عبر هذا الزر 👇
channels-choice-hint = أجب(ي) برقم الاختيار (مثلا 1) أو اكتب(ي) الجواب.
channels-media-unsupported = عذرا، لا أستطيع الاستماع إلى الرسائل الصوتية أو رؤية الصور والفيديوهات. المرجو كتابة طلبك، أو الاتصال بهذه الأرقام:
    { $lines }
channels-empty = لم تصلني أي رسالة. اكتب(ي) ما تحتاج(ين) إليه، أو اكتب(ي) "القائمة".
channels-cmd-start = البدء من جديد
channels-cmd-menu = القائمة الرئيسية
channels-cmd-help = المساعدة وأرقام الطوارئ
channels-cmd-lang = تغيير اللغة (الدارجة، العربية، français)
channels-cmd-exit = خروج سريع: حذف الرسائل
channels-cmd-delete = حذف معلوماتي
channels-wa-location-hint = لإرسال موقعك: 📎 ← الموقع (Location)، أو اكتب(ي) اسم المدينة.
# Telegram/WhatsApp: the line before an operator's reply (a person of the team is writing).
channels-operator-label = 👤 أحد أعضاء فريق جسر:
# Telegram/WhatsApp: the line before a message of the team of the center a referral went to (the console's
# referral page).
channels-center-label = 👥 فريق المركز:
