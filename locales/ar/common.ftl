# Modern Standard Arabic: shared buttons, fallback, location, centers list, weekdays.
# Inclusive, gender-neutral forms (passive/masdar) unless $gender is known.
# Phone lines come from services/data/emergency_numbers.yml.

common-choose = يُرجى اختيار أحد الخيارات التالية:
common-menu = 🏠 القائمة الرئيسية
common-yes = نعم
common-no = لا
common-skip = تخطي هذا السؤال
common-talk-to-human = 🧑 التحدث مع شخص
common-media-unsupported = عذرًا، لا يمكنني الاستماع إلى الرسائل الصوتية أو رؤية الصور. يُرجى الكتابة أو الاختيار من الأزرار.
common-quick-exit = 🚪 خروج سريع
common-quick-exit-done = 👍
common-language-changed = حسنًا، سنواصل باللغة العربية الفصحى.
common-service-error = نعتذر، حدث خلل لدينا الآن. في حالة الخطر يُرجى الاتصال بالرقم { $police } (الشرطة) أو { $gendarmerie } (الدرك الملكي في الوسط القروي) أو { $civil_protection } (الإسعاف). للنساء ضحايا العنف: { $women_line }. للأطفال: { $child_line }.

fallback-not-understood = عذرًا، لم أفهم جيدًا. هذا ما يمكنني المساعدة فيه:
fallback-suggest = لست متأكدًا من أنني فهمت. هل تقصد أحد هذه الخيارات؟
fallback-choose-button = يُرجى اختيار جواب من الأزرار، أو كتابة رقمه.
fallback-offer-human = عذرًا، لم أتمكن من الفهم. هل تودّ التواصل مع أحد أعضاء فريقنا؟
fallback-heard-you = { $gender ->
    [f] فهمتُكِ، وأنا هنا لمساعدتكِ. لكي أساعدكِ، أجيبي من فضلكِ عن هذا السؤال:
    [m] فهمتُك، وأنا هنا لمساعدتك. لكي أساعدك، أجب من فضلك عن هذا السؤال:
   *[other] فهمتُك، وأنا هنا لمساعدتك. لكي أساعدك، يُرجى الإجابة عن هذا السؤال:
}

location-ask = أين توجد؟ يمكن إرسال الموقع بالزر، أو كتابة اسم المدينة أو الدوار (مثلًا: طنجة، تيزنيت).
location-not-found = لم أجد هذا المكان. يُرجى كتابة اسم أقرب مدينة، أو إرسال الموقع.
location-which = توجد عدة أماكن بهذا الاسم. أيّها المقصود؟
location-place-button = { $name_ar }{ $province ->
    [none] {""}
   *[other] {" "}({ $province })
}
location-unavailable = تعذّر البحث عن الأماكن الآن. يُرجى إرسال الموقع، أو الاتصال بالرقم { $women_line } أو { $child_line } للتوجيه.
location-outside-morocco = يبدو أن هذا الموقع خارج المغرب. لا يعرف «جسر» إلا المراكز الموجودة في المغرب. إذا كان هناك خطر حيث توجد، فاتصل بخدمات الطوارئ والخدمات الاجتماعية المحلية في ذلك البلد. أرقام الطوارئ في المغرب: الشرطة { $police } · الدرك الملكي { $gendarmerie } · الإسعاف { $civil_protection } · النساء ضحايا العنف { $women_line } · الأطفال { $child_line }. إذا كنت تبحث عن مركز في المغرب، فاكتب اسم المدينة (مثلًا: طنجة، أكادير).

centers-intro = هذه أقرب المراكز إلى { $place }:
centers-item = { $n }. { $name }{ $type ->
        [none] {""}
       *[other] {" — "}{ $type }
    }
    📍 { $city ->
        [none] { $km } كلم تقريبًا
       *[other] في { $city }
    }{ $status ->
        [in_progress] {" "}(في طور الافتتاح)
       *[other] {""}
    }
    { $contact ->
        [none] ☎ 🏠 🕘 الهاتف والعنوان وأوقات العمل: غير معروفة — يُرجى السؤال لدى مندوبية التعاون الوطني بالإقليم.
       *[other]
        ☎ { $phone ->
            [none] الهاتف: غير معروف — يُرجى السؤال لدى مندوبية التعاون الوطني بالإقليم.
           *[other] { $phone }
        }
        🏠 { $address ->
            [none] العنوان: غير معروف — يُرجى السؤال لدى مندوبية التعاون الوطني بالإقليم.
           *[other] { $address }
        }
        🕘 { $hours ->
            [none] أوقات العمل: غير معروفة — يُرجى السؤال قبل التنقل.
           *[other] { $hours }
        }
    }
centers-far = لا يوجد مركز مفتوح لهذه الحاجة قريب من { $place }: أقربها على بعد { $nearest_km } كلم تقريبًا{ $where ->
        [same] ، في جهتكم.
       *[other] ، في جهة أخرى.
    }
centers-none = لا أعرف مركزًا مفتوحًا لهذه الحاجة قرب { $place }.
# a distance in a list line, e.g. "(~12 km)"
centers-distance-km = ~{ $km } كلم
centers-opening-soon = للعلم فقط: { $count ->
        [one] هذا المركز لم يُفتح بعد (في طور الافتتاح حسب المصدر). يُرجى عدم التوجّه إليه حاليًا:
       *[other] هذه المراكز لم تُفتح بعد (في طور الافتتاح حسب المصدر). يُرجى عدم التوجّه إليها حاليًا:
    }
    { $list }
centers-unavailable = عذرًا، تعذّر جلب لائحة المراكز الآن.
centers-pick = يُرجى اختيار المركز:
centers-pick-button = { $name }
centers-no-thanks = لا، شكرًا

weekday = { $day ->
    [mon] الإثنين
    [tue] الثلاثاء
    [wed] الأربعاء
    [thu] الخميس
    [fri] الجمعة
    [sat] السبت
   *[sun] الأحد
}

# A place given at another question of a journey: remembered, the question asked again.
location-noted = تم تسجيل المكان: { $place }.

# Nothing open near (FAR_CENTER_KM): first what helps from where the person is, then far centers as information.
far-remote = { $gender ->
    [f] 📨 دون الحاجة إلى التنقل: أرسل طلبكِ إلى «{ $center }»، ويكتب إليكِ فريقه هنا في هذه المحادثة (تحمل رسائله عبارة «فريق المركز»). ويمكنكِ الرد عليه هنا.
   *[other] 📨 دون الحاجة إلى التنقل: أرسل طلبك إلى «{ $center }»، ويكتب إليك فريقه هنا في هذه المحادثة (تحمل رسائله عبارة «فريق المركز»). ويمكنك الرد عليه هنا.
}
far-remote-help = { $need ->
        [violence] 📞 { $women_line }: خط الاستماع للنساء ضحايا العنف (مجاني، 24/24)، من أي مكان.
        [child] 📞 { $child_line }: خط حماية الأطفال (يمكن أن يتصل به الطفل أو الراشد)، من أي مكان.
        [homeless] 📞 هل هناك شخص مريض أو مصاب أو يعاني من برد شديد؟ يُرجى الاتصال الآن بالرقم { $civil_protection } (الإسعاف).
        [disability] 💻 يمكن أيضًا تقديم طلب بطاقة الإعاقة عبر المنصة الرقمية «إدماج» (IDMAJ). لا أتوفر على عنوانها الإلكتروني: يُرجى السؤال عنه لدى مندوبية التعاون الوطني بالإقليم.
       *[other] ☎ يمكن لمندوبية التعاون الوطني بإقليمكم توجيهكم (لا أتوفر على رقمها).
    }
far-orientation = 🧭 أقرب نقطة توجيه عامة مفتوحة: «{ $name }» ({ $city ->
        [none] على بعد { $km } كلم تقريبًا
       *[other] في { $city }
    }). تستقبل كل شخص وتستمع إليه وتوجّهه، أيًّا كانت حاجته. الهاتف والعنوان والتوقيت: غير معروفة — يُرجى السؤال لدى مندوبية التعاون الوطني بالإقليم.
far-info = للعلم فقط: { $count ->
        [one] أقرب مركز لهذه الحاجة على بعد أكثر من { $limit } كلم
       *[other] أقرب المراكز لهذه الحاجة على بعد أكثر من { $limit } كلم
    }{ $where ->
        [same] {" "}(في جهتكم)
        [other] {" "}(في جهات أخرى)
       *[mixed] {""}
    }. لا أقترح موعدًا هناك من هنا:
    { $list }
far-info-by-name = { $gender ->
    [f] إن كنتِ ترغبين رغم ذلك في التوجه إلى أحدها، فاكتبي اسم المركز.
    [m] إن كنت ترغب رغم ذلك في التوجه إلى أحدها، فاكتب اسم المركز.
   *[other] إن كانت لديك رغبة رغم ذلك في التوجه إلى أحدها، يُرجى كتابة اسم المركز.
}
far-referral-button = 📨 ليكتب إليّ المركز هنا
far-orientation-button = 🧭 { $name }
far-choose = { $gender ->
    [f] ماذا تفضّلين؟
    [m] ماذا تفضّل؟
   *[other] ما الخيار الذي تفضّله؟
}
far-confirm = { $gender ->
    [f] يقع «{ $center_name }» على بعد { $center_km } كلم تقريبًا من { $place_name }. عنوانه وهاتفه وتوقيته غير معروفة: استفسري لدى مندوبية التعاون الوطني قبل التنقل. هل تريدين فعلًا موعدًا هناك؟
    [m] يقع «{ $center_name }» على بعد { $center_km } كلم تقريبًا من { $place_name }. عنوانه وهاتفه وتوقيته غير معروفة: استفسر لدى مندوبية التعاون الوطني قبل التنقل. هل تريد فعلًا موعدًا هناك؟
   *[other] يقع «{ $center_name }» على بعد { $center_km } كلم تقريبًا من { $place_name }. عنوانه وهاتفه وتوقيته غير معروفة: يُرجى الاستفسار لدى مندوبية التعاون الوطني قبل التنقل. هل تريد(ين) فعلًا موعدًا هناك؟
}
far-confirm-yes = نعم، موعد هناك
far-confirm-referral = 📨 بل ليكتب إليّ المركز هنا
