"""Django's createsuperuser, its audit row sealed into the national log like every other write."""

from django.contrib.auth.management.commands.createsuperuser import Command as DjangoCommand

from integrity.log import sealed


class Command(DjangoCommand):
    def handle(self, *args, **options):
        with sealed():
            return super().handle(*args, **options)
