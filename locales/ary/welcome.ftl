# Darija (Arabic script): welcome and main menu.
welcome-hello = { $gender ->
    [f] السلام! أنا جسر، مساعد رقمي ديال الخدمات الاجتماعية (وزارة التضامن والتعاون الوطني). نقدر نوجهك لأقرب مركز وناخد ليك موعد. شنو بغيتي؟
   *[other] السلام! أنا جسر، مساعد رقمي ديال الخدمات الاجتماعية (وزارة التضامن والتعاون الوطني). نقدر نوجهك لأقرب مركز وناخد ليك موعد. شنو بغيتي؟
}
welcome-what-else = شنو بغيتي نعاونك فيه؟
welcome-thanks = العفو! إلا احتجتي شي حاجة أخرى، أنا هنا.
menu-violence = 🟣 عنف ضد النساء
menu-family = 👪 وساطة أسرية
menu-disability = ♿ بطاقة الإعاقة
menu-child = 🧒 حماية الطفولة
menu-elderly = 👵 الأشخاص المسنين
menu-homeless = 🛏️ مأوى / السامو سوسيال
menu-find-center = 📍 نلقى مركز
menu-appointments = 📅 المواعيد ديالي
menu-human = 🧑 نهضر مع شي حد
menu-language = 🌐 اللغة / Langue
