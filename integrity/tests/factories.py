"""Test support: factories write the way the application does, sealed into a log."""

import factory
from django.db import transaction

from custody.lib.audit import writing
from integrity.log import seal


class SealedFactory(factory.django.DjangoModelFactory):
    """A factory whose `create` is one sealed write (national log unless `log_facility` says)."""

    class Meta:
        abstract = True

    @classmethod
    def log_facility(cls, obj):
        return None

    @classmethod
    def create(cls, **kwargs):
        with transaction.atomic(), writing():
            obj = super().create(**kwargs)
            seal(facility=cls.log_facility(obj))
        return obj
