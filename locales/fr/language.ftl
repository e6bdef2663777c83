# Language choice (the same labels in every variety: each language is named in its own script).
language-choose = 🌐 اختار(ي) اللغة · Khtar(i) lougha · Choisissez la langue
language-ary = الدارجة (بالحروف العربية)
language-ary-latn = Darija (b l7rouf latiniya)
language-ar = العربية الفصحى
language-fr = Français
