# Modern Standard Arabic: booking and "my appointments". Times are local (Africa/Casablanca).
booking-pick-slot = هذه المواعيد المتاحة. يُرجى اختيار أحدها:
booking-slot-button = { weekday } { $date } - { $time }
booking-none-fits = لا يناسبني أي منها
booking-done = ✅ تم حجز الموعد: { weekday } { $date } على الساعة { $time } في «{ $center }». رقم المرجع: { $ref }.
booking-reminder = يُرجى إحضار البطاقة الوطنية إن وُجدت. في حالة التعذّر، اكتب «مواعيدي» لإلغاء الموعد أو تغييره.
booking-slot-taken = عذرًا، تم حجز هذا الموعد للتو. يُرجى اختيار موعد آخر:
booking-overlapping = لديك موعد آخر في الوقت نفسه. اكتب «مواعيدي» لعرض مواعيدك.
booking-call-center = حسنًا. يمكن التوجه إلى المركز أو الاستفسار لديه عن وقت آخر.
booking-no-slots = لا توجد مواعيد متاحة في الأيام القادمة. يمكن التوجه إلى المركز مباشرة أو المحاولة لاحقًا.
booking-not-bookable = هذا المركز لا يستقبل حجز المواعيد من هنا. يمكن التوجه إليه مباشرة.
booking-unavailable = عذرًا، تعذّر الوصول إلى نظام المواعيد الآن. يُرجى المحاولة بعد قليل.
appointments-list-intro = لديك { $count ->
        [one] موعد واحد قادم
        [two] موعدان قادمان
       *[other] { $count } مواعيد قادمة
    }:
appointments-item = 📅 { weekday } { $date } على الساعة { $time } — { $center } (المرجع { $ref })
appointments-pick-button = { weekday } { $date } { $time }
appointments-pick = يُرجى اختيار الموعد:
appointments-what = ماذا تريد أن تفعل بهذا الموعد؟
appointments-keep = الإبقاء عليه
appointments-cancel = إلغاؤه
appointments-reschedule = تغيير الوقت
appointments-kept = حسنًا، الموعد باقٍ كما هو.
appointments-confirm-cancel = هل تؤكد إلغاء هذا الموعد؟
appointments-cancel-yes = نعم، ألغِه
appointments-cancel-no = لا، أبقِه
appointments-cancelled = تم إلغاء الموعد { $ref }.
appointments-moved = ✅ تم تغيير الموعد: { weekday } { $date } على الساعة { $time } (المرجع { $ref }).
appointments-none = ليس لديك أي موعد قادم. يمكن حجز موعد الآن، بدءًا بإيجاد المركز.
appointments-book-one = 📅 حجز موعد

# After a booking: what the directory knows of the center (only sourced details; the seed knows none).
booking-center-contact = { $address ->
        [none] 🏠 العنوان: غير معروف لدى جسر.
       *[other] 🏠 { $address }
    }
    { $phone ->
        [none] ☎ الهاتف: غير معروف لدى جسر.
       *[other] ☎ { $phone }
    }
    { $hours ->
        [none] 🕘 التوقيت: غير معروف لدى جسر.
       *[other] 🕘 { $hours }
    }
booking-contact-unknown = قبل التنقل، يُرجى السؤال عن المعلومات الناقصة لدى مندوبية التعاون الوطني بالإقليم.
booking-too-far = هذا المركز بعيد جدًا عنك: لا أقترح موعدًا بهذا البعد إلا بطلب منك. إن كانت لديك رغبة في التوجه إليه رغم ذلك، يُرجى كتابة اسم المركز عند عرض اللائحة.
