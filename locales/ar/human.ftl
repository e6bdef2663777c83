# Modern Standard Arabic: talk to a person (escalation) and delete my data.
human-what-next = حسنًا. طلبت أحد أعضاء فريقنا، وسيكتب إليك هنا في هذه المحادثة في أقرب وقت. إلى أن يرد، سأتوقف عن الرد.
human-lines = في الأثناء: للنساء ضحايا العنف { $women_line }، للأطفال { $child_line }، وفي حالة الخطر { $police } (الشرطة) أو { $gendarmerie } (الدرك الملكي).
human-unavailable = عذرًا، تعذّر التوصيل بأحد أعضاء الفريق الآن.
privacy-confirm = سأحذف محادثتك وكل ما لدينا عنك (الطلبات، المواعيد). لا يمكن التراجع عن ذلك. هل تؤكد؟
privacy-has-appointments = لديك { $upcoming_count } موعد/مواعيد قادمة. حذف بياناتك سيلغيها أيضًا. هل نحذف كل شيء؟
privacy-delete-yes = نعم، احذف كل شيء
privacy-delete-all = نعم، احذف كل شيء وألغِ المواعيد
privacy-keep = لا، أبقِ كل شيء
privacy-deleted = تم حذف كل شيء. لحذف المحادثة من هاتفك أيضًا، احذفها من التطبيق.
privacy-kept = حسنًا، لم يُحذف أي شيء.
privacy-unavailable = عذرًا، تعذّر الحذف الآن. يُرجى المحاولة بعد قليل.
# The button that withdraws a request for a person while nobody has claimed it.
human-stop-waiting = لا أريد الانتظار
# The person stopped waiting for an operator: the request is withdrawn; the menu follows.
human-withdrawn = { $gender ->
    [m] حسنًا، لم تعد في الانتظار: أُلغي طلبك للتحدث مع شخص. يمكنك تقديمه من جديد متى شئت. إليك القائمة.
    [f] حسنًا، لم تعودي في الانتظار: أُلغي طلبكِ للتحدث مع شخص. يمكنكِ تقديمه من جديد متى شئتِ. إليكِ القائمة.
   *[other] حسنًا، لم تعد(ي) في الانتظار: أُلغي طلبك للتحدث مع شخص. يمكنك تقديمه من جديد متى شئت. إليك القائمة.
}
# The person left the queue of a danger escalation: it stays open for the team; the menu and the numbers follow.
human-waiting-danger-kept = { $gender ->
    [m] حسنًا، إليك القائمة. بما أنك أخبرتنا بوجود خطر، يبقى طلبك لدى فريقنا: قد يكتب إليك أحد أعضائه هنا. إن كنت في خطر الآن، فاتصل بـ:
    [f] حسنًا، إليكِ القائمة. بما أنكِ أخبرتِنا بوجود خطر، يبقى طلبكِ لدى فريقنا: قد يكتب إليكِ أحد أعضائه هنا. إن كنتِ في خطر الآن، فاتصلي بـ:
   *[other] حسنًا، إليك القائمة. بما أنك أخبرتنا بوجود خطر، يبقى طلبك لدى فريقنا: قد يكتب إليك أحد أعضائه هنا. إن كنت في خطر الآن، فاتصل(ي) بـ:
}
