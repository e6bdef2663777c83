# Darija (Arabic script): what the Telegram and WhatsApp adapters say themselves (bot/channels/).
channels-choose = ختار(ي) واحد من هادو:
channels-share-location = 📍 صيفط(ي) البلاصة ديالي
channels-location-hint = ولا صيفط(ي) البلاصة ديالك بهاد البوطونة 👇
channels-choice-hint = جاوب(ي) بالرقم (مثلا 1) ولا كتب(ي) الجواب.
channels-media-unsupported = سمح(ي) ليا، ما نقدرش نسمع الأوديو ولا نشوف التصاور والفيديوهات. عافاك كتب(ي) ليا شنو بغيتي بالكتابة، ولا عيط(ي) لهاد الأرقام:
    { $lines }
channels-empty = ما وصلني حتى ميساج. كتب(ي) ليا شنو بغيتي، ولا كتب(ي) "القائمة".
channels-cmd-start = بدا من الأول
channels-cmd-menu = القائمة الرئيسية
channels-cmd-help = كيفاش نعاونك + أرقام الطوارئ
channels-cmd-lang = بدل اللغة (دارجة، عربية، français)
channels-cmd-exit = خروج سريع: يمسح الميساجات
channels-cmd-delete = مسح المعلومات ديالي
channels-wa-location-hint = باش تصيفط(ي) البلاصة: 📎 ← Location (الموقع)، ولا كتب(ي) سمية المدينة.
# Telegram/WhatsApp: the line before an operator's reply (a person of the team is writing).
channels-operator-label = 👤 شي حد من فريق جسر:
# Telegram/WhatsApp: the line before a message of the team of the center a referral went to (the console's
# referral page).
channels-center-label = 👥 فريق المركز:
