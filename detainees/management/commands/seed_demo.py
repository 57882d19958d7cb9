"""Demo data: a region, two facilities with cells, one user per role, fourteen custody records.

Idempotent: running it again changes nothing. Records are written through the same services
an officer uses, each entry dated when it happened and recorded a few minutes later
(`recorded_at`), so timelines, deadlines and record numbers look as they would after a real
shift. Audit rows and seals carry the time the command ran, as they would for an import.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from custody.accounts import twofactor
from custody.accounts.models import User
from custody.accounts.roles import Role
from custody.facilities.models import Cell, Facility, Region
from detainees import services
from detainees.models import (
    BodyRegion,
    CheckCondition,
    CheckState,
    ComplaintAddressee,
    Consistency,
    CustodyRecord,
    Destination,
    DocumentType,
    EntryKind,
    ExamReason,
    Fitness,
    LegalBasis,
    Meal,
    MealOutcome,
    MovementPurpose,
    NotificationMethod,
    NotificationRecipient,
    NotificationResult,
    ObservationLevel,
    PropertyReturn,
    ReleaseOutcome,
    Sex,
)
from inspections.models import Severity
from integrity.log import sealed

DEMO_USERS = [
    # username, role, first name, last name, scope
    ("duty", Role.DUTY_OFFICER, "Олег", "Петренко", "ITT1"),
    ("duty2", Role.DUTY_OFFICER, "Ірина", "Мельник", "ITT2"),
    ("inspector", Role.INSPECTOR, "Наталія", "Бондар", "ITT1"),
    ("medic", Role.MEDIC, "Сергій", "Лисенко", "ITT1"),
    ("head", Role.FACILITY_HEAD, "Віктор", "Гончаренко", "ITT1"),
    ("prosecutor", Role.PROSECUTOR, "Людмила", "Кравчук", "region"),
    ("monitor", Role.MONITOR, "Марта", "Савчук", "region"),
    ("admin", Role.ADMINISTRATOR, "Андрій", "Шевчук", None),
]

CELLS = {
    # number, capacity, area m², light, partition, in service
    "ITT1": [
        ("1", 2, "9.00", True, True, True),
        ("2", 2, "8.50", True, True, True),
        ("3", 4, "17.20", True, True, True),
        ("4", 1, "5.00", True, True, True),
        ("5", 2, "8.00", False, False, False),
        ("6", 4, "18.40", True, True, True),
        ("7", 1, "5.20", True, True, True),
    ],
    "ITT2": [
        ("1", 2, "8.80", True, True, True),
        ("2", 3, "12.60", True, True, True),
        ("3", 1, "4.80", True, True, True),
    ],
}


class Command(BaseCommand):
    help = "Load idempotent demo data (refuses to run with DEBUG off unless --force)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off (never in production).")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a published password; it runs only with DEBUG on (or --force)."
            )
        # Facilities, cells and accounts are national objects: one sealed write to the national log.
        with sealed():
            region, facilities = self._facilities()
            users = self._users(region, facilities)
        if CustodyRecord.objects.filter(facility__in=facilities.values()).exists():
            self.stdout.write("Demo records already present; nothing to add.")
        else:
            self._records(facilities, users)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready. Users: {', '.join(u[0] for u in DEMO_USERS)}; password: {settings.DEMO_PASSWORD}; "
                f"authenticator secret: {settings.DEMO_TOTP_SECRET} (or `make demo-code`)"
            )
        )

    def _facilities(self):
        region, _ = Region.objects.get_or_create(name="Луганська область")
        facilities = {}
        for code, name, address in [
            ("ITT1", "ІТТ № 1, Сєвєродонецьк", "вул. Гагаріна, 1, Сєвєродонецьк"),
            ("ITT2", "ІТТ № 2, Лисичанськ", "вул. Героїв, 5, Лисичанськ"),
        ]:
            facilities[code], _ = Facility.objects.get_or_create(
                code=code, defaults={"name": name, "region": region, "address": address}
            )
            for number, capacity, area, light, partition, in_service in CELLS[code]:
                Cell.objects.get_or_create(
                    facility=facilities[code],
                    number=number,
                    defaults={
                        "capacity": capacity,
                        "floor_area_m2": Decimal(area),
                        "natural_light": light,
                        "toilet_partition": partition,
                        "in_service": in_service,
                        "out_of_service_reason": "" if in_service else "Ремонт вентиляції",
                    },
                )
        return region, facilities

    def _users(self, region, facilities):
        users = {}
        for username, role, first, last, scope in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username, defaults={"first_name": first, "last_name": last}
            )
            if created:
                user.set_password(settings.DEMO_PASSWORD)
                user.is_staff = role == Role.ADMINISTRATOR
                user.save()
                user.groups.add(Group.objects.get(name=role.value))
                if scope == "region":
                    user.regions.add(region)
                elif scope:
                    user.facilities.add(facilities[scope])
            if not TOTPDevice.objects.filter(user=user).exists():
                # The README prints this secret so anyone trying the demo can add it to an app.
                TOTPDevice.objects.create(user=user, name="demo", key=twofactor.demo_key(), confirmed=True)
            users[username] = user
        return users

    def _records(self, facilities, users):
        now = timezone.now().replace(second=0, microsecond=0)
        h = lambda hours: now - timedelta(hours=hours)  # noqa: E731 — reads as "h(5) ago"
        duty, duty2, medic, head = users["duty"], users["duty2"], users["medic"], users["head"]
        itt1, itt2 = facilities["ITT1"], facilities["ITT2"]
        cell = {(f.code, c.number): c for f in facilities.values() for c in f.cells.all()}

        def person(
            surname,
            given,
            patronymic,
            born,
            sex=Sex.MALE,
            citizenship="UA",
            doc=DocumentType.PASSPORT,
            number="",
            language="українська",
            interpreter=False,
        ):
            return {
                "surname": surname,
                "given_name": given,
                "patronymic": patronymic,
                "date_of_birth": born,
                "sex": sex,
                "citizenship": citizenship,
                "document_type": doc,
                "document_number": number,
                "language": language,
                "interpreter_needed": interpreter,
            }

        def book(actor, facility, who, detained, arrived, basis=LegalBasis.CPC_208, **extra):
            data = {
                "facility": facility,
                "legal_basis": basis,
                "case_number": extra.pop("case", ""),
                "grounds": extra.pop(
                    "grounds",
                    "Застосовано ч. 1 ст. 208 КПК: застигнутий під час вчинення кримінального правопорушення.",
                ),
                "detaining_officer": "ст. лейт. поліції Ткаченко М. В.",
                "detaining_unit": "СРПП ВП № 1",
                "detention_place": extra.pop("place", "м. Сєвєродонецьк, просп. Центральний, 20"),
                "detained_at": detained,
                "arrived_at": arrived,
                **extra,
            }
            return services.book_in(
                actor=actor, person_data=who, record_data=data, recorded_at=arrived + timedelta(minutes=2)
            )

        def release(record, actor, at, legal_ground, **details):
            """Released to freedom with everything returned and signed for, unless `details` say otherwise."""
            return services.release(
                record=record,
                actor=actor,
                occurred_at=at,
                details={
                    "outcome": ReleaseOutcome.RELEASED,
                    "destination": Destination.FREEDOM,
                    "destination_detail": "",
                    "legal_ground": legal_ground,
                    "property": PropertyReturn.ALL_RETURNED,
                    "property_signed": True,
                    "condition": "Задовільний",
                    "complaints": "",
                    "record_copy": False,
                    "note": "",
                    **details,
                },
                recorded_at=at + timedelta(minutes=5),
            )

        def add(record, actor, kind, at, recorded_after=3, cell=None, **details):
            return services.add_entry(
                record=record,
                actor=actor,
                kind=kind,
                occurred_at=at,
                details=details,
                cell=cell,
                recorded_at=at + timedelta(minutes=recorded_after),
            )

        def reception(
            record, actor, at, cell_obj, sex=Sex.MALE, language="українська", items=None, relatives=True, examiner=medic
        ):
            add(
                record,
                actor,
                EntryKind.RIGHTS,
                at + timedelta(minutes=5),
                language=language,
                written_form_signed=True,
                refusal_reason="",
                interpreter="",
            )
            add(
                record,
                actor,
                EntryKind.NOTIFICATION,
                at + timedelta(minutes=12),
                recipient=NotificationRecipient.LEGAL_AID,
                recipient_name="Регіональний центр з надання БВПД",
                method=NotificationMethod.ELECTRONIC,
                contact="повідомлення № 1204",
                result=NotificationResult.DELIVERED,
                note="",
            )
            add(
                record,
                actor,
                EntryKind.SEARCH,
                at + timedelta(minutes=20),
                searched_by="сержант Коваль Д. І." if sex == Sex.MALE else "сержант Олійник Г. П.",
                searcher_sex=sex,
                witnesses="",
                cash="350.00",
                detainee_signed=True,
                refusal_reason="",
                items=items
                or [
                    {"description": "Мобільний телефон Samsung", "quantity": 1, "bag_number": "ПК-0145"},
                    {"description": "Ремінь шкіряний", "quantity": 1, "bag_number": "ПК-0145"},
                ],
            )
            add(
                record,
                actor,
                EntryKind.PLACEMENT,
                at + timedelta(minutes=30),
                cell=cell_obj,
                reason="первинне розміщення",
            )
            if relatives and not record.is_minor:
                add(
                    record,
                    actor,
                    EntryKind.NOTIFICATION,
                    at + timedelta(minutes=25),
                    recipient=NotificationRecipient.RELATIVE,
                    recipient_name="за вибором затриманого",
                    method=NotificationMethod.PHONE,
                    contact="",
                    result=NotificationResult.DECLINED,
                    note="Затриманий відмовився повідомляти родичів",
                )
            if examiner is None:  # ITT No. 2 has no medic on duty in the demo
                return
            services.add_entry(
                record=record,
                actor=examiner,
                kind=EntryKind.MEDICAL_EXAM,
                occurred_at=at + timedelta(minutes=45),
                details={
                    "reason": ExamReason.ARRIVAL,
                    "examiner": "фельдшер Лисенко С. О.",
                    "complaints": "",
                    "findings": "Скарг немає, ушкоджень не виявлено.",
                    "fitness": Fitness.FIT,
                    "recommendations": "",
                },
                recorded_at=at + timedelta(minutes=50),
            )

        def checks(record, actor, start, hours, every=60):
            t = start
            while t <= start + timedelta(hours=hours) and t < now:
                add(
                    record,
                    actor,
                    EntryKind.CHECK,
                    t,
                    recorded_after=1,
                    state=CheckState.AWAKE if t.hour in range(7, 22) else CheckState.ASLEEP,
                    condition=CheckCondition.NORMAL,
                    note="",
                )
                t += timedelta(minutes=every)

        # 1. Criminal detention, in custody, a full first evening.
        r = book(
            duty,
            itt1,
            person("Коваленко", "Андрій", "Петрович", date(1988, 3, 14), number="АН123456"),
            h(6),
            h(5),
            case="12026130000000457",
        )
        reception(r, duty, h(5), cell[("ITT1", "1")], relatives=False)
        add(
            r,
            duty,
            EntryKind.NOTIFICATION,
            h(5) + timedelta(minutes=15),
            recipient=NotificationRecipient.RELATIVE,
            recipient_name="Коваленко Олена (дружина)",
            method=NotificationMethod.PHONE,
            contact="+380501234567",
            result=NotificationResult.DELIVERED,
            note="",
        )
        checks(r, duty, h(4) + timedelta(minutes=30), 4)
        add(r, duty, EntryKind.MEAL, h(3), meal=Meal.DINNER, outcome=MealOutcome.EATEN, note="")

        # 2. Administrative detention of a woman; apostrophes in both names.
        r = book(
            duty,
            itt1,
            person(
                "Ком'якова",
                "Мар'яна",
                "Олегівна",
                date(1995, 7, 2),
                sex=Sex.FEMALE,
                number="004512378",
                doc=DocumentType.ID_CARD,
            ),
            h(2.5),
            h(2),
            basis=LegalBasis.CAO_262,
            case="ВАД 123456",
            grounds="Ст. 173 КУпАП, дрібне хуліганство; ст. 263 КУпАП.",
        )
        reception(
            r,
            duty,
            h(2),
            cell[("ITT1", "4")],
            sex=Sex.FEMALE,
            relatives=False,
            items=[{"description": "Сумка жіноча", "quantity": 1, "bag_number": "ПК-0146"}],
        )

        # 3. A minor: parents and guardianship body notified.
        r = book(
            duty,
            itt1,
            person(
                "Гриценко",
                "Максим",
                "Ігорович",
                timezone.localdate() - timedelta(days=16 * 365 + 40),
                doc=DocumentType.ID_CARD,
                number="001234987",
            ),
            h(3.5),
            h(3),
            case="12026130000000460",
        )
        reception(r, duty, h(3), cell[("ITT1", "7")])
        add(
            r,
            duty,
            EntryKind.NOTIFICATION,
            h(3) + timedelta(minutes=16),
            recipient=NotificationRecipient.PARENTS,
            recipient_name="Гриценко Ігор (батько)",
            method=NotificationMethod.PHONE,
            contact="+380671112233",
            result=NotificationResult.DELIVERED,
            note="Батько прибуде о 20:00",
        )
        add(
            r,
            duty,
            EntryKind.NOTIFICATION,
            h(3) + timedelta(minutes=18),
            recipient=NotificationRecipient.GUARDIANSHIP,
            recipient_name="Служба у справах дітей",
            method=NotificationMethod.PHONE,
            contact="+380645551122",
            result=NotificationResult.DELIVERED,
            note="",
        )

        # 4. A foreign national with an interpreter; consulate notified.
        r = book(
            duty,
            itt1,
            person(
                "Beridze",
                "Giorgi",
                "",
                date(1990, 11, 23),
                citizenship="GE",
                doc=DocumentType.FOREIGN_PASSPORT,
                number="15AB03456",
                language="грузинська",
                interpreter=True,
            ),
            h(8),
            h(7),
            case="12026130000000449",
        )
        reception(r, duty, h(7), cell[("ITT1", "3")], language="грузинська (перекладач)")
        add(
            r,
            duty,
            EntryKind.NOTIFICATION,
            h(7) + timedelta(minutes=40),
            recipient=NotificationRecipient.CONSULATE,
            recipient_name="Посольство Грузії в Україні",
            method=NotificationMethod.EMAIL,
            contact="kyiv.emb@mfa.gov.ge",
            result=NotificationResult.DELIVERED,
            note="",
        )
        checks(r, duty, h(6), 5)

        # 5. Intoxicated: checks every 30 minutes, roused.
        r = book(
            duty,
            itt1,
            person("Шевченко", "Василь", "Миколайович", date(1979, 1, 9), number="ВК778812"),
            h(4.5),
            h(4),
            basis=LegalBasis.CAO_262,
            grounds="Ст. 178 КУпАП.",
            is_intoxicated=True,
            observation_level=ObservationLevel.INTERMITTENT,
            risk_notes="Сильне алкогольне сп'яніння: перевірка кожні 30 хв з пробудженням.",
        )
        reception(r, duty, h(4), cell[("ITT1", "6")])
        t = h(3.5)
        while t < now:
            add(
                r,
                duty,
                EntryKind.CHECK,
                t,
                recorded_after=1,
                state=CheckState.ROUSED,
                condition=CheckCondition.NORMAL,
                note="",
            )
            t += timedelta(minutes=30)

        # 6. Out of the cell for an interview right now.
        r = book(
            duty,
            itt1,
            person("Бойко", "Роман", "Сергійович", date(1992, 5, 30), number="АК556677"),
            h(20),
            h(19),
            case="12026130000000431",
        )
        reception(r, duty, h(19), cell[("ITT1", "3")])
        checks(r, duty, h(18), 16)
        add(
            r,
            duty,
            EntryKind.MOVEMENT_OUT,
            h(1),
            purpose=MovementPurpose.INTERVIEW,
            taken_by="слідчий Гнатюк А. А., СВ ВП № 1",
            requested_by="слідчий Гнатюк А. А.",
            destination="кабінет 12, ВП № 1",
        )

        # 7. Released after a court hearing; movement out and back.
        r = book(
            duty,
            itt1,
            person("Мороз", "Дмитро", "Олександрович", date(1985, 9, 17), number="ЕО334455"),
            h(52),
            h(51),
            case="12026130000000401",
        )
        reception(r, duty, h(51), cell[("ITT1", "1")])
        add(
            r,
            duty,
            EntryKind.MOVEMENT_OUT,
            h(30),
            purpose=MovementPurpose.COURT,
            taken_by="конвой ВП № 1",
            requested_by="слідчий суддя",
            destination="Сєвєродонецький міський суд",
        )
        add(
            r,
            duty,
            EntryKind.MOVEMENT_RETURN,
            h(27),
            condition="Задовільний, скарг немає.",
            complaints="",
            new_injuries=False,
        )
        release(r, duty, h(26), "Ухвала слідчого судді про застосування особистого зобов'язання")

        # 8. Transferred to the pre-trial detention centre.
        r = book(
            duty,
            itt1,
            person("Ткачук", "Олександр", "Васильович", date(1983, 2, 11), number="СА998877"),
            h(70),
            h(69),
            case="12026130000000388",
        )
        reception(r, duty, h(69), cell[("ITT1", "2")])
        release(
            r,
            duty,
            h(22),
            "Ухвала про тримання під вартою",
            outcome=ReleaseOutcome.TRANSFERRED,
            destination=Destination.SIZO,
            destination_detail="Старобільська УВП (СІЗО)",
            property=PropertyReturn.HANDED_OVER,
            record_copy=True,
        )

        # 9. A placement typed into the wrong cell, corrected with a reason.
        r = book(
            duty,
            itt1,
            person("Литвиненко", "Юрій", "Андрійович", date(1999, 12, 1), number="КМ121212"),
            h(9),
            h(8.5),
            case="12026130000000452",
        )
        reception(r, duty, h(8.5), cell[("ITT1", "2")])
        wrong = r.entries.get(kind=EntryKind.PLACEMENT)
        services.correct_entry(
            entry=wrong,
            actor=head,
            occurred_at=wrong.occurred_at,
            details={"reason": "первинне розміщення"},
            cell=cell[("ITT1", "1")],
            reason="Помилково вказано камеру 2; фактично розміщено в камері 1 (підтверджено відеозаписом).",
            recorded_at=h(7.5),
        )

        # 10. Injuries on arrival documented by the medic.
        r = r_injured = book(
            duty,
            itt1,
            person("Руденко", "Павло", "Іванович", date(1990, 4, 4), number="МЕ454545"),
            h(12),
            h(11),
            case="12026130000000450",
        )
        reception(r, duty, h(11), cell[("ITT1", "3")])
        services.add_entry(
            record=r,
            actor=medic,
            kind=EntryKind.INJURY,
            occurred_at=h(10.6),
            details={
                "detainee_statement": "Упав на сходах під час затримання.",
                "objective_findings": "Садно 3×2 см на лівому передпліччі, синець під лівим оком 2 см.",
                "body_regions": [BodyRegion.LEFT_ARM, BodyRegion.FACE],
                "consistency": Consistency.UNDETERMINED,
                "opinion": "Потребує судово-медичної експертизи.",
                "photographed": True,
            },
            recorded_at=h(10.5),
        )
        services.add_entry(
            record=r,
            actor=duty,
            kind=EntryKind.COMPLAINT,
            occurred_at=h(10.55),
            details={
                "addressee": ComplaintAddressee.PROSECUTOR,
                "text": "Скарга на застосування сили під час затримання.",
                "forwarded": True,
            },
            recorded_at=h(10.5),
        )

        # 11–12. The second facility.
        r = book(
            duty2,
            itt2,
            person("Зайченко", "Ігор", "Петрович", date(1975, 8, 8), number="ЛС101010"),
            h(3),
            h(2.5),
            case="12026130000000461",
            place="м. Лисичанськ, вул. Миру, 3",
        )
        reception(r, duty2, h(2.5), cell[("ITT2", "1")], examiner=None)
        r = book(
            duty2,
            itt2,
            person("Олійник", "Тарас", "Богданович", date(1987, 6, 19), number="ЛС202020"),
            h(30),
            h(29),
            case="12026130000000420",
            place="м. Лисичанськ, вул. Гетьманська, 14",
        )
        reception(r, duty2, h(29), cell[("ITT2", "2")], examiner=None)
        release(r, duty2, h(6), "Ст. 211 КПК: повідомлення про підозру не вручено")

        # 13. On the way from ITT No. 1 to ITT No. 2: duty2's board expects him.
        r = book(
            duty,
            itt1,
            person("Гончаренко", "Віталій", "Олексійович", date(1991, 2, 14), number="СВ303030"),
            h(9),
            h(8.5),
            case="12026130000000477",
        )
        reception(
            r,
            duty,
            h(8.5),
            cell[("ITT1", "3")],
            items=[{"description": "Мобільний телефон Xiaomi", "quantity": 1, "bag_number": "ПК-0188"}],
        )
        services.transfer_out(
            record=r,
            actor=duty,
            occurred_at=h(1),
            to_facility=itt2,
            bags=["ПК-0188"],
            details={
                "legal_ground": "Доручення слідчого про переведення до ІТТ № 2",
                "property_signed": True,
                "condition": "Задовільний",
                "complaints": "",
                "record_copy": True,
                "note": "",
            },
            recorded_at=h(1) + timedelta(minutes=5),
        )
        self._held_past_the_limit(h, itt1, duty, cell[("ITT1", "3")], person, book, reception, add, checks)
        injured = r_injured
        self._routine(now, {"ITT1": duty, "ITT2": duty2})
        self._oversight(now, users, itt1, injured, cell)
        self.stdout.write(f"Created {CustodyRecord.objects.count()} custody records.")

    def _held_past_the_limit(self, h, itt1, duty, cell, person, book, reception, add, checks):
        """14. Brought before the court in time, but the hearing was adjourned with no ruling: 1 h
        32 min past the 72 h absolute limit (CPC art. 211 part 2) the person is still held, which
        the board shows first and unmistakably. In cell 3, which this fills: cell 2 stays empty for
        the browser journey that books a woman in."""
        r = book(
            duty,
            itt1,
            person("Савченко", "Олег", "Вікторович", date(1986, 10, 3), number="ВС343434"),
            h(73 + 32 / 60),
            h(73),
            case="12026130000000379",
        )
        reception(r, duty, h(73), cell)
        add(
            r,
            duty,
            EntryKind.SUSPICION_NOTICE,
            h(56),
            served_by="слідчий Гнатюк А. А., СВ ВП № 1",
            article="ч. 4 ст. 185 КК України",
            copy_handed=True,
        )
        checks(r, duty, h(72), 55)
        add(
            r,
            duty,
            EntryKind.MOVEMENT_OUT,
            h(16.5),
            purpose=MovementPurpose.COURT,
            taken_by="конвой ВП № 1",
            requested_by="слідчий суддя",
            destination="Сєвєродонецький міський суд",
        )
        add(
            r,
            duty,
            EntryKind.MOVEMENT_RETURN,
            h(13),
            condition="Задовільний, скарг немає. Розгляд клопотання відкладено, ухвали немає.",
            complaints="",
            new_injuries=False,
        )
        checks(r, duty, h(12.5), 12.5)
        for day in range(4):
            for meal, hour in ((Meal.BREAKFAST, 8), (Meal.LUNCH, 13), (Meal.DINNER, 18)):
                served = timezone.localtime(h(24 * day)).replace(hour=hour, minute=0, second=0, microsecond=0)
                if h(73) < served < h(0.1) and not h(16.5) <= served <= h(13):
                    add(r, duty, EntryKind.MEAL, served, meal=meal, outcome=MealOutcome.EATEN, note="")

    def _oversight(self, now, users, itt1, injured, cell):
        """A monitor's unannounced visit with a referred finding, and a named-access grant that has ended."""
        from inspections import services as inspections
        from oversight.grants import services as grants
        from oversight.visits import services as visits

        monitor, head = users["monitor"], users["head"]
        h = lambda hours: now - timedelta(hours=hours)  # noqa: E731
        grants.grant_named_access(
            actor=head,
            monitor=monitor,
            facility=itt1,
            ends_at=h(26),
            reason="Візит НПМ: перевірка скарг на застосування сили",
            recorded_at=h(30),
        )
        visit = visits.log_visit(
            actor=monitor,
            facility=itt1,
            started_at=h(6),
            ended_at=h(4.5),
            announced=False,
            detainees=[injured],
            staff_interviewed=2,
            cells=[cell[("ITT1", "1")], cell[("ITT1", "3")]],
            summary="Неоголошений візит. Конфіденційна розмова з однією особою; оглянуто камери 1 і 3.",
        )
        finding = inspections.record_finding(
            actor=monitor,
            facility=itt1,
            record=injured,
            visit=visit,
            severity=Severity.HIGH,
            description="Особа повідомила про застосування сили під час затримання; тілесні ушкодження "
            "задокументовані, але відеозапис із місця затримання не долучено.",
        )
        inspections.refer_finding(finding=finding, actor=monitor, note="Прошу перевірити та долучити відеозапис.")

    def _routine(self, now, officers):
        """Hourly checks and the day's meals for everyone still in custody, as a shift would
        have recorded them. What is left undone (a relative not notified, an administrative
        limit passed, an intoxicated man's 30-minute checks) shows on the board as live alerts."""
        for record in CustodyRecord.objects.in_custody().select_related("facility"):
            officer = officers[record.facility.code]
            if record.entries.filter(kind=EntryKind.CHECK).exists():
                continue
            t = record.arrived_at + timedelta(minutes=50)
            while t < now - timedelta(minutes=10):
                services.add_entry(
                    record=record,
                    actor=officer,
                    kind=EntryKind.CHECK,
                    occurred_at=t,
                    details={
                        "state": CheckState.AWAKE if 7 <= timezone.localtime(t).hour < 22 else CheckState.ASLEEP,
                        "condition": CheckCondition.NORMAL,
                        "note": "",
                    },
                    recorded_at=t + timedelta(minutes=1),
                )
                t += timedelta(minutes=50)
            for meal, hour in ((Meal.BREAKFAST, 8), (Meal.LUNCH, 13), (Meal.DINNER, 18)):
                served = timezone.localtime(now).replace(hour=hour, minute=0, second=0, microsecond=0)
                if served > now:
                    served -= timedelta(days=1)
                if record.arrived_at < served < now and not record.open_movement_id:
                    services.add_entry(
                        record=record,
                        actor=officer,
                        kind=EntryKind.MEAL,
                        occurred_at=served,
                        details={"meal": meal, "outcome": MealOutcome.EATEN, "note": ""},
                        recorded_at=min(served + timedelta(minutes=5), timezone.now()),  # served just now
                    )
