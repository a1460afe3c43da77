"""A document's English title and summary (where its object has them): searched beside
the Indonesian ones and shown to visitors reading in English. Existing documents get
them at the next ``search_rebuild``."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("search", "0003_document_kind")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="title_en",
            field=models.CharField(blank=True, max_length=500, verbose_name="title in English"),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="summary_en",
            field=models.TextField(blank=True, verbose_name="summary in English"),
        ),
    ]
