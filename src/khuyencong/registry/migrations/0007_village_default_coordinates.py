from django.db import migrations
from django.db.models import Q


def place_villages(apps, schema_editor):
    """Villages created without coordinates by paths that skipped the service (the training demo, imports)
    get their commune's point, or today's commune's, as the service gives every new village."""
    CraftVillage = apps.get_model("registry", "CraftVillage")
    missing = (CraftVillage.objects.filter(Q(latitude__isnull=True) | Q(longitude__isnull=True))
               .select_related("commune", "current_commune"))
    placed = []
    for village in missing.iterator(chunk_size=2000):
        for unit in (village.commune, village.current_commune):
            if unit is not None and unit.latitude is not None and unit.longitude is not None:
                village.latitude, village.longitude = unit.latitude, unit.longitude
                placed.append(village)
                break
    CraftVillage.objects.bulk_update(placed, ["latitude", "longitude"], batch_size=2000)


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0006_decree_order_craft_case"),
    ]

    operations = [migrations.RunPython(place_villages, migrations.RunPython.noop)]
