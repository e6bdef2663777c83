# Modern Standard Arabic: welcome and main menu.
welcome-hello = مرحبًا! أنا «جسر»، مساعد رقمي للخدمات الاجتماعية (وزارة التضامن والإدماج الاجتماعي والأسرة والتعاون الوطني). يمكنني توجيهك إلى أقرب مركز وحجز موعد. كيف يمكنني المساعدة؟
welcome-what-else = بماذا يمكنني مساعدتك؟
welcome-thanks = عفوًا! إذا احتجت إلى أي شيء آخر، فأنا هنا.
menu-violence = 🟣 العنف ضد النساء
menu-family = 👪 الوساطة الأسرية
menu-disability = ♿ بطاقة الإعاقة
menu-child = 🧒 حماية الطفولة
menu-elderly = 👵 الأشخاص المسنون
menu-homeless = 🛏️ الإيواء / الإسعاف الاجتماعي
menu-find-center = 📍 البحث عن مركز
menu-appointments = 📅 مواعيدي
menu-human = 🧑 التحدث مع شخص
menu-language = 🌐 اللغة / Langue
