# Modern Standard Arabic: referral to a center, with explicit consent (what is shared, with whom).
referral-consent = في حالة الموافقة، سأرسل إلى «{ $center_name }» ما يلي فقط: (1) نوع المساعدة المطلوبة: { $need ->
        [violence] العنف ضد النساء
        [child] حماية طفل
        [mediation] الوساطة الأسرية
        [disability] الإعاقة
        [elderly] شخص مسن
       *[other] مساعدة اجتماعية
    }؛ (2) المدينة: { $place_name }؛ (3) نوع الوضعية إن تم ذكره. لن أرسل الاسم ولا رقم الهاتف. سيطّلع موظفو المركز على الطلب ويمكنهم الرد هنا في هذه المحادثة. هل توافق على ذلك؟
referral-agree = ✅ أوافق، أرسل
referral-decline = ❌ لا، لا ترسل
referral-sent = تم إرسال الطلب إلى «{ $center }». سيأتي الرد هنا.
referral-declined = حسنًا، لم يُرسل أي شيء.
referral-failed = عذرًا، تعذّر إرسال الطلب الآن. يُرجى المحاولة لاحقًا أو الاتصال بالمركز مباشرة.
