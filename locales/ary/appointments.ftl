# Darija (Arabic script): booking and "my appointments". Times are local (Africa/Casablanca).
booking-pick-slot = هادو المواعيد الخاوية. ختار(ي) واحد:
booking-slot-button = { weekday } { $date } - { $time }
booking-none-fits = حتى واحد ما مناسب
booking-done = ✅ تاخد الموعد: { weekday } { $date } مع { $time } ف «{ $center }». رقم المرجع: { $ref }.
booking-reminder = جيب(ي) معاك البطاقة الوطنية إلا كانت عندك. إلا ما قدرتيش تجي(ي)، كتب(ي) «المواعيد ديالي» باش تلغي(ي) ولا تبدل(ي).
booking-slot-taken = سمح ليا، هاد الموعد تاخد دابا. ختار(ي) واحد آخر:
booking-overlapping = عندك موعد آخر فنفس الوقت. كتب(ي) «المواعيد ديالي» باش تشوف(ي) المواعيد ديالك.
booking-call-center = واخا. تقدر(ي) تمشي(ي) للمركز ولا تسول(ي) فيه على وقت آخر.
booking-no-slots = ما كاين حتى موعد خاوي فهاد الأيام. تقدر(ي) تمشي(ي) للمركز نيشان ولا تجرب(ي) من بعد.
booking-not-bookable = هاد المركز ما كياخدش المواعيد من هنا. تقدر(ي) تمشي(ي) ليه نيشان.
booking-unavailable = سمح ليا، ما قدرتش نوصل للمواعيد دابا. جرب(ي) من بعد شوية.
appointments-list-intro = عندك { $count ->
        [one] موعد واحد جاي
       *[other] { $count } ديال المواعيد جايين
    }:
appointments-item = 📅 { weekday } { $date } مع { $time } — { $center } (المرجع { $ref })
appointments-pick-button = { weekday } { $date } { $time }
appointments-pick = ختار(ي) الموعد:
appointments-what = شنو بغيتي دير(ي) فهاد الموعد؟
appointments-keep = نخليه
appointments-cancel = نلغيه
appointments-reschedule = نبدل الوقت
appointments-kept = واخا، الموعد باقي كيف ما هو.
appointments-confirm-cancel = متأكد(ة) بغيتي تلغي(ي) هاد الموعد؟
appointments-cancel-yes = اه، لغيه
appointments-cancel-no = لا، خليه
appointments-cancelled = تلغى الموعد { $ref }.
appointments-moved = ✅ تبدل الموعد: { weekday } { $date } مع { $time } (المرجع { $ref }).
appointments-none = ما عندك حتى موعد جاي. بغيتي تاخد(ي) موعد؟ نعاونك نلقاو المركز الأول.
appointments-book-one = 📅 ناخد موعد

# After a booking: what the directory knows of the center (only sourced details; the seed knows none).
booking-center-contact = { $address ->
        [none] 🏠 العنوان: ما معروفش عند جسر.
       *[other] 🏠 { $address }
    }
    { $phone ->
        [none] ☎ التيليفون: ما معروفش عند جسر.
       *[other] ☎ { $phone }
    }
    { $hours ->
        [none] 🕘 الوقت: ما معروفش عند جسر.
       *[other] 🕘 { $hours }
    }
booking-contact-unknown = قبل ما تتنقل(ي)، سول(ي) على اللي ناقص فمندوبية التعاون الوطني ديال الإقليم.
booking-too-far = هاد المركز بعيد عليك بزاف: ما كنقترحش موعد بعيد بهاد الشكل إلا إلا طلبتيه. إلا بغيتي تمشي(ي) ليه على كل حال، كتب(ي) سمية المركز ملي نوريك اللائحة.
