# Safety net (bot/safety.py). Numbers and their sources: services/data/emergency_numbers.yml.
safety-alert = { $gender ->
    [m] إذا كنتَ في خطر الآن، اتصل فورًا:
    [f] إذا كنتِ في خطر الآن، اتصلي فورًا:
   *[other] إذا كنتَ(ـتِ) في خطر الآن، اتصل(ي) فورًا:
}
safety-label-police = الشرطة
safety-label-gendarmerie = الدرك الملكي (في الوسط القروي)
safety-label-civil-protection = الإسعاف / الوقاية المدنية
safety-label-women-line = خط النساء ضحايا العنف (كلنا معك)
safety-label-child-line = الأطفال في خطر
safety-number-line = { $label }: { $number }
safety-alert-team = { $gender ->
    [m] تم إخطار أحد أعضاء فريقنا بالأولوية. لستَ وحدك.
    [f] تم إخطار أحد أعضاء فريقنا بالأولوية. لستِ وحدكِ.
   *[other] تم إخطار أحد أعضاء فريقنا بالأولوية. نحن إلى جانبك.
}
safety-degraded-apology = نعتذر، لدينا مشكلة تقنية ولم نتمكن من معالجة رسالتك. يُرجى المحاولة بعد بضع دقائق.
safety-degraded-numbers = { $gender ->
    [m] إذا كنتَ في خطر، اتصل فورًا:
    [f] إذا كنتِ في خطر، اتصلي فورًا:
   *[other] إذا كنتَ(ـتِ) في خطر، اتصل(ي) فورًا:
}
# While a person waits for an operator (escalation open, not claimed yet); the numbers follow.
safety-handoff-queued = { $gender ->
    [m] طلبك في قائمة الانتظار، وسيجيبك أحد أعضاء فريقنا في أقرب وقت ممكن. إذا كنتَ في خطر الآن، اتصل فورًا:
    [f] طلبك في قائمة الانتظار، وسيجيبك أحد أعضاء فريقنا في أقرب وقت ممكن. إذا كنتِ في خطر الآن، اتصلي فورًا:
   *[other] طلبك في قائمة الانتظار، وسيجيبك أحد أعضاء فريقنا في أقرب وقت ممكن. إذا كنتَ(ـتِ) في خطر الآن، اتصل(ي) فورًا:
}
# The operator's claim went back to the queue (they logged out or stopped answering); for danger the numbers follow.
safety-claim-released = { $gender ->
    [m] نعتذر، لم يعد الشخص من فريقنا الذي كان يتحدث معك متاحًا الآن. عاد طلبك إلى قائمة الانتظار، وسيجيبك عضو آخر من فريقنا في أقرب وقت ممكن. لستَ وحدك.
    [f] نعتذر، لم يعد الشخص من فريقنا الذي كان يتحدث معكِ متاحًا الآن. عاد طلبكِ إلى قائمة الانتظار، وسيجيبكِ عضو آخر من فريقنا في أقرب وقت ممكن. لستِ وحدكِ.
   *[other] نعتذر، لم يعد الشخص من فريقنا الذي كان يتحدث معك متاحًا الآن. عاد طلبك إلى قائمة الانتظار، وسيجيبك عضو آخر من فريقنا في أقرب وقت ممكن. نحن إلى جانبك.
}
