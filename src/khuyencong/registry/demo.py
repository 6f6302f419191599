# ruff: noqa: E501  (data tables read best one record per line)
"""Demo registry: real Hanoi craft villages in both hierarchies, establishments, 2014–2015 statistics,
products with new designs, and one likely duplicate pair. Idempotent (skips what exists)."""

import datetime
import time

from khuyencong.accounts.models import User
from khuyencong.core.audit import AuditAction
from khuyencong.geo.models import AdminUnit, Hierarchy
from khuyencong.registry.models import CertificateKind, CraftVillage, DuplicateFlag, Recognition, Sector
from khuyencong.registry.services import (
    certificate_add,
    establishment_create,
    product_create,
    village_create,
    village_year_upsert,
)

L, C = Hierarchy.LEGACY, Hierarchy.CURRENT
LN, TT, NO = Recognition.LANG_NGHE, Recognition.TRADITIONAL, Recognition.NONE

# code, name, (hierarchy, commune code), crafts, recognition, year, households, craft households, workers,
# production value 2015 (triệu đồng)
VILLAGES = [
    ("LN-VANPHUC", "Làng nghề lụa Vạn Phúc", (L, "09544"), ["dệt lụa"], TT, 2001, 1320, 780, 2600, 180_000),
    ("LN-BATTRANG", "Làng gốm Bát Tràng", (L, "00583"), ["gốm sứ"], TT, 2004, 1950, 1600, 6500, 950_000),
    ("LN-PHUVINH", "Làng mây tre đan Phú Vinh", (L, "10033"), ["mây tre đan"], TT, 2002, 820, 610, 3200, 210_000),
    ("LN-SONDONG", "Làng tạc tượng Sơn Đồng", (L, "09859"), ["chạm khắc gỗ", "sơn mài"], TT, 2003, 1500, 900, 3100, 320_000),
    ("LN-QPCAU", "Làng hương Quảng Phú Cầu", (L, "10366"), ["làm hương", "mây tre đan"], LN, 2005, 2600, 1900, 7800, 650_000),
    ("LN-HATHAI", "Làng sơn mài Hạ Thái", (L, "10192"), ["sơn mài"], TT, 2001, 700, 420, 1300, 95_000),
    ("LN-KIEUKY", "Làng quỳ vàng Kiêu Kỵ", (L, "00580"), ["dát vàng bạc quỳ", "da giày"], TT, 2006, 1800, 540, 1900, 140_000),
    ("LN-NHIKHE", "Làng tiện gỗ Nhị Khê", (L, "10189"), ["tiện gỗ"], TT, 2002, 1100, 620, 2300, 160_000),
    ("LN-THACHXA", "Làng chuồn chuồn tre Thạch Xá", (L, "10003"), ["mây tre đan", "đồ chơi tre"], LN, 2008, 1900, 420, 1500, 60_000),
    ("LN-DUONGLIEU", "Làng chế biến nông sản Dương Liễu", (L, "09841"), ["chế biến nông sản"], LN, 2007, 3100, 1400, 5200, 720_000),
    ("LN-CHUYENMY", "Làng khảm trai Chuyên Mỹ", (L, "10321"), ["khảm trai"], TT, 2003, 2200, 1500, 4100, 260_000),
    ("LN-PHUTUC", "Làng mây tre giang đan Phú Túc", (L, "10294"), ["mây tre đan", "bèo bồng"], LN, 2009, 2500, 1300, 3600, 180_000),
    ("LN-TANUOC", "Làng giò chả Ước Lễ", (L, "10165"), ["chế biến thực phẩm"], TT, 2010, 950, 320, 900, 75_000),
    ("LN-THUYXUANTIEN", "Làng mây tre đan Thủy Xuân Tiên", (L, "10045"), ["mây tre đan"], NO, None, 1300, 180, 500, 25_000),
    ("LN-DAIYEN", "Làng khảm trai Đại Yên", (L, "10054"), ["khảm trai"], NO, None, 900, 150, 300, 12_000),
    ("LN-PHUNGHIA-MOI", "Thôn Phú Vinh mới (xã Phú Nghĩa)", (C, "10030"), ["mây tre đan"], NO, None, 400, 70, 160, 9_000),
]

# code, name, kind, village code, tax code, sector, workers, founded, polluting
ESTABLISHMENTS = [
    ("CS-0001", "Công ty TNHH Lụa Vạn Phúc Hà Đông", "DN", "LN-VANPHUC", "0101000001", "b", 85, 2003, False),
    ("CS-0002", "Hộ kinh doanh Dệt lụa Triệu Văn Mão", "HKD", "LN-VANPHUC", None, "đ", 12, 1995, False),
    ("CS-0003", "Công ty CP Gốm sứ Bát Tràng Hà Nội", "DN", "LN-BATTRANG", "0101000002", "đ", 240, 1998, True),
    ("CS-0004", "HTX Gốm sứ Bát Tràng", "HTX", "LN-BATTRANG", "0101000003", "đ", 120, 1994, True),
    ("CS-0005", "Cơ sở gốm Minh Hải", "HKD", "LN-BATTRANG", None, "đ", 18, 2008, False),
    ("CS-0006", "HTX Mây tre đan Phú Vinh", "HTX", "LN-PHUVINH", "0101000004", "đ", 210, 1998, False),
    ("CS-0007", "Công ty TNHH Thủ công mỹ nghệ xuất khẩu Trường Yên", "DN", "LN-PHUVINH", "0101000005", "đ", 95, 2005, False),
    ("CS-0008", "Cơ sở mây tre Nguyễn Văn Điển", "HKD", "LN-PHUVINH", None, "đ", 15, 2001, False),
    ("CS-0009", "Công ty TNHH Tượng gỗ Sơn Đồng", "DN", "LN-SONDONG", "0101000006", "đ", 60, 2006, False),
    ("CS-0010", "Xưởng sơn mài Hạ Thái", "HKD", "LN-HATHAI", None, "đ", 25, 1990, True),
    ("CS-0011", "Công ty CP Sơn mài Duyên Thái", "DN", "LN-HATHAI", "0101000007", "đ", 70, 2004, True),
    ("CS-0012", "HTX Hương Quảng Phú Cầu", "HTX", "LN-QPCAU", "0101000008", "đ", 150, 2007, False),
    ("CS-0013", "Công ty TNHH Dát vàng Kiêu Kỵ", "DN", "LN-KIEUKY", "0101000009", "đ", 40, 2009, False),
    ("CS-0014", "Tổ hợp tác tiện gỗ Nhị Khê", "THT", "LN-NHIKHE", None, "đ", 30, 2011, False),
    ("CS-0015", "Công ty TNHH Chế biến nông sản Dương Liễu", "DN", "LN-DUONGLIEU", "0101000010", "a", 110, 2002, True),
    ("CS-0016", "Cơ sở miến dong Dương Liễu", "HKD", "LN-DUONGLIEU", None, "a", 20, 2010, True),
    ("CS-0017", "HTX Khảm trai Chuyên Mỹ", "HTX", "LN-CHUYENMY", "0101000011", "đ", 90, 2000, False),
    ("CS-0018", "Công ty TNHH Mây tre giang đan Phú Túc", "DN", "LN-PHUTUC", "0101000012", "đ", 130, 2008, False),
    ("CS-0019", "Cơ sở giò chả Ước Lễ Hồng Hạnh", "HKD", "LN-TANUOC", None, "a", 14, 2005, False),
    ("CS-0020", "Công ty TNHH Cơ khí Chương Mỹ", "DN", None, "0101000013", "d", 55, 2012, True),
    ("CS-0021", "Hộ kinh doanh mây tre Thủy Xuân Tiên", "HKD", "LN-THUYXUANTIEN", None, "đ", 8, 2013, False),
    ("CS-0022", "Công ty TNHH Khảm trai Đại Yên", "DN", "LN-DAIYEN", "0101000014", "đ", 35, 2010, False),
    # The likely duplicate: the same cooperative typed again under today's commune.
    ("CS-0023", "Hợp tác xã Mây tre đan Phú Vinh", "HTX", "LN-PHUNGHIA-MOI", None, "đ", 200, 1998, False),
    ("CS-0024", "Cơ sở chuồn chuồn tre Thạch Xá", "HKD", "LN-THACHXA", None, "đ", 10, 2009, False),
]

PRODUCTS = [
    ("SP-0001", "Khăn lụa tơ tằm Vạn Phúc hoa sen", "CS-0001", datetime.date(2014, 5, 12)),
    ("SP-0002", "Bình gốm men lam Bát Tràng", "CS-0003", datetime.date(2015, 3, 2)),
    ("SP-0003", "Bộ ấm chén men rạn", "CS-0004", None),
    ("SP-0004", "Giỏ mây đan hoa văn trống đồng", "CS-0006", datetime.date(2015, 9, 20)),
    ("SP-0005", "Đèn mây tre lục giác", "CS-0007", datetime.date(2014, 11, 5)),
    ("SP-0006", "Tượng gỗ sơn son thếp vàng", "CS-0009", None),
    ("SP-0007", "Tranh sơn mài phong cảnh Hồ Gươm", "CS-0011", datetime.date(2015, 6, 1)),
    ("SP-0008", "Hộp khảm trai hoa mai", "CS-0017", datetime.date(2014, 8, 15)),
]


def _unit(ref) -> AdminUnit:
    hierarchy, code = ref
    return AdminUnit.objects.get(hierarchy=hierarchy, code=code)


def seed(stdout) -> None:
    started = time.monotonic()
    if CraftVillage.objects.filter(code="LN-VANPHUC").exists():
        stdout.write("Sổ đăng ký: dữ liệu mẫu đã có, bỏ qua.")
        return
    actor = User.objects.filter(username="canbo").first()
    villages = {}
    for code, name, ref, crafts, recognition, year, households, craft_h, workers, value in VILLAGES:
        village = village_create(actor=actor, code=code, name=name, commune=_unit(ref), crafts=crafts,
                                 recognition=recognition, recognition_year=year,
                                 recognition_decision=f"QĐ {100 + len(villages)}/QĐ-UBND" if year else "",
                                 audit_action=AuditAction.IMPORT)
        villages[code] = village
        for stat_year, factor in ((2014, 0.93), (2015, 1.0)):
            village_year_upsert(actor=actor, village=village, year=stat_year, households=households,
                                craft_households=int(craft_h * factor), workers=int(workers * factor),
                                production_value=int(value * factor) * 1_000_000,
                                export_value=int(value * factor * 0.2) * 1_000_000)
    sectors = {s.code: s for s in Sector.objects.all()}
    establishments = {}
    for code, name, kind, village_code, tax, sector, workers, founded, polluting in ESTABLISHMENTS:
        village = villages.get(village_code)
        commune = village.commune if village else AdminUnit.objects.get(hierarchy=L, code="10021")
        establishments[code] = establishment_create(
            actor=actor, code=code, name=name, kind=kind, commune=commune, tax_code=tax,
            address=f"{village.name if village else 'Cụm công nghiệp Phụng Châu'}, {commune.name}",
            sector=sectors.get(sector), craft_village=village, workers=workers, founded_year=founded,
            polluting=polluting,
        )
    for code, name, est_code, design_date in PRODUCTS:
        product = product_create(actor=actor, code=code, name=name, establishment=establishments[est_code],
                                 is_new_design=design_date is not None, design_date=design_date)
        if code in ("SP-0002", "SP-0004"):
            certificate_add(actor=actor, product=product, kind=CertificateKind.TYPICAL, level="province",
                            year=2015, score=82, decision="QĐ 5678/QĐ-UBND")
        if code == "SP-0001":
            certificate_add(actor=actor, product=product, kind=CertificateKind.OCOP, year=2020, score=76)
    flagged = DuplicateFlag.objects.count()
    stdout.write(f"Sổ đăng ký: {len(villages)} làng nghề, {len(establishments)} cơ sở, {len(PRODUCTS)} sản phẩm, "
                 f"{flagged} cặp nghi trùng ({time.monotonic() - started:.1f} giây).")
