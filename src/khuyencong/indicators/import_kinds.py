"""Import kinds of the indicators app: reported data values (`data_values`) and targets (`targets`).

Both name a unit at any level (a province's figures are entered for the province) in the hierarchy the import
names (`--hierarchy legacy|current` or a `hierarchy` column). Scope is checked per unit (`check_plans`): a unit
outside the importer's area is refused like a row naming an unknown code. An approved value is locked: a row
that would change it is refused with who can unlock it.
"""

from decimal import Decimal

from khuyencong.core.formatting import NumberError, parse_number
from khuyencong.imports.columns import CellError, ColumnType, Enum, Ref, Text, UnitCode, Year
from khuyencong.imports.kinds.base import Column, Kind, register
from khuyencong.indicators.catalogue import CATALOGUE
from khuyencong.indicators.models import DataElement, DataValue, Target, ValueState
from khuyencong.indicators.permissions import ENTRY_ROLES, TARGET_ROLES, locked_reason, visible_unit_ids


class Number(ColumnType):
    """A number cell, or text as Vietnamese write it (1.350; 626,5) or with a decimal point (626.5)."""

    description = "Số: ô kiểu số, hoặc viết 1.350 / 626,5"

    def parse(self, raw):
        try:
            return parse_number(raw)
        except NumberError as exc:
            raise CellError(str(exc)) from None

    def export(self, value):
        if value is None:
            return None
        value = Decimal(value)
        return int(value) if value == value.to_integral_value() else float(value)


def _unit(key="unit_code", label="Mã đơn vị"):
    return Column(key, label, UnitCode(any_level=True), required=True, field="unit_id", source="unit__code",
                  note="tỉnh 01, quận/huyện cũ 277, xã/phường 10030, trong hệ thống mã đơn vị đã chọn")


def _scope_errors(importer, plans, roles) -> dict:
    """Rows naming a unit outside the importer's area (refused like a row naming an unknown code)."""
    visible = visible_unit_ids(importer.user, roles=roles)
    refused: dict[int, list] = {}
    if visible is None:
        return refused
    for plan in plans:
        hierarchy = plan.values.get("hierarchy") or importer.hierarchy
        if importer._unit_map(hierarchy)[plan.values["unit_code"]] not in visible:
            refused.setdefault(plan.row, []).append(("unit_code", "Đơn vị này nằm ngoài phạm vi đơn vị của bạn."))
    return refused


def _values_check(importer, plans) -> dict:
    refused = _scope_errors(importer, plans, ENTRY_ROLES)
    changing = {plan.pk: plan for plan in plans if plan.pk is not None and plan.changes}
    for value in DataValue.objects.filter(pk__in=list(changing), state=ValueState.APPROVED).select_related(
            "approved_by"):
        refused.setdefault(changing[value.pk].row, []).append(("value", locked_reason(value)))
    return refused


def _values_written(importer, rows, *, actor, summary) -> None:
    """A value the file created or changed is a draft entered by the importer (an approved one never gets here)."""
    touched = [pk for plan, pk in rows if plan.pk is None or plan.changes]
    if touched:
        DataValue.objects.filter(pk__in=touched).update(entered_by=actor, state=ValueState.DRAFT, approved_by=None,
                                                        approved_at=None)


data_values = register(Kind(
    key="data_values",
    label="Số liệu báo cáo",
    model=DataValue,
    description="Số liệu báo cáo theo đơn vị và năm (giá trị sản xuất công nghiệp, CNNT, xuất khẩu thủ công mỹ "
                "nghệ…); số liệu của tỉnh nhập cho mã tỉnh.",
    columns=[
        Column("element", "Chỉ tiêu dữ liệu", Ref(model=DataElement, what="chỉ tiêu dữ liệu", max_length=64),
               required=True, field="element_id", source="element__code",
               note="industrial_production_value, cnnt_production_value, handicraft_exports_usd"),
        _unit(),
        Column("year", "Năm", Year(min_value=1990), required=True),
        Column("value", "Giá trị", Number(), required=True, note="đồng, USD, người hoặc % theo chỉ tiêu dữ liệu"),
    ],
    key_columns=("element", "unit_code", "year"),
    scope_column=None,
    import_roles=ENTRY_ROLES,
    check_plans=_values_check,
    after_write=_values_written,
    list_url="indicators:data_entry",
    filter_form="khuyencong.indicators.forms.DataValueFilterForm",
    list_selector="khuyencong.indicators.selectors.data_value_list",
    export_order=("element__code", "unit__hierarchy", "unit__code", "year"),
))


def _target_clean(values, errors):
    start, end = values.get("start_year"), values.get("end_year")
    if start is not None and end is not None and end < start:
        errors.append(("end_year", f"Năm cuối {end} trước năm đầu {start}: viết {end}–{start} theo thứ tự "
                                   f"năm đầu {end}, năm cuối {start}."))
    low, high = values.get("low"), values.get("high")
    if low is None and high is None:
        errors.append(("low", "Cần ít nhất một mức: mức thấp hoặc mức cao."))
    if low is not None and high is not None and low > high:
        errors.append(("high", f"Mức cao ({high}) nhỏ hơn mức thấp ({low})."))


targets = register(Kind(
    key="targets",
    label="Mục tiêu chỉ tiêu",
    model=Target,
    description="Mục tiêu của chương trình (hoặc một năm) cho từng chỉ tiêu và đơn vị: mức thấp và mức cao, "
                "theo đơn vị tính của chỉ tiêu (đồng, USD, người, số lượng; tỷ lệ viết theo %, 12 là 12%).",
    columns=[
        Column("indicator", "Chỉ tiêu", Enum(options=[(code, str(i.name)) for code, i in CATALOGUE.items()]),
               required=True),
        _unit(),
        Column("start_year", "Từ năm", Year(min_value=1990), required=True),
        Column("end_year", "Đến năm", Year(min_value=1990), required=True, note="mục tiêu một năm: bằng năm đầu"),
        Column("low", "Mức thấp", Number(), note="để trống nếu chỉ có mức cao"),
        Column("high", "Mức cao", Number(), note="để trống nếu chỉ có mức thấp"),
        Column("note", "Ghi chú, căn cứ", Text(300)),
    ],
    key_columns=("indicator", "unit_code", "start_year", "end_year"),
    scope_column=None,
    import_roles=TARGET_ROLES,
    clean_row=_target_clean,
    check_plans=lambda importer, plans: _scope_errors(importer, plans, TARGET_ROLES),
    list_url="indicators:target_list",
    filter_form="khuyencong.indicators.forms.TargetFilterForm",
    list_selector="khuyencong.indicators.selectors.target_list",
    export_order=("start_year", "end_year", "unit__code", "indicator"),
))
