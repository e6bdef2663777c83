# Darija (Arabic script): after the emergency numbers (sent by the safety net), is she safe now?
emergency-ask-safe = { $gender ->
    [f] واش نتي فأمان دابا؟
    [m] واش نتا فأمان دابا؟
   *[other] واش راك(ي) فأمان دابا؟
}
emergency-safe-yes = اه، أنا فأمان دابا
emergency-safe-no = لا، ماشي فأمان
emergency-call-now = عيط(ي) دابا ل { $police } (البوليس) ولا { $gendarmerie } فالعروبية. إلا ما تقدرش تهضر(ي)، قلب(ي) على بلاصة فيها الناس ولا دخل(ي) عند شي جار. نقدر نوصلك حتى بشي حد من الفريق ديالنا.
emergency-now-safe = ولّيت فأمان
emergency-glad-safe = الحمد لله. شنو بغيتي دابا؟ نقدر نلقى ليك أقرب مركز اللي يعاونك.
emergency-find-help = 📍 أقرب مركز للنساء
emergency-child = 🧒 طفل فخطر
emergency-numbers = 🚨 إلا كنتي فخطر دابا: البوليس { $police } · الدرك (فالعروبية) { $gendarmerie } · الإسعاف { $civil_protection } · النساء ضحايا العنف { $women_line } · الأطفال { $child_line }.
emergency-team-told = خبرت الفريق ديالنا، شي حد غادي يكتب ليك هنا.
