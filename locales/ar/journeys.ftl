# Modern Standard Arabic: family mediation, disability card, child protection, elderly, homeless, find a center.

family-intro = تساعد الوساطة الأسرية الأسرة على إيجاد حلّ بالتفاهم، بحضور شخص محايد.
family-ask-kind = ما نوع الخلاف؟
family-kind-couple = بين الزوجين
family-kind-parents-children = بين الآباء والأبناء
family-kind-inheritance = الإرث
family-kind-custody = الحضانة
family-kind-other = أمر آخر
family-ask-violence = سؤال مهم: هل يوجد عنف أو تهديد أو خوف داخل البيت؟
family-violence-yes = نعم، يوجد
family-violence-no = لا
family-not-for-violence = الوساطة ليست مخصصة لحالات العنف. سلامتك أولًا، سأوجهك إلى المساعدة المناسبة.
family-offer-appointment = هل تريد موعدًا في أحدها؟ يُرجى اختيار المركز:
family-no-centers = لم أجد خدمة وساطة قريبة في لائحتنا. يُرجى الاستفسار لدى مندوبية التعاون الوطني بالإقليم.
family-close = بالتوفيق. إذا احتجت إلى شيء آخر، اكتب «القائمة».

# Disability card. Sources (only these facts are stated; everything else → "ask the center"):
#  - Decree n° 2.22.1075 on the disability card, published in the Bulletin officiel in February 2025.
#  - Local multidisciplinary commissions assess the disability: seed 000_6dcc0ca7f009f24f.txt lines 1051,
#    1296, 1543, 1887, 2301, 2570, 2826, 3051, 3329, 3574, 3879.
#  - Applications go through Entraide Nationale centres and the IDMAJ platform.
disability-intro = سأساعدك بخصوص بطاقة الإعاقة.
disability-ask-for-whom = لمن البطاقة؟
disability-for-self = لي أنا
disability-for-child = لابني / لابنتي
disability-for-relative = لأحد الأقارب
disability-what = بطاقة الإعاقة منظمة بالمرسوم رقم 2.22.1075 (الجريدة الرسمية، فبراير 2025). تُقيّم الإعاقة لجنة محلية متعددة التخصصات.
disability-steps = الخطوات: 1) يُقدَّم الطلب في مراكز التعاون الوطني أو عبر المنصة الرقمية «إدماج» (IDMAJ)؛ 2) تقيّم اللجنة المحلية متعددة التخصصات الإعاقة. الوثائق والآجال والامتيازات: يُرجى السؤال في المركز، إذ لا تتوفر لدي معلومات مؤكدة بشأنها.
disability-ask-center = هل تريد أن أبحث عن أقرب مركز للتوجيه والمساعدة لفائدة الأشخاص في وضعية إعاقة (COAPH)؟
disability-find-coaph = 📍 نعم، ابحث عن مركز
disability-offer-appointment = هل تريد موعدًا في أحدها؟ يُرجى اختيار المركز:
disability-no-centers = لم أجد مركزًا قريبًا في لائحتنا. يُرجى الاستفسار في أقرب مركز للتعاون الوطني.
disability-close = بالتوفيق. إذا احتجت إلى شيء آخر، اكتب «القائمة».

child-intro = شكرًا على اهتمامك بهذا الطفل.
child-ask-danger = هل الطفل في خطر الآن (مُعنَّف، مصاب، وحيد، أو مهدَّد)؟
child-danger-yes = نعم، في خطر الآن
child-danger-no = لا، ليس الآن
child-danger-now = يُرجى الاتصال الآن بالرقم { $police } (الشرطة) أو { $gendarmerie } (الدرك الملكي)، وبالرقم { $child_line } (خط حماية الأطفال).
child-line = 📞 { $child_line }: خط لحماية الأطفال من العنف والاستغلال (يمكن أن يتصل به الطفل أو الراشد).
child-offer-referral = هل تريد أن أرسل الحالة إلى إحدى هذه الوحدات (وحدة حماية الطفولة أو مركز المواكبة لحماية الطفولة CAPE)؟ يُرجى الاختيار:
child-no-centers = لم أجد وحدة قريبة في لائحتنا. يُرجى الاتصال بالرقم { $child_line } للتكفل بالحالة.
child-close = شكرًا. إذا تغيّر الوضع وأصبح الطفل في خطر، يُرجى الاتصال بالرقم { $police } أو { $child_line }.

elderly-intro = سأساعدك في إيجاد مؤسسة أو خدمة قريبة للأشخاص المسنين.
elderly-offer-appointment = هل تريد موعدًا في إحداها؟ يُرجى الاختيار:
elderly-no-centers = لم أجد مؤسسة قريبة في لائحتنا. يُرجى الاستفسار لدى مندوبية التعاون الوطني بالإقليم.
elderly-close = بالتوفيق. إذا احتجت إلى شيء آخر، اكتب «القائمة».

homeless-intro = سأساعدك في إيجاد مكان للمبيت والحماية، عبر الإسعاف الاجتماعي المتنقل (SAMU social) أو مراكز الإيواء.
homeless-ask-health = هل يوجد شخص مريض أو مصاب أو يعاني من البرد الشديد الآن؟
homeless-sick = نعم
homeless-not-sick = لا
homeless-call-15 = يُرجى الاتصال الآن بالرقم { $civil_protection } (الإسعاف).
homeless-no-centers = لم أجد خدمة قريبة في لائحتنا. هل تريد التحدث مع أحد أعضاء الفريق؟
homeless-close = عند الحاجة، يمكنني توصيلك بأحد أعضاء الفريق.

find-ask-need = عمّ تبحث؟
find-offer = هل تريد موعدًا في أحدها؟ يُرجى اختيار المركز:
find-no-centers = لم أجد مركزًا قريبًا لهذه الحاجة في لائحتنا. يُرجى الاستفسار لدى مندوبية التعاون الوطني بالإقليم.
find-close = بالتوفيق. إذا احتجت إلى شيء آخر، اكتب «القائمة».
