# Web chat page (bot/web/), served by GET /webchat/strings.json.
webchat-title = جسر — التوجيه الاجتماعي
webchat-subtitle = اكتب سؤالك بالدارجة أو بالعربية أو بالفرنسية.
webchat-input-label = رسالتك
webchat-placeholder = اكتب هنا…
webchat-send = إرسال
# The location button (the page shows a pin icon next to it; on a phone the icon alone).
webchat-share-location = مشاركة موقعي
webchat-location-unavailable = تعذر تحديد موقعك. اكتب اسم مدينتك.
webchat-location-sent = 📍 تمت مشاركة الموقع
webchat-quick-exit = خروج سريع
webchat-quick-exit-hint = يغادر هذه الصفحة فورًا ويمحو المحادثة من هذا المتصفح (مفتاح الخروج Esc).
webchat-language = اللغة
webchat-emergency-title = في خطر؟ اتصل بـ:
webchat-error = لم تُرسل الرسالة. تحقق من الاتصال وأعد المحاولة.
webchat-you = أنت
webchat-bot = جسر
webchat-privacy-note = تُمحى المحادثة من هذا المتصفح عند إغلاق الصفحة أو بزر «خروج سريع».
webchat-thinking = جسر يكتب…
# The label of a message written by an operator (a person of the team), not the bot.
webchat-operator = أحد أعضاء فريق جسر
# The web chat refuses a message over MAX_MESSAGE_BYTES (kindly; the text stays in the box).
webchat-too-long = رسالتك طويلة جدًا ولا يمكن إرسالها. هل يمكنك كتابتها باختصار أو على عدة رسائل؟ إن كنت في خطر، فاتصل(ي) فورًا بالأرقام أعلاه.
# A failed request: the button next to the notice sends it again.
webchat-retry = إعادة المحاولة
# The welcome (asked for when the page opens) did not come: the person can retry; the numbers stay above.
webchat-start-error = تعذّر الاتصال بـ«جسر» الآن. تحقّق(ي) من الاتصال بالإنترنت ثم اضغط(ي) على «إعادة المحاولة». إن كنت في خطر، فاتصل(ي) فورًا بالأرقام أعلاه.
# Name of the transcript for screen readers (the live region of the messages).
webchat-log-label = المحادثة
# The label of a message written by the team of the center a referral went to (not the bot, not Jisr's team).
webchat-center = فريق المركز
