"""The demo's joint declaration in the scenario's other six languages (fictional text, written
for the demo): the title, the teaser and the whole published text, version 3 (after the
accepted amendment: "a living wage")."""

DECLARATION = {
    "es": (
        "Declaración conjunta por los derechos laborales sin fronteras",
        "Once organizaciones de ocho países declaran un propósito común.",
        "Nosotras y nosotros, organizaciones miembro de esta coalición, reunidas en línea desde "
        "ocho países, declaramos nuestro propósito común.\n\n"
        "**Quienes trabajan, en cualquier país, merecen un salario digno**, lugares de trabajo "
        "seguros y la libertad de organizarse sin miedo.\n\n"
        "Actuaremos juntas en nuestras dos jornadas internacionales de acción y acompañaremos a "
        "cada compañera y compañero procesado por una actividad sindical legítima.",
    ),
    "tr": (
        "Sınır tanımayan işçi hakları için ortak bildiri",
        "Sekiz ülkeden on bir örgüt ortak bir amaç ilan ediyor.",
        "Bu koalisyonun üye örgütleri olarak, sekiz ülkeden çevrim içi bir araya gelerek ortak "
        "amacımızı ilan ediyoruz.\n\n"
        "**Her ülkedeki işçiler insanca yaşamaya yetecek bir ücreti**, güvenli işyerlerini ve "
        "korkmadan örgütlenme özgürlüğünü hak ediyor.\n\n"
        "İki uluslararası eylem günümüzde birlikte hareket edeceğiz ve yasal sendikal "
        "faaliyeti nedeniyle yargılanan her arkadaşımızın yanında duracağız.",
    ),
    "el": (
        "Κοινή διακήρυξη για τα εργατικά δικαιώματα χωρίς σύνορα",
        "Έντεκα οργανώσεις από οκτώ χώρες διακηρύσσουν έναν κοινό σκοπό.",
        "Εμείς, οι οργανώσεις-μέλη αυτού του συνασπισμού, συναντηθήκαμε διαδικτυακά από οκτώ "
        "χώρες και διακηρύσσουμε τον κοινό μας σκοπό.\n\n"
        "**Οι εργαζόμενοι σε κάθε χώρα δικαιούνται μισθό που εξασφαλίζει αξιοπρεπή "
        "διαβίωση**, ασφαλείς χώρους εργασίας και την ελευθερία να οργανώνονται χωρίς φόβο.\n\n"
        "Θα δράσουμε από κοινού στις δύο διεθνείς ημέρες δράσης μας και θα σταθούμε στο "
        "πλευρό κάθε συναδέλφου που διώκεται για νόμιμη συνδικαλιστική δράση.",
    ),
    "it": (
        "Dichiarazione congiunta per i diritti del lavoro senza frontiere",
        "Undici organizzazioni di otto paesi dichiarano uno scopo comune.",
        "Noi, organizzazioni aderenti a questa coalizione, riunite online da otto paesi, "
        "dichiariamo il nostro scopo comune.\n\n"
        "**Chi lavora, in ogni paese, ha diritto a un salario dignitoso**, a luoghi di lavoro "
        "sicuri e alla libertà di organizzarsi senza paura.\n\n"
        "Agiremo insieme nelle nostre due giornate internazionali di mobilitazione e saremo al "
        "fianco di ogni collega perseguito per una legittima attività sindacale.",
    ),
    "pt": (
        "Declaração conjunta pelos direitos trabalhistas sem fronteiras",
        "Onze organizações de oito países declaram um propósito comum.",
        "Nós, organizações que integram esta coalizão, reunidas on-line a partir de oito "
        "países, declaramos o nosso propósito comum.\n\n"
        "**Quem trabalha, em qualquer país, merece um salário digno**, locais de trabalho "
        "seguros e a liberdade de se organizar sem medo.\n\n"
        "Vamos agir juntas nos nossos dois dias internacionais de luta e estaremos ao lado de "
        "cada companheira e companheiro processado por atividade sindical legítima.",
    ),
    "az": (
        "Sərhədsiz əmək hüquqları üçün birgə bəyanat",
        "Səkkiz ölkədən on bir təşkilat ümumi məqsədini bəyan edir.",
        "Biz, bu koalisiyanın üzv təşkilatları, səkkiz ölkədən onlayn görüşərək ümumi "
        "məqsədimizi bəyan edirik.\n\n"
        "**Hər ölkədə işləyənlər yaşamağa kifayət edən əmək haqqına**, təhlükəsiz iş "
        "yerlərinə və qorxmadan təşkilatlanmaq azadlığına layiqdir.\n\n"
        "İki beynəlxalq aksiya günümüzdə birlikdə hərəkət edəcək və qanuni həmkarlar "
        "ittifaqı fəaliyyətinə görə təqib olunan hər bir həmkarımızın yanında olacağıq.",
    ),
}
REVIEWED = {"es", "tr", "el"}
