# Darija (Arabic script): shared buttons, fallback, location, centers list, weekdays.
# $gender: f | m | other (unknown: inclusive forms). Phone lines come from services/data/emergency_numbers.yml.

common-choose = { $gender ->
    [f] ختاري واحد من هادو:
    [m] ختار واحد من هادو:
   *[other] ختار(ي) واحد من هادو:
}
common-menu = 🏠 القائمة
common-yes = اه
common-no = لا
common-skip = نفوت هاد السؤال
common-talk-to-human = 🧑 نهضر مع شي حد
common-media-unsupported = سمح ليا، ما نقدرش نسمع الأوديو ولا نشوف التصاور. كتب(ي) ليا، ولا ختار(ي) من الأزرار.
common-quick-exit = 🚪 خروج سريع
common-quick-exit-done = 👍
common-language-changed = واخا، غادي نكملو بالدارجة.
common-service-error = سمح لينا، وقع مشكل عندنا دابا. إلا كنتي ف خطر عيط ل { $police } (البوليس) ولا { $gendarmerie } (الدرك فالعروبية)، { $civil_protection } (الإسعاف). للنساء ضحايا العنف: { $women_line }. للأطفال: { $child_line }.

fallback-not-understood = سمح ليا، ما فهمتش مزيان. هادشي اللي نقدر نعاون فيه:
fallback-suggest = ما متأكدش واش فهمتك. واش كتقصد شي حاجة من هادو؟
fallback-choose-button = { $gender ->
    [f] عافاك ختاري جواب من الأزرار، ولا كتبي الرقم ديالو.
    [m] عافاك ختار جواب من الأزرار، ولا كتب الرقم ديالو.
   *[other] عافاك ختار(ي) جواب من الأزرار، ولا كتب(ي) الرقم ديالو.
}
fallback-offer-human = ما قدرتش نفهمك مزيان، سمح ليا. بغيتي نوصلك بشي حد من الفريق ديالنا؟
fallback-heard-you = { $gender ->
    [f] فهمتك، وأنا معاك. باش نعاونك، جاوبيني عافاك على هاد السؤال:
    [m] فهمتك، وأنا معاك. باش نعاونك، جاوبني عافاك على هاد السؤال:
   *[other] فهمتك، وأنا معاك. باش نعاونك، جاوب(ي)ني عافاك على هاد السؤال:
}

location-ask = فين كاينة بلاصتك؟ صيفط(ي) الموقع ديالك بالزر، ولا كتب(ي) سمية المدينة ولا الدوار (مثلا: طنجة، تيزنيت).
location-not-found = ما لقيتش هاد البلاصة. كتب(ي) سمية المدينة اللي قريبة ليك، ولا صيفط(ي) الموقع ديالك.
location-which = كاينين بزاف ديال البلايص بهاد السمية. فاينا فيهم؟
location-place-button = { $name_ar }{ $province ->
    [none] {""}
   *[other] {" "}({ $province })
}
location-unavailable = ما قدرتش نقلب على البلايص دابا. جرب(ي) تصيفط(ي) الموقع ديالك، ولا عيط(ي) ل { $women_line } ولا { $child_line } باش يوجهوك.
location-outside-morocco = هاد البلاصة باينة برا المغرب. «جسر» كيعرف غير المراكز اللي فالمغرب. إلا كان شي خطر فين كاين(ة)، عيط(ي) للإسعاف والمصالح الاجتماعية ديال داك البلاد. النمر ديال الطوارئ فالمغرب: البوليس { $police } · الدرك { $gendarmerie } · الإسعاف { $civil_protection } · النساء ضحايا العنف { $women_line } · الأطفال { $child_line }. إلا كتقلب(ي) على مركز فالمغرب، كتب(ي) سمية المدينة (مثلا: طنجة، أكادير).

centers-intro = هادو أقرب المراكز ل { $place }:
centers-item = { $n }. { $name }{ $type ->
        [none] {""}
       *[other] {" — "}{ $type }
    }
    📍 { $city ->
        [none] { $km } كلم تقريبا
       *[other] ف { $city }
    }{ $status ->
        [in_progress] {" "}(فطور الفتح)
       *[other] {""}
    }
    { $contact ->
        [none] ☎ 🏠 🕘 التيليفون، العنوان والوقت: ما معروفينش — سول(ي) فمندوبية التعاون الوطني ديال الإقليم.
       *[other]
        ☎ { $phone ->
            [none] التيليفون: ما معروفش — سول(ي) فمندوبية التعاون الوطني ديال الإقليم.
           *[other] { $phone }
        }
        🏠 { $address ->
            [none] العنوان: ما معروفش — سول(ي) فمندوبية التعاون الوطني ديال الإقليم.
           *[other] { $address }
        }
        🕘 { $hours ->
            [none] الوقت: ما معروفش — سول(ي) قبل ما تمشي(ي).
           *[other] { $hours }
        }
    }
centers-far = ما كاين حتى مركز محلول قريب من { $place }: أقرب واحد بحال { $nearest_km } كلم. { $where ->
        [same] هادو أقرب اللي لقينا، فالجهة ديالك:
        [other] هادو أقرب اللي لقينا، فجهات أخرين:
       *[mixed] هادو أقرب اللي لقينا (فالجهة ديالك وفجهات أخرين):
    }
centers-none = ما عنديش مركز محلول معروف لهاد الحاجة قريب من { $place }.
# a distance in a list line, e.g. "(~12 km)"
centers-distance-km = ~{ $km } كلم
centers-opening-soon = غير باش تعرف(ي): { $count ->
        [one] هاد المركز مازال ما تحلّش (فطور الفتح على حساب المصدر). ما تمشيش ليه دابا:
       *[other] هاد المراكز مازال ما تحلّوش (فطور الفتح على حساب المصدر). ما تمشيش ليهم دابا:
    }
    { $list }
centers-unavailable = سمح ليا، ما قدرتش نجيب لائحة المراكز دابا.
centers-pick = ختار(ي) المركز:
centers-pick-button = { $name }
centers-no-thanks = لا، شكرا

weekday = { $day ->
    [mon] الاثنين
    [tue] الثلاثاء
    [wed] الأربعاء
    [thu] الخميس
    [fri] الجمعة
    [sat] السبت
   *[sun] الحد
}
