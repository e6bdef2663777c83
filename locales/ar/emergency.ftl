# Modern Standard Arabic: after the emergency numbers (sent by the safety net), is she safe now?
emergency-ask-safe = { $gender ->
    [f] هل أنتِ في أمان الآن؟
    [m] هل أنتَ في أمان الآن؟
   *[other] هل أنت في أمان الآن؟
}
emergency-safe-yes = نعم، أنا في أمان الآن
emergency-safe-no = لا، لست في أمان
emergency-call-now = يُرجى الاتصال الآن بالرقم { $police } (الشرطة) أو { $gendarmerie } في الوسط القروي. إذا تعذّر الكلام، فالأفضل التوجه إلى مكان فيه أشخاص أو إلى أحد الجيران. يمكنني أيضًا التوصيل بأحد أعضاء فريقنا.
emergency-now-safe = أصبحت في أمان
emergency-glad-safe = الحمد لله. ما الخطوة التالية؟ يمكنني البحث عن أقرب مركز يساعدك.
emergency-find-help = 📍 أقرب مركز للنساء
emergency-child = 🧒 طفل في خطر
emergency-numbers = 🚨 في حالة الخطر الآن: الشرطة { $police } · الدرك الملكي (الوسط القروي) { $gendarmerie } · الإسعاف { $civil_protection } · النساء ضحايا العنف { $women_line } · الأطفال { $child_line }.
emergency-team-told = تم إخبار فريقنا، وسيكتب إليك أحد أعضائه هنا.
