from django.db import migrations
from django.db.models import Count, Q


def fill(apps, schema_editor):
    """Count, per union, the active members whose record holds a card number."""
    Member = apps.get_model("members", "Member")
    UnitMemberCount = apps.get_model("members", "UnitMemberCount")
    counts = (
        Member.objects.filter(status="active")
        .exclude(card_number="")
        .values("unit")
        .annotate(with_card=Count("pk"))
    )
    for row in counts.iterator():
        UnitMemberCount.objects.filter(unit_id=row["unit"]).update(with_card=row["with_card"])


def empty(apps, schema_editor):
    UnitMemberCount = apps.get_model("members", "UnitMemberCount")
    UnitMemberCount.objects.filter(~Q(with_card=0)).update(with_card=0)


class Migration(migrations.Migration):
    dependencies = [("members", "0011_unit_figures_with_card")]

    operations = [migrations.RunPython(fill, empty)]
