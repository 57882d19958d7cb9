import factory

from custody.facilities.models import Cell, Facility, Region
from integrity.tests.factories import SealedFactory


class RegionFactory(SealedFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"Область {n}")


class FacilityFactory(SealedFactory):
    class Meta:
        model = Facility

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"ІТТ № {n}")
    code = factory.Sequence(lambda n: f"ITT{n}")


class CellFactory(SealedFactory):
    class Meta:
        model = Cell

    facility = factory.SubFactory(FacilityFactory)
    number = factory.Sequence(lambda n: f"F{n}")  # never collides with fixtures numbered "1", "7"…
    capacity = 2
    floor_area_m2 = 9
