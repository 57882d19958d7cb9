"""The Ukrainian title and legal citation of every seeded norm.

Only a translation of text already in force: no value, date, condition or citation changes, so
no new version is added — the versions in force stay what obligations were computed with. The
titles are the ones the pages already showed in Ukrainian (they came from the catalogue); a
citation is filled only where the row still carries the seeded English one, so a version an
administrator wrote differently is left for the administrator to translate.
"""

from django.db import migrations

# key: (Ukrainian title, English citation as seeded, its Ukrainian citation)
UKRAINIAN = {
    "suspicion-notice": (
        "Вручено повідомлення про підозру",
        "CPC art. 278 part 2; art. 209",
        "КПК ст. 278 ч. 2; ст. 209",
    ),
    "court-60h": ("Доставлено до суду або звільнено", "CPC art. 211 part 2", "КПК ст. 211 ч. 2"),
    "limit-72h": (
        "Граничний строк затримання без ухвали слідчого судді, суду",
        "CPC art. 211 part 2; Constitution art. 29",
        "КПК ст. 211 ч. 2; Конституція України ст. 29",
    ),
    "limit-martial-law": (
        "Граничний строк затримання в умовах воєнного стану",
        "CPC art. 615 part 5",
        "КПК ст. 615 ч. 5",
    ),
    "court-ruling-36h": (
        "Доставлено до суду після затримання за ухвалою",
        "CPC art. 191 part 1",
        "КПК ст. 191 ч. 1",
    ),
    "administrative-3h": ("Граничний строк адміністративного затримання", "CAO art. 263 part 1", "КУпАП ст. 263 ч. 1"),
    "administrative-extended": (
        "Граничний строк продовженого адміністративного затримання",
        "CAO art. 263 parts 2–3",
        "КУпАП ст. 263 ч. 2–3",
    ),
    "legal-aid": (
        "Повідомлено центр з надання безоплатної правничої допомоги",
        "CPC art. 213 part 1 (immediately); Law on Free Legal Aid art. 14",
        "КПК ст. 213 ч. 1 (негайно); Закон України «Про безоплатну правничу допомогу» ст. 14",
    ),
    "relative": (
        "Повідомлено родича або іншу особу на вибір затриманого",
        "CPC art. 213 part 1; CAO art. 261 part 2",
        "КПК ст. 213 ч. 1; КУпАП ст. 261 ч. 2",
    ),
    "parents": (
        "Повідомлено батьків або законного представника неповнолітнього",
        "CPC art. 213 part 2; CAO art. 261 part 2",
        "КПК ст. 213 ч. 2; КУпАП ст. 261 ч. 2",
    ),
    "guardianship": (
        "Повідомлено службу у справах дітей / орган опіки",
        "CPC art. 213 part 2; CPC art. 484",
        "КПК ст. 213 ч. 2; КПК ст. 484",
    ),
    "consulate": (
        "Повідомлено консульство",
        "CPC art. 213 part 4; Vienna Convention on Consular Relations art. 36",
        "КПК ст. 213 ч. 4; Віденська конвенція про консульські зносини ст. 36",
    ),
    "rights": ("Роз'яснено права", "CPC art. 208 part 4; CAO art. 261", "КПК ст. 208 ч. 4; КУпАП ст. 261"),
    "intake-medical": (
        "Медичний огляд при прибутті до ІТТ",
        "MIA ITT Regulations (examination on admission); CPT/Inf(2002)15 §36",
        "Положення про ІТТ МВС (огляд при прибутті); Стандарти ЄКПТ CPT/Inf(2002)15 §36",
    ),
    "checks-standard": (
        "Перевірка стану (огляд)",
        "MIA ITT Regulations (hourly checks); PACE Code C Annex H",
        "Положення про ІТТ МВС (щогодинні перевірки); PACE Code C, додаток H",
    ),
    "checks-intoxicated": (
        "Перевірка стану (огляд) з пробудженням",
        "PACE Code C 9.3, Annex H (roused every 30 minutes)",
        "PACE Code C п. 9.3, додаток H (пробудження кожні 30 хвилин)",
    ),
    "checks-level-3": (
        "Перевірка стану (огляд), постійне спостереження",
        "PACE Code C Annex H (level 3)",
        "PACE Code C, додаток H (рівень 3)",
    ),
    "checks-level-4": (
        "Перевірка стану (огляд), спостереження в безпосередній близькості",
        "PACE Code C Annex H (level 4)",
        "PACE Code C, додаток H (рівень 4)",
    ),
    "meals": (
        "Харчування",
        "MIA ITT Regulations (three meals a day); CPT/Inf(2002)15 §42",
        "Положення про ІТТ МВС (триразове харчування); Стандарти ЄКПТ CPT/Inf(2002)15 §42",
    ),
    "exercise": (
        "Щоденна прогулянка",
        "Law on Pre-trial Detention art. 9; CPT/Inf(2002)15 §48",
        "Закон України «Про попереднє ув'язнення» ст. 9; Стандарти ЄКПТ CPT/Inf(2002)15 §48",
    ),
    "rest": (
        "Безперервний відпочинок",
        "Law on Pre-trial Detention art. 11 (eight hours of night sleep)",
        "Закон України «Про попереднє ув'язнення» ст. 11 (восьмигодинний нічний сон)",
    ),
    "area-per-person": (
        "Площа на одну особу в спільній камері",
        "CPT/Inf(2015)44 (4 m² per person in a shared cell)",
        "Стандарти ЄКПТ CPT/Inf(2015)44 (4 м² на одну особу в спільній камері)",
    ),
    "night-start": (
        "Початок нічного часу",
        "CPC art. 223 part 4 (night: 22:00–06:00)",
        "КПК ст. 223 ч. 4 (нічний час: 22:00–06:00)",
    ),
    "night-end": (
        "Кінець нічного часу",
        "CPC art. 223 part 4 (night: 22:00–06:00)",
        "КПК ст. 223 ч. 4 (нічний час: 22:00–06:00)",
    ),
    "medical-on-request": (
        "Медичний огляд на запит",
        "CPC art. 206 part 6; CPT/Inf(2002)15 §38 (access to a doctor)",
        "КПК ст. 206 ч. 6; Стандарти ЄКПТ CPT/Inf(2002)15 §38 (доступ до лікаря)",
    ),
}


def translate(apps, schema_editor):
    Norm = apps.get_model("norms", "Norm")
    for norm in Norm.objects.filter(profile__code="ua", key__in=UKRAINIAN):
        title, english, citation = UKRAINIAN[norm.key]
        norm.title_uk = norm.title_uk or title
        if norm.citation == english:
            norm.citation_uk = norm.citation_uk or citation
        norm.save(update_fields=["title_uk", "citation_uk"])


class Migration(migrations.Migration):
    dependencies = [("norms", "0005_norm_in_both_languages")]
    operations = [migrations.RunPython(translate, migrations.RunPython.noop)]
