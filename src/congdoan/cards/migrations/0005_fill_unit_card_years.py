from django.db import migrations
from django.db.models import Count
from django.db.models.functions import ExtractYear


def fill(apps, schema_editor):
    """Count the cards each union issued each year, from the cards issued so far."""
    Card = apps.get_model("cards", "Card")
    UnitCardYear = apps.get_model("cards", "UnitCardYear")
    counts = (
        Card.objects.filter(issued_on__isnull=False)
        .annotate(year=ExtractYear("issued_on"))
        .values("issuing_unit", "year")
        .annotate(issued=Count("pk"))
    )
    UnitCardYear.objects.bulk_create(
        [
            UnitCardYear(unit_id=row["issuing_unit"], year=row["year"], issued=row["issued"])
            for row in counts.iterator()
        ],
        batch_size=5000,
    )


def empty(apps, schema_editor):
    apps.get_model("cards", "UnitCardYear").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("cards", "0004_unit_card_years")]

    operations = [migrations.RunPython(fill, empty)]
