"""The data elements the indicator catalogue reads (editable names and sources in the admin)."""

from django.db import migrations

ELEMENTS = [
    ("industrial_production_value", "Giá trị sản xuất công nghiệp", "Industrial production value", "vnd",
     "Cơ quan thống kê (Cục Thống kê tỉnh/thành phố)", 1),
    ("cnnt_production_value", "Giá trị sản xuất công nghiệp nông thôn (CNNT)", "Rural industrial production value",
     "vnd", "Cơ quan thống kê; Sở Công Thương", 2),
    ("handicraft_exports_usd", "Kim ngạch xuất khẩu hàng thủ công mỹ nghệ", "Handicraft exports", "usd",
     "Cơ quan thống kê; Sở Công Thương", 3),
]


def seed(apps, schema_editor):
    DataElement = apps.get_model("indicators", "DataElement")
    for code, name, name_en, unit, source, order in ELEMENTS:
        DataElement.objects.update_or_create(code=code, defaults={
            "name": name, "name_en": name_en, "unit": unit, "period_type": "year", "source": source, "order": order})


def unseed(apps, schema_editor):
    apps.get_model("indicators", "DataElement").objects.filter(code__in=[e[0] for e in ELEMENTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
