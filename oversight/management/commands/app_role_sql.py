"""Print the PostgreSQL grants for the application's login role (see docs/postgresql-roles.md).

python manage.py app_role_sql custody_app | psql "$OWNER_DATABASE_URL"
"""

from django.core.management.base import BaseCommand

from custody.lib.appendonly import app_role_privileges


class Command(BaseCommand):
    help = "Print the GRANT / REVOKE statements that make history tables read-and-append-only for the app role."

    def add_arguments(self, parser):
        parser.add_argument("role", help="The PostgreSQL role the application connects as.")

    def handle(self, *args, role, **options):
        self.stdout.write("\n".join(app_role_privileges(role)))
