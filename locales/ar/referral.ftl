# Modern Standard Arabic: referral to a center, with explicit consent (what is shared, with whom, what happens next).
referral-consent = في حالة الموافقة، سأرسل إلى «{ $center_name }» ما يلي فقط: (1) نوع المساعدة المطلوبة: { $need ->
        [violence] العنف ضد النساء
        [child] حماية طفل
        [mediation] الوساطة الأسرية
        [disability] الإعاقة
        [elderly] شخص مسن
       *[other] مساعدة اجتماعية
    }؛ (2) المدينة: { $place_name }؛ (3) نوع الوضعية إن تم ذكره. لن أرسل الاسم ولا رقم الهاتف ولا هذه المحادثة. بعد ذلك، يطّلع فريق المركز على الطلب ويمكنه الكتابة إليك هنا في هذه المحادثة: تصل رسائله حاملةً عبارة «فريق المركز»، وما تكتبه ردًّا عليه هنا يُحال إليه.{ $channel ->
        [rest] {" "}في هذه الدردشة عبر الموقع، لا تصل رسائله إلا ما دامت هذه الصفحة مفتوحة.
       *[other] {""}
    } هل توافق على ذلك؟
referral-agree = ✅ أوافق، أرسل
referral-decline = ❌ لا، لا ترسل
referral-sent = { $gender ->
    [f] ✅ تم إرسال الطلب إلى «{ $center }». عندما يكتب إليكِ فريقه، ستصلكِ رسالته هنا حاملةً عبارة «فريق المركز»، ويمكنكِ الرد عليه هنا. لا أعرف متى سيكتب.
   *[other] ✅ تم إرسال الطلب إلى «{ $center }». عندما يكتب إليك فريقه، ستصلك رسالته هنا حاملةً عبارة «فريق المركز»، ويمكنك الرد عليه هنا. لا أعرف متى سيكتب.
}
# The web chat only: a center's message reaches the page while it stays open (sessionStorage).
referral-keep-page-open = يُرجى إبقاء هذه الصفحة مفتوحة لتلقي الرد: إذا أُغلقت، تُنسى المحادثة.
referral-declined = حسنًا، لم يُرسل أي شيء.
referral-failed = عذرًا، تعذّر إرسال الطلب الآن. يُرجى المحاولة لاحقًا أو الاتصال بالمركز مباشرة.
