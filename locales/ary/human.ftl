# Darija (Arabic script): talk to a person (escalation) and delete my data.
human-what-next = واخا. طلبت ليك شي حد من الفريق ديالنا، غادي يكتب ليك هنا فهاد المحادثة فأقرب وقت. من دابا حتى يجاوبك هو، أنا غادي نسكت.
human-lines = فهاد الوقت: للنساء ضحايا العنف { $women_line }، للأطفال { $child_line }، وإلا كنتي فخطر { $police } (البوليس) ولا { $gendarmerie } (الدرك).
human-unavailable = سمح ليا، ما قدرتش نوصلك بشي حد دابا.
privacy-confirm = غادي نمسح المحادثة ديالك وكلشي اللي عندنا عليك (الطلبات، المواعيد). هادشي ما كيترجعش. متأكد(ة)؟
privacy-has-appointments = عندك { $upcoming_count } ديال المواعيد جايين. إلا مسحنا البيانات ديالك، غادي يتلغاو حتى هوما. نمسح كلشي؟
privacy-delete-yes = اه، مسح كلشي
privacy-delete-all = اه، مسح كلشي ولغي المواعيد
privacy-keep = لا، خلي كلشي
privacy-deleted = تمسح كلشي. باش تمسح(ي) حتى من التيليفون ديالك، مسح(ي) هاد المحادثة من التطبيق.
privacy-kept = واخا، ما مسحت والو.
privacy-unavailable = سمح ليا، ما قدرتش نمسح دابا. جرب(ي) من بعد شوية.
# The button that withdraws a request for a person while nobody has claimed it.
human-stop-waiting = ما بقيتش باغي نتسنى
# The person stopped waiting for an operator: the request is withdrawn; the menu follows.
human-withdrawn = { $gender ->
    [m] واخا، ما بقيتيش كتسنى: الطلب ديالك باش تهضر مع شي حد تلغى. تقدر تطلبو عاوتاني فاش ما بغيتي. ها هي القائمة.
    [f] واخا، ما بقيتيش كتسناي: الطلب ديالك باش تهضري مع شي حد تلغى. تقدري تطلبيه عاوتاني فاش ما بغيتي. ها هي القائمة.
   *[other] واخا، ما بقيتيش كتسنى: الطلب ديالك باش تهضر(ي) مع شي حد تلغى. تقدر(ي) تطلبو عاوتاني فاش ما بغيتي. ها هي القائمة.
}
# The person left the queue of a danger escalation: it stays open for the team; the menu and the numbers follow.
human-waiting-danger-kept = { $gender ->
    [m] واخا، ها هي القائمة. حيت قلتي لينا بلي كاين خطر، الطلب ديالك باقي عند الفريق ديالنا: شي واحد يقدر يكتب ليك هنا. إلا كنتي فخطر دابا، عيط:
    [f] واخا، ها هي القائمة. حيت قلتي لينا بلي كاين خطر، الطلب ديالك باقي عند الفريق ديالنا: شي واحد يقدر يكتب ليك هنا. إلا كنتي فخطر دابا، عيطي:
   *[other] واخا، ها هي القائمة. حيت قلتي لينا بلي كاين خطر، الطلب ديالك باقي عند الفريق ديالنا: شي واحد يقدر يكتب ليك هنا. إلا كنتي فخطر دابا، عيط(ي):
}
