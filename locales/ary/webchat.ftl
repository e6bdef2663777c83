# Web chat page (bot/web/), served by GET /webchat/strings.json.
webchat-title = جسر — التوجيه الاجتماعي
webchat-subtitle = كتب السؤال ديالك بالدارجة، بالعربية ولا بالفرنساوية.
webchat-input-label = الرسالة ديالك
webchat-placeholder = كتب هنا…
webchat-send = صيفط
webchat-share-location = 📍 صيفط فين أنا
webchat-location-unavailable = ما قدرناش نلقاو البلاصة ديالك. كتب سمية المدينة ديالك.
webchat-location-sent = 📍 تصيفطات البلاصة
webchat-quick-exit = خروج دغيا
webchat-quick-exit-hint = كتخرج من هاد الصفحة دابا وكتمسح المحادثة من هاد المتصفح (زر الخروج Esc).
webchat-language = اللغة
webchat-emergency-title = فخطر؟ عيط ل:
webchat-error = الرسالة ما مشاتش. شوف الأنترنيت وعاود.
webchat-you = نتا/نتي
webchat-bot = جسر
webchat-privacy-note = المحادثة كتمسح من هاد المتصفح ملي كتسد الصفحة ولا ب"خروج دغيا".
webchat-thinking = جسر كيكتب…
