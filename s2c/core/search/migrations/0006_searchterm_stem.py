"""The vocabulary by stem: a question's words find the indexed words sharing their stems
in one lookup (snippets and ranking match words without stemming each one)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("search", "0005_engine")]

    operations = [
        migrations.AddIndex(
            model_name="searchterm",
            index=models.Index(fields=["stem"], name="searchterm_stem_idx"),
        ),
    ]
