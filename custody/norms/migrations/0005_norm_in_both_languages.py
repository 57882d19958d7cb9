"""A norm carries its title and legal citation in Ukrainian as well as in English.

The rows already seeded get their Ukrainian text in the next migration; "" is only the value
the new columns start from.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("norms", "0004_medical_on_request")]

    operations = [
        migrations.AlterField(
            model_name="norm",
            name="title",
            field=models.CharField(max_length=200, verbose_name="title (English)"),
        ),
        migrations.AlterField(
            model_name="norm",
            name="citation",
            field=models.CharField(max_length=300, verbose_name="legal citation (English)"),
        ),
        migrations.AddField(
            model_name="norm",
            name="title_uk",
            field=models.CharField(default="", max_length=200, verbose_name="title (Ukrainian)"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="norm",
            name="citation_uk",
            field=models.CharField(default="", max_length=300, verbose_name="legal citation (Ukrainian)"),
            preserve_default=False,
        ),
    ]
