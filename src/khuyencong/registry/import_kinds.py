"""Import kinds of the registry: establishments, craft_villages, village_years, products."""

from khuyencong.imports.columns import Bool, Code, CraftList, Date, Enum, Int, Money, Ref, TaxCode, Text, UnitCode, Year
from khuyencong.imports.kinds.base import Column, Kind, register
from khuyencong.registry.derive import match_name
from khuyencong.registry.models import (
    Craft,
    CraftVillage,
    CraftVillageYear,
    Establishment,
    EstablishmentKind,
    Product,
    Recognition,
    Sector,
)
from khuyencong.registry.services import village_default_coordinates


def _commune(required=True):
    return Column("commune_code", "Mã xã/phường", UnitCode(), required=required, field="commune_id",
                  source="commune__code")


SECTORS = [("a", "Chế biến nông, lâm, thủy sản"), ("b", "Hàng tiêu dùng, xuất khẩu"),
            ("c", "Hóa chất nông nghiệp, vật liệu xây dựng"), ("d", "Cơ khí, điện, điện tử, công nghiệp hỗ trợ"),
            ("đ", "Thủ công mỹ nghệ"), ("e", "Khai thác, chế biến khoáng sản"),
            ("g", "Sản xuất sạch hơn, xử lý ô nhiễm")]


establishments = register(Kind(
    key="establishments",
    label="Cơ sở CNNT",
    model=Establishment,
    description="Cơ sở công nghiệp nông thôn: doanh nghiệp, HTX, tổ hợp tác, hộ kinh doanh.",
    columns=[
        Column("code", "Mã cơ sở", Code(), required=True),
        Column("name", "Tên cơ sở", Text(255), required=True),
        Column("kind", "Loại hình", Enum.of(EstablishmentKind), required=True),
        _commune(),
        Column("tax_code", "Mã số thuế", TaxCode(), null=True, note="duy nhất; khoá phụ để khớp cơ sở"),
        Column("address", "Địa chỉ", Text(300)),
        Column("sector", "Ngành", Enum(options=SECTORS, model=Sector), field="sector_id",
               source="sector__code", note="a, b, c, d, đ, e, g (Nghị định 45/2012, Điều 5)"),
        Column("craft_village_code", "Mã làng nghề", Ref(model=CraftVillage, what="làng nghề"),
               field="craft_village_id", source="craft_village__code"),
        Column("workers", "Số lao động", Int()),
        Column("founded_year", "Năm thành lập", Year()),
        Column("polluting", "Gây ô nhiễm", Bool(), note="để trống: không"),
    ],
    secondary_keys=("tax_code",),
    flag_duplicates=match_name,
    list_url="registry:establishment_list",
    filter_form="khuyencong.registry.forms.EstablishmentFilterForm",
    list_selector="khuyencong.registry.selectors.establishment_list",
    export_order=("code",),
))


def _village_clean(values, errors):
    recognition = values.get("recognition")
    if recognition and recognition != Recognition.NONE and not values.get("recognition_year"):
        errors.append(("recognition_year", "Làng đã được công nhận phải có năm công nhận."))


def _village_coordinates(importer, rows, *, actor, summary):
    """Villages created, or moved to another commune, get their commune's point, as the village service
    gives them (`village_default_coordinates`, the one rule): the file has no coordinate columns. Runs in
    the writer's transaction, one read and one bulk update per batch."""
    moved = [pk for plan, pk in rows if plan.pk is None or "commune_code" in plan.changes]
    placed = 0
    for start in range(0, len(moved), importer.batch_size):
        batch = moved[start:start + importer.batch_size]
        villages = list(CraftVillage.objects.filter(pk__in=batch).select_related("commune", "current_commune")
                        .only("pk", "latitude", "longitude", "commune__latitude", "commune__longitude",
                              "current_commune__latitude", "current_commune__longitude"))
        for village in villages:
            village.latitude = village.longitude = None
            village_default_coordinates(village)
        CraftVillage.objects.bulk_update(villages, ["latitude", "longitude"])
        placed += sum(v.latitude is not None for v in villages)
    if placed:
        importer.result.notes.append(f"{placed} làng được đặt tại toạ độ của xã/phường.")


craft_villages = register(Kind(
    key="craft_villages",
    label="Làng nghề",
    model=CraftVillage,
    description="Làng nghề, làng nghề truyền thống và làng có nghề.",
    columns=[
        Column("code", "Mã làng", Code(), required=True),
        Column("name", "Tên làng", Text(200), required=True),
        _commune(),
        Column("crafts", "Nghề", CraftList(model=Craft), required=True, source=None),
        Column("recognition", "Công nhận", Enum.of(Recognition), note="để trống: none (chưa công nhận)"),
        Column("recognition_year", "Năm công nhận", Year()),
        Column("recognition_decision", "Quyết định công nhận", Text(120)),
        Column("description", "Giới thiệu", Text(1500), note="hiện trên cổng thông tin nếu làng đã được công nhận"),
    ],
    clean_row=_village_clean,
    after_write=_village_coordinates,
    list_url="registry:village_list",
    filter_form="khuyencong.registry.forms.VillageFilterForm",
    list_selector="khuyencong.registry.selectors.village_list",
    export_order=("code",),
))


def _year_clean(values, errors):
    households, craft = values.get("households"), values.get("craft_households")
    if households is not None and craft is not None and craft > households:
        errors.append(("craft_households", f"Số hộ làm nghề ({craft}) lớn hơn tổng số hộ ({households})."))


village_years = register(Kind(
    key="village_years",
    label="Số liệu năm của làng nghề",
    model=CraftVillageYear,
    description="Số liệu thống kê hằng năm của làng nghề.",
    columns=[
        Column("village_code", "Mã làng", Ref(model=CraftVillage, what="làng nghề"), required=True,
               field="village_id", source="village__code"),
        Column("year", "Năm", Year(), required=True),
        Column("households", "Số hộ", Int()),
        Column("craft_households", "Số hộ làm nghề", Int()),
        Column("workers", "Số lao động", Int()),
        Column("production_value", "Giá trị sản xuất (đồng)", Money()),
    ],
    key_columns=("village_code", "year"),
    scope_column="village_code",
    clean_row=_year_clean,
    list_url="registry:village_list",
    filter_form="khuyencong.registry.forms.VillageFilterForm",
    list_selector="khuyencong.registry.selectors.village_year_list",
    export_order=("village__code", "year"),
))


def _product_clean(values, errors):
    if values.get("design_date") and "is_new_design" in values and not values["is_new_design"]:
        errors.append(("design_date", "Chỉ mẫu mới mới có ngày thiết kế (is_new_design = có)."))


products = register(Kind(
    key="products",
    label="Sản phẩm",
    model=Product,
    description="Sản phẩm và mẫu mới của cơ sở CNNT.",
    columns=[
        Column("code", "Mã sản phẩm", Code(), required=True),
        Column("name", "Tên sản phẩm", Text(255), required=True),
        Column("establishment_code", "Mã cơ sở", Ref(model=Establishment, what="cơ sở CNNT"), required=True,
               field="establishment_id", source="establishment__code"),
        Column("is_new_design", "Mẫu mới", Bool(), note="để trống: không"),
        Column("design_date", "Ngày thiết kế", Date()),
    ],
    scope_column="establishment_code",
    clean_row=_product_clean,
    list_url="registry:product_list",
    filter_form="khuyencong.registry.forms.ProductFilterForm",
    list_selector="khuyencong.registry.selectors.product_list",
    export_order=("code",),
))
