"""The demo campaign in the scenario's other six languages (fictional text, written for the
demo; loaded by caucus/campaigns/demo.py through the shared translation workflow).

Each entry: title, summary, description, the two days of action, the three demands and the
first target, in the order the demo creates them; the fictional company keeps its name.
"""

CAMPAIGN = {
    "es": {
        "title": "Quincena por el Trabajo Decente",
        "summary": "Dos semanas de acciones locales por el trabajo decente y los derechos "
        "sindicales.",
        "description": "Las organizaciones miembro y sus aliadas realizan **acciones locales** "
        "en sus ciudades. Busca la más cercana o registra la tuya.",
        "days": [
            "Jornada de acción por salarios justos",
            "Jornada de acción por los derechos sindicales",
        ],
        "demands": [
            "Un salario digno para cada trabajadora y trabajador",
            "Libertad sindical y derecho de huelga",
            "Retirar los cargos contra las y los sindicalistas procesados",
        ],
        "targets": ["Ministerios de Trabajo"],
    },
    "tr": {
        "title": "İnsana Yakışır İş İçin İki Hafta",
        "summary": "İnsana yakışır iş ve sendikal haklar için iki hafta boyunca yerel eylemler.",
        "description": "Üye örgütler ve dostları kendi kentlerinde **yerel eylemler** "
        "düzenliyor. Size en yakın olanı bulun ya da kendi eyleminizi kaydedin.",
        "days": ["Adil ücret için eylem günü", "Sendikal haklar için eylem günü"],
        "demands": [
            "Her işçiye insanca yaşamaya yetecek bir ücret",
            "Örgütlenme ve grev özgürlüğü",
            "Yargılanan sendikacılara yönelik suçlamalar düşürülsün",
        ],
        "targets": ["Çalışma bakanlıkları"],
    },
    "el": {
        "title": "Δεκαπενθήμερο για Αξιοπρεπή Εργασία",
        "summary": "Δύο εβδομάδες τοπικών δράσεων για αξιοπρεπή εργασία και συνδικαλιστικά "
        "δικαιώματα.",
        "description": "Οι οργανώσεις-μέλη και οι σύμμαχοί τους οργανώνουν **τοπικές δράσεις** "
        "στις πόλεις τους. Βρείτε την πιο κοντινή ή καταχωρίστε τη δική σας.",
        "days": [
            "Ημέρα δράσης για δίκαιους μισθούς",
            "Ημέρα δράσης για τα συνδικαλιστικά δικαιώματα",
        ],
        "demands": [
            "Μισθός αξιοπρεπούς διαβίωσης για κάθε εργαζόμενο",
            "Ελευθερία συνδικαλιστικής οργάνωσης και απεργίας",
            "Να αποσυρθούν οι κατηγορίες σε βάρος των διωκόμενων συνδικαλιστών",
        ],
        "targets": ["Υπουργεία Εργασίας"],
    },
    "it": {
        "title": "Quindicina per il Lavoro Dignitoso",
        "summary": "Due settimane di iniziative locali per il lavoro dignitoso e i diritti "
        "sindacali.",
        "description": "Le organizzazioni aderenti e le realtà alleate promuovono **iniziative "
        "locali** nelle loro città. Trova quella più vicina o registra la tua.",
        "days": [
            "Giornata di mobilitazione per salari giusti",
            "Giornata di mobilitazione per i diritti sindacali",
        ],
        "demands": [
            "Un salario dignitoso per ogni lavoratrice e lavoratore",
            "Libertà di organizzazione e di sciopero",
            "Ritiro delle accuse contro i sindacalisti perseguiti",
        ],
        "targets": ["Ministeri del Lavoro"],
    },
    "pt": {
        "title": "Quinzena pelo Trabalho Decente",
        "summary": "Duas semanas de ações locais pelo trabalho decente e pelos direitos sindicais.",
        "description": "As organizações da coalizão e suas aliadas realizam **ações locais** "
        "em suas cidades. Encontre a mais próxima ou cadastre a sua.",
        "days": ["Dia de luta por salários justos", "Dia de luta pelos direitos sindicais"],
        "demands": [
            "Salário digno para cada trabalhadora e trabalhador",
            "Liberdade de organização e direito de greve",
            "Retirada das acusações contra sindicalistas processados",
        ],
        "targets": ["Ministérios do Trabalho"],
    },
    "az": {
        "title": "Layiqli Əmək Uğrunda İki Həftə",
        "summary": "Layiqli əmək və həmkarlar ittifaqı hüquqları uğrunda iki həftəlik yerli "
        "aksiyalar.",
        "description": "Üzv təşkilatlar və müttəfiqləri öz şəhərlərində **yerli aksiyalar** "
        "keçirir. Sizə ən yaxın olanı tapın və ya öz aksiyanızı qeydiyyatdan keçirin.",
        "days": [
            "Ədalətli əmək haqqı uğrunda aksiya günü",
            "Həmkarlar ittifaqı hüquqları uğrunda aksiya günü",
        ],
        "demands": [
            "Hər işçiyə yaşamağa kifayət edən əmək haqqı",
            "Təşkilatlanma və tətil azadlığı",
            "Təqib olunan həmkarlar ittifaqı fəallarına qarşı ittihamlar götürülsün",
        ],
        "targets": ["Əmək nazirlikləri"],
    },
}
REVIEWED = {"es", "tr", "el"}


def texts_for(campaign, language: str) -> dict[str, str]:
    """The translation's texts keyed as the campaign's (caucus/translations)."""
    entry = CAMPAIGN[language]
    texts = {key: entry[key] for key in ("title", "summary", "description")}
    for group, rows in (
        ("days", campaign.days.order_by("date", "pk")),
        ("demands", campaign.demands.order_by("position")),
        ("targets", campaign.targets.order_by("pk")),
    ):
        for row, text in zip(rows, entry[group], strict=False):
            texts[f"{group}.{row.pk}"] = text
    return texts
