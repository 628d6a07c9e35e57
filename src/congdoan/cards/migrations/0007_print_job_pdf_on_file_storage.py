"""Print jobs keep their PDF on the file storage instead of in a database column: the
PDFs already made move there."""

from django.core.files.base import ContentFile
from django.db import migrations, models


def to_storage(apps, schema_editor):
    PrintJob = apps.get_model("cards", "PrintJob")
    for job in PrintJob.objects.exclude(pdf=b"").iterator(chunk_size=20):
        job.file.save(f"the-doan-vien-{job.pk}.pdf", ContentFile(bytes(job.pdf)), save=False)
        PrintJob.objects.filter(pk=job.pk).update(file=job.file.name)


def to_column(apps, schema_editor):
    PrintJob = apps.get_model("cards", "PrintJob")
    for job in PrintJob.objects.exclude(file="").iterator(chunk_size=20):
        with job.file.open("rb") as stored:
            PrintJob.objects.filter(pk=job.pk).update(pdf=stored.read())


class Migration(migrations.Migration):
    dependencies = [("cards", "0006_card_photos")]

    operations = [
        migrations.AddField(
            model_name="printjob",
            name="file",
            field=models.FileField(
                blank=True, editable=False, upload_to="print-jobs/%Y/%m/", verbose_name="PDF"
            ),
        ),
        migrations.RunPython(to_storage, to_column),
        migrations.RemoveField(model_name="printjob", name="pdf"),
    ]
