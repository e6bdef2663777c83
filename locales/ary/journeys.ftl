# Darija (Arabic script): family mediation, disability card, child protection, elderly, homeless, find a center.

family-intro = الوساطة الأسرية كتعاون العائلة تلقى حل بالتفاهم، مع شخص محايد.
family-ask-kind = شنو نوع المشكل؟
family-kind-couple = بين الزوجين
family-kind-parents-children = بين الوالدين والولاد
family-kind-inheritance = الورث
family-kind-custody = الحضانة
family-kind-other = حاجة أخرى
family-ask-violence = سؤال مهم: واش كاين شي عنف، تهديد، ولا خوف فالدار؟
family-violence-yes = اه، كاين
family-violence-no = لا
family-not-for-violence = الوساطة ماشي للحالات اللي فيها العنف. السلامة ديالك هي الأولى، غادي نوجهك للمساعدة المناسبة.
family-offer-appointment = بغيتي موعد فشي واحد منهم؟ ختار(ي) المركز:
family-no-centers = ما لقيتش خدمة وساطة قريبة منك فاللائحة ديالنا. سول(ي) فمندوبية التعاون الوطني ديال الإقليم.
family-close = الله يسهل. إلا احتجتي شي حاجة أخرى، كتب(ي) «القائمة».

# Disability card. Sources (only these facts are stated; everything else → "ask the center"):
#  - Decree n° 2.22.1075 on the disability card, published in the Bulletin officiel in February 2025.
#  - Local multidisciplinary commissions assess the disability (new evaluation system): seed
#    000_6dcc0ca7f009f24f.txt lines 1051, 1296, 1543, 1887, 2301, 2570, 2826, 3051, 3329, 3574, 3879
#    ("لجان محلية متعددة التخصصات في إطار تنزيل النظام الجديد لتقييم الإعاقة ومنح بطاقة إعاقة").
#  - Applications go through Entraide Nationale centres and the IDMAJ platform.
disability-intro = نعاونك فبطاقة الإعاقة.
disability-ask-for-whom = البطاقة لمن؟
disability-for-self = ليا أنا
disability-for-child = لولدي / لبنتي
disability-for-relative = لشي واحد من العائلة
disability-what = بطاقة الإعاقة منظمة بالمرسوم رقم 2.22.1075 (الجريدة الرسمية، فبراير 2025). الإعاقة كتقيمها لجنة محلية متعددة التخصصات.
disability-steps = الخطوات: 1) الطلب كيتقدم فمراكز التعاون الوطني ولا فالمنصة الرقمية «إدماج» (IDMAJ)؛ 2) اللجنة المحلية متعددة التخصصات كتقيم الإعاقة. الوثائق، الآجال والامتيازات: سول(ي) فالمركز، حيت ما عنديش معلومة مؤكدة عليهم.
disability-ask-center = بغيتي نلقى ليك أقرب مركز ديال التوجيه والمساعدة للأشخاص فوضعية إعاقة (COAPH)؟
disability-find-coaph = 📍 اه، لقى ليا مركز
disability-offer-appointment = بغيتي موعد فشي واحد منهم؟ ختار(ي) المركز:
disability-no-centers = ما لقيتش مركز قريب فاللائحة ديالنا. سول(ي) فأقرب مركز ديال التعاون الوطني.
disability-close = الله يسهل. إلا احتجتي شي حاجة أخرى، كتب(ي) «القائمة».

child-intro = شكرا حيت كتهتم(ي) بهاد الطفل.
child-ask-danger = واش الطفل فخطر دابا (مضروب، مجروح، بوحدو، ولا شي حد كيهددو)؟
child-danger-yes = اه، فخطر دابا
child-danger-no = لا، ماشي دابا
child-danger-now = عيط(ي) دابا ل { $police } (البوليس) ولا { $gendarmerie } (الدرك)، و ل { $child_line } (خط حماية الأطفال).
child-line = 📞 { $child_line }: خط لحماية الأطفال من العنف والاستغلال (يقدر يعيط الطفل ولا الكبير).
child-offer-referral = بغيتي نصيفط الحالة لشي وحدة من هادو (وحدة حماية الطفولة ولا مركز المواكبة لحماية الطفولة CAPE)؟ ختار(ي):
child-no-centers = ما لقيتش وحدة قريبة فاللائحة ديالنا. عيط(ي) ل { $child_line } باش يتكفلو بالحالة.
child-close = شكرا. إلا تبدلات الحالة وولا الطفل فخطر، عيط(ي) ل { $police } ولا { $child_line }.

elderly-intro = نعاونك تلقى مؤسسة ولا خدمة للأشخاص المسنين قريبة منك.
elderly-offer-appointment = بغيتي موعد فشي واحدة منهم؟ ختار(ي):
elderly-no-centers = ما لقيتش مؤسسة قريبة فاللائحة ديالنا. سول(ي) فمندوبية التعاون الوطني ديال الإقليم.
elderly-close = الله يسهل. إلا احتجتي شي حاجة أخرى، كتب(ي) «القائمة».

homeless-intro = نعاونك تلقى فين تبات وتتحمى، مع الإسعاف الاجتماعي المتنقل (السامو سوسيال) ولا مراكز الإيواء.
homeless-ask-health = واش كاين شي حد مريض، مجروح، ولا برد بزاف دابا؟
homeless-sick = اه
homeless-not-sick = لا
homeless-call-15 = عيط(ي) دابا ل { $civil_protection } (الإسعاف).
homeless-no-centers = ما لقيتش خدمة قريبة فاللائحة ديالنا. بغيتي نوصلك بشي حد من الفريق؟
homeless-close = إلا احتجتي، نقدر نوصلك بشي حد من الفريق.

find-ask-need = على شنو كتقلب(ي)؟
find-offer = بغيتي موعد فشي واحد منهم؟ ختار(ي) المركز:
find-no-centers = ما لقيتش مركز قريب لهاد الحاجة فاللائحة ديالنا. سول(ي) فمندوبية التعاون الوطني ديال الإقليم.
find-close = الله يسهل. إلا احتجتي شي حاجة أخرى، كتب(ي) «القائمة».
