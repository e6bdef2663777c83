# Safety net (bot/safety.py). Numbers and their sources: services/data/emergency_numbers.yml.
safety-alert = { $gender ->
    [m] إلا كنتي فخطر دابا، عيط دابا نيشان:
    [f] إلا كنتي فخطر دابا، عيطي دابا نيشان:
   *[other] إلا كنتي فخطر دابا، عيط(ي) دابا نيشان:
}
safety-label-police = البوليس
safety-label-gendarmerie = الدرك الملكي (فالعروبية)
safety-label-civil-protection = الإسعاف / الوقاية المدنية
safety-label-women-line = الخط ديال العيالات ضحايا العنف (كلنا معك)
safety-label-child-line = الدراري الصغار فخطر
safety-number-line = { $label }: { $number }
safety-alert-team = { $gender ->
    [m] واحد من الفريق ديالنا تعلم بالأسبقية. نتا ماشي بوحدك.
    [f] واحد من الفريق ديالنا تعلم بالأسبقية. نتي ماشي بوحدك.
   *[other] واحد من الفريق ديالنا تعلم بالأسبقية. حنا معاك، ماشي بوحدك.
}
safety-degraded-apology = سمح لينا، كاين مشكل تقني عندنا وما قدرناش نقراو الرسالة ديالك. عاود جرب من بعد شي دقايق.
safety-degraded-numbers = { $gender ->
    [m] إلا كنتي فخطر، عيط دابا نيشان:
    [f] إلا كنتي فخطر، عيطي دابا نيشان:
   *[other] إلا كنتي فخطر، عيط(ي) دابا نيشان:
}
# While a person waits for an operator (escalation open, not claimed yet); the numbers follow.
safety-handoff-queued = { $gender ->
    [m] الطلب ديالك راه فالانتظار، شي واحد من الفريق غادي يجاوبك فأقرب وقت. إلا كنتي فخطر دابا، عيط نيشان:
    [f] الطلب ديالك راه فالانتظار، شي واحد من الفريق غادي يجاوبك فأقرب وقت. إلا كنتي فخطر دابا، عيطي نيشان:
   *[other] الطلب ديالك راه فالانتظار، شي واحد من الفريق غادي يجاوبك فأقرب وقت. إلا كنتي فخطر دابا، عيط(ي) نيشان:
}
