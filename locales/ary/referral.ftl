# Darija (Arabic script): referral to a center, with explicit consent (what is shared, with whom).
referral-consent = إلا وافقتي، غادي نصيفط ل «{ $center_name }» غير هادشي: (1) نوع المساعدة اللي محتاج(ة): { $need ->
        [violence] العنف ضد النساء
        [child] حماية طفل
        [mediation] وساطة أسرية
        [disability] الإعاقة
        [elderly] شخص مسن
       *[other] مساعدة اجتماعية
    }؛ (2) المدينة: { $place_name }؛ (3) النوع اللي قلتي إلا قلتيه. ما غاديش نصيفط لا السمية ديالك لا الرقم ديالك. الموظفين ديال المركز غادي يشوفو الطلب ويقدرو يجاوبوك هنا فهاد المحادثة. واش موافق(ة)؟
referral-agree = ✅ موافق(ة)، صيفط
referral-decline = ❌ لا، ما تصيفطش
referral-sent = تصيفط الطلب ديالك ل «{ $center }». غادي يجاوبوك هنا.
referral-declined = واخا، ما صيفطت والو.
referral-failed = سمح ليا، ما قدرتش نصيفط الطلب دابا. جرب(ي) من بعد، ولا عيط(ي) للمركز نيشان.
