# Web chat page (bot/web/), served by GET /webchat/strings.json.
webchat-title = جسر — التوجيه الاجتماعي
webchat-subtitle = كتب السؤال ديالك بالدارجة، بالعربية ولا بالفرنساوية.
webchat-input-label = الرسالة ديالك
webchat-placeholder = كتب هنا…
webchat-send = صيفط
# The location button (the page shows a pin icon next to it; on a phone the icon alone).
webchat-share-location = صيفط فين أنا
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
# The label of a message written by an operator (a person of the team), not the bot.
webchat-operator = شي حد من فريق جسر
# The web chat refuses a message over MAX_MESSAGE_BYTES (kindly; the text stays in the box).
webchat-too-long = الميساج ديالك طويل بزاف وما قدرش يتصيفط. واش تقدر(ي) تكتبو قصر، ولا فبزاف ديال الميساجات؟ إلا كنتي فخطر، عيط(ي) دابا للنمرات اللي لفوق.
# A failed request: the button next to the notice sends it again.
webchat-retry = عاود
# The welcome (asked for when the page opens) did not come: the person can retry; the numbers stay above.
webchat-start-error = ما قدرناش نتاصلو بجسر دابا. تأكد(ي) من الأنترنيت وورك(ي) على «عاود». إلا كنتي فخطر، عيط(ي) دابا للنمرات اللي لفوق.
# Name of the transcript for screen readers (the live region of the messages).
webchat-log-label = المحادثة
# The label of a message written by the team of the center a referral went to (not the bot, not Jisr's team).
webchat-center = فريق المركز
