"""A review item remembers the norm version it was computed from, to show its title and citation in the reader's language."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0002_finding_visit"),
        ("norms", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="reviewitem",
            name="norm",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="norms.norm",
                verbose_name="norm",
            ),
        ),
    ]
