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
