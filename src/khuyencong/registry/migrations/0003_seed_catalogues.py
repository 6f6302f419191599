"""Catalogues and legal rules as data: sectors (ND 45/2012 Điều 5), village criteria (ND 52/2018 Điều 5),
typical-product rule (TT 26/2014/TT-BCT), OCOP star bands (QĐ 1048/QĐ-TTg 2019). Administrators edit them."""

import datetime
from decimal import Decimal

from django.db import migrations

SECTORS = [
    ("a", "Chế biến nông, lâm, thủy sản và chế biến thực phẩm"),
    ("b", "Sản xuất hàng công nghiệp phục vụ tiêu dùng, xuất khẩu, hàng thay thế hàng nhập khẩu"),
    ("c", "Công nghiệp hóa chất phục vụ nông nghiệp, nông thôn; sản xuất vật liệu xây dựng"),
    ("d", "Sản xuất sản phẩm, phụ tùng; lắp ráp và sửa chữa máy móc, thiết bị, dụng cụ cơ khí, điện, điện tử"
          "; công nghiệp hỗ trợ"),
    ("đ", "Sản xuất sản phẩm thủ công mỹ nghệ"),
    ("e", "Khai thác, chế biến khoáng sản tại địa bàn có điều kiện kinh tế - xã hội khó khăn"),
    ("g", "Áp dụng sản xuất sạch hơn; xử lý ô nhiễm môi trường tại các cụm công nghiệp, cơ sở CNNT"),
]

OCOP_BASIS = "QĐ 1048/QĐ-TTg ngày 21/08/2019"
OCOP_BANDS = [(1, "0", "29.99"), (2, "30", "49.99"), (3, "50", "69.99"), (4, "70", "89.99"), (5, "90", "100")]


def seed(apps, schema_editor):
    Sector = apps.get_model("registry", "Sector")
    for code, name in SECTORS:
        Sector.objects.update_or_create(code=code, defaults={"name": name})
    apps.get_model("registry", "VillageCriteria").objects.get_or_create(
        legal_basis="NĐ 52/2018/NĐ-CP, Điều 5",
        defaults={"valid_from": datetime.date(2018, 6, 1), "min_craft_household_share": Decimal("20"),
                  "min_stable_years": 2},
    )
    apps.get_model("registry", "TypicalProductRule").objects.get_or_create(
        legal_basis="TT 26/2014/TT-BCT (Điều 7, Điều 10)",
        defaults={"valid_from": datetime.date(2014, 10, 21), "min_score": Decimal("70"), "valid_years": 3},
    )
    Band = apps.get_model("registry", "OcopStarBand")
    for stars, low, high in OCOP_BANDS:
        Band.objects.get_or_create(
            legal_basis=OCOP_BASIS, stars=stars,
            defaults={"valid_from": datetime.date(2019, 8, 21), "min_score": Decimal(low),
                      "max_score": Decimal(high)},
        )


def unseed(apps, schema_editor):
    apps.get_model("registry", "OcopStarBand").objects.filter(legal_basis=OCOP_BASIS).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_duplicates_and_indexes")]
    operations = [migrations.RunPython(seed, unseed)]
