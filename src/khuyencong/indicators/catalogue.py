"""The indicator catalogue: every figure the programme reports, its definition in words, and how it is made.

An indicator is never typed in: `engine.compute` makes it from the parts that `sources.py` reads from the
records (counts, sums, numerators, denominators) and from reported data values (`DataElement`). Each
`Indicator.formula` takes those inputs for one unit and one period and answers a number, or None for "no
data" (a ratio over nothing, a growth without its base year), never a 0 that was not measured.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from khuyencong.core.formatting import format_number, format_percent, format_vnd
from khuyencong.core.periods import Period
from khuyencong.indicators.sources import NULLABLE_PARTS


class Kind:
    """How an indicator aggregates, which also decides how a target projects it (targets.py)."""

    CUMULATIVE = "cumulative"   # counted or summed over the years of the period
    STOCK = "stock"             # a state at the end of the period (villages, last year's figures)
    RATE = "rate"               # a share or an average growth over the period


class Unit:
    COUNT = "count"
    PERSONS = "persons"
    VND = "vnd"
    USD = "usd"
    PERCENT = "percent"


UNIT_LABELS = {Unit.COUNT: _("số lượng"), Unit.PERSONS: _("người"), Unit.VND: _("đồng"), Unit.USD: _("USD"),
               Unit.PERCENT: _("%")}

# The reported data elements the catalogue reads (seeded by migration 0002).
INDUSTRIAL_VALUE = "industrial_production_value"
CNNT_VALUE = "cnnt_production_value"
HANDICRAFT_EXPORTS = "handicraft_exports_usd"


class Inputs:
    """What a formula reads for one unit and period: record parts, and data values by (element, year)."""

    def __init__(self, period: Period, parts: dict, data: dict):
        self.period, self._parts, self._data = period, parts, data

    def part(self, name: str) -> Decimal | None:
        value = self._parts.get(name)
        return value if value is not None or name in NULLABLE_PARTS else Decimal(0)

    def data(self, element: str, year: int) -> Decimal | None:
        return self._data.get((element, year))


def ratio(numerator, denominator):
    """A share in percent; None ("no data") when the denominator is zero or missing."""
    if numerator is None or not denominator:
        return None
    return float(Decimal(numerator) * 100 / Decimal(denominator))


def growth(inputs: Inputs, element: str):
    """Average annual growth in percent as Vietnamese statistics compute it: the base is the year before the
    period, so over n years it is (V_end / V_base)^(1/n) − 1 (2011–2015: (V2015/V2010)^(1/5) − 1; one year:
    V2015/V2014 − 1). None without the base-year or the last-year value, or with a base of zero."""
    period = inputs.period
    end, base = inputs.data(element, period.end), inputs.data(element, period.base_year)
    if end is None or not base or end / base <= 0:
        return None
    return (math.pow(float(end / base), 1 / period.length) - 1) * 100


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    unit: str
    kind: str
    definition: str
    rule: str
    basis: str
    formula: Callable[[Inputs], object]
    parts: tuple[str, ...] = ()
    # Data elements read, each at "end" (the period's last year) or "base" (the year before the period).
    data: tuple[tuple[str, str], ...] = ()
    order: int = field(default=0, compare=False)

    @property
    def name_en(self) -> str:
        with translation.override("en"):
            return str(self.name)

    @property
    def unit_label(self) -> str:
        return str(UNIT_LABELS[self.unit])

    def data_years(self, period: Period) -> list[tuple[str, int]]:
        return [(element, period.end if when == "end" else period.base_year) for element, when in self.data]

    def display(self, value) -> str:
        """The value as a person reads it: 1.350; 7.658 tỷ đồng; 81,1%; 400 triệu USD; — for no data."""
        if value is None:
            return "—"
        if self.unit == Unit.PERCENT:
            return format_percent(value, 1)
        if self.unit == Unit.VND:
            return format_vnd(value)
        if self.unit == Unit.USD:
            if abs(value) >= 1_000_000:
                millions = (Decimal(str(value)) / 1_000_000).quantize(Decimal("0.1"))
                return f"{format_number(millions)} triệu USD"
            return f"{format_number(value, 0)} USD"
        return format_number(value, 0)


def _part(name):
    return lambda i: i.part(name)


_ACCEPTED = _("đề án được nghiệm thu trong kỳ (ngày nghiệm thu thuộc kỳ; đề án đã nghiệm thu hoặc đã quyết toán)")
_KC = _("Nghị định 45/2012/NĐ-CP (nội dung khuyến công); báo cáo theo Thông tư 46/2012/TT-BCT, Điều 9")
_TRAINING = _("Nghị định 45/2012/NĐ-CP, Điều 4 (đào tạo nghề, truyền nghề); báo cáo kết quả chương trình")
_VILLAGES = _("Nghị định 52/2018/NĐ-CP, Điều 5 (tiêu chí làng nghề, làng nghề truyền thống)")
_STATS = _("Số liệu của cơ quan thống kê, nhập vào “Số liệu báo cáo”; tốc độ tăng bình quân theo cách tính "
           "của ngành thống kê (năm gốc là năm trước kỳ)")

CATALOGUE: dict[str, Indicator] = {}


def _add(*indicators: Indicator) -> None:
    for order, indicator in enumerate(indicators, start=1):
        CATALOGUE[indicator.code] = Indicator(**{**indicator.__dict__, "order": order})


_add(
    Indicator("establishments_supported", _("Cơ sở CNNT được hỗ trợ"), Unit.COUNT, Kind.CUMULATIVE,
              _("Số cơ sở CNNT là đơn vị thụ hưởng của ít nhất một đề án được nghiệm thu trong kỳ. Cơ sở thuộc "
                "đơn vị của xã nơi cơ sở đóng, dù đề án ở đâu."),
              _("Đếm không trùng: mỗi cơ sở một lần dù được hỗ trợ nhiều lần."), _KC,
              _part("establishments_supported"), ("establishments_supported",)),
    Indicator("support_funds", _("Kinh phí khuyến công hỗ trợ"), Unit.VND, Kind.CUMULATIVE,
              _("Tổng kinh phí khuyến công của các đề án được nghiệm thu trong kỳ: số quyết toán, hoặc số được "
                "duyệt khi chưa quyết toán (đồng)."), _("Cộng."), _KC,
              _part("projects_support_funds"), ("projects_support_funds",)),
    Indicator("counterpart_funds", _("Vốn đối ứng của cơ sở"), Unit.VND, Kind.CUMULATIVE,
              _("Tổng vốn đối ứng của các đề án được nghiệm thu trong kỳ (đồng)."), _("Cộng."), _KC,
              _part("projects_counterpart_funds"), ("projects_counterpart_funds",)),
    Indicator("jobs_created", _("Việc làm tạo ra"), Unit.PERSONS, Kind.CUMULATIVE,
              _("Tổng số việc làm tạo ra ghi khi nghiệm thu, của các đề án được nghiệm thu trong kỳ."),
              _("Cộng."), _KC, _part("projects_jobs_created"), ("projects_jobs_created",)),
    Indicator("new_designs", _("Mẫu sản phẩm mới"), Unit.COUNT, Kind.CUMULATIVE,
              _("Số sản phẩm đánh dấu là mẫu mới có ngày thiết kế trong kỳ; thuộc đơn vị của xã nơi cơ sở đóng."),
              _("Đếm."), _KC, _part("new_designs"), ("new_designs",)),
    Indicator("technology_projects", _("Đề án chuyển giao công nghệ, máy móc tiên tiến"), Unit.COUNT,
              Kind.CUMULATIVE,
              _("Số đề án nội dung “mô hình trình diễn, chuyển giao công nghệ, máy móc tiên tiến” (technology) "
                "được nghiệm thu trong kỳ."), _("Đếm."), _KC,
              _part("projects_technology"), ("projects_technology",)),
    Indicator("training_classes", _("Lớp truyền nghề, cấy nghề"), Unit.COUNT, Kind.CUMULATIVE,
              _("Số lớp truyền nghề hoặc nhân cấy nghề kết thúc trong kỳ; lớp thuộc đơn vị của xã nơi mở lớp."),
              _("Đếm."), _TRAINING, _part("classes_training"), ("classes_training",)),
    Indicator("trainees", _("Học viên truyền nghề, cấy nghề"), Unit.PERSONS, Kind.CUMULATIVE,
              _("Số học viên hoàn thành các lớp truyền nghề, cấy nghề kết thúc trong kỳ."), _("Đếm."), _TRAINING,
              _part("trainees_completed"), ("trainees_completed",)),
    Indicator("employment_rate", _("Tỷ lệ học viên có việc làm"), Unit.PERCENT, Kind.RATE,
              _("Trong số học viên hoàn thành các lớp đó có ít nhất một lần theo dõi, tỷ lệ có việc làm ở lần "
                "theo dõi gần nhất (theo ngày, rồi theo thứ tự nhập). Học viên chưa được theo dõi không tính."),
              _("Tỷ lệ: cộng tử số và mẫu số của mọi lớp rồi mới chia; mẫu số bằng 0 là “chưa có số liệu”."),
              _TRAINING, lambda i: ratio(i.part("trainees_employed"), i.part("trainees_followed")),
              ("trainees_employed", "trainees_followed")),
    Indicator("management_classes", _("Lớp quản lý, thiết kế mẫu"), Unit.COUNT, Kind.CUMULATIVE,
              _("Số lớp quản lý, khởi sự doanh nghiệp hoặc thiết kế mẫu kết thúc trong kỳ."), _("Đếm."),
              _TRAINING, _part("classes_management"), ("classes_management",)),
    Indicator("managers_trained", _("Học viên quản lý, thiết kế mẫu"), Unit.PERSONS, Kind.CUMULATIVE,
              _("Số học viên hoàn thành các lớp quản lý, thiết kế mẫu kết thúc trong kỳ."), _("Đếm."), _TRAINING,
              _part("managers_completed"), ("managers_completed",)),
    Indicator("villages_transplanted", _("Làng được cấy nghề"), Unit.COUNT, Kind.CUMULATIVE,
              _("Số làng (đếm không trùng) được cấy nghề trong kỳ (năm cấy nghề thuộc kỳ); thuộc đơn vị của xã "
                "nơi có làng."), _("Đếm không trùng: mỗi làng một lần."), _TRAINING,
              _part("villages_transplanted"), ("villages_transplanted",)),
    Indicator("transplants_sustained_rate", _("Tỷ lệ làng cấy nghề duy trì được nghề"), Unit.PERCENT, Kind.RATE,
              _("Trong số các làng đó đã được kiểm tra, tỷ lệ còn duy trì nghề ở lần kiểm tra gần nhất (của các "
                "lần cấy nghề trong kỳ). Làng chưa được kiểm tra không tính."),
              _("Tỷ lệ: cộng tử số và mẫu số rồi mới chia; mẫu số bằng 0 là “chưa có số liệu”."), _TRAINING,
              lambda i: ratio(i.part("transplants_sustained"), i.part("transplants_checked")),
              ("transplants_sustained", "transplants_checked")),
    Indicator("craft_villages", _("Làng nghề và làng có nghề"), Unit.COUNT, Kind.STOCK,
              _("Số làng trong sổ đăng ký có nghề vào cuối kỳ, đã hoặc chưa được công nhận: mọi làng, trừ làng "
                "mà nghề duy nhất có được nhờ cấy nghề sau khi kỳ kết thúc."),
              _("Đếm tại cuối kỳ."), _VILLAGES, _part("craft_villages"), ("craft_villages",)),
    Indicator("recognised_villages", _("Làng nghề được công nhận"), Unit.COUNT, Kind.STOCK,
              _("Trong số đó, các làng được công nhận là làng nghề hoặc làng nghề truyền thống trong hoặc trước "
                "năm cuối kỳ."), _("Đếm tại cuối kỳ."), _VILLAGES,
              _part("recognised_villages"), ("recognised_villages",)),
    Indicator("traditional_villages", _("Làng nghề truyền thống"), Unit.COUNT, Kind.STOCK,
              _("Trong số đó, các làng được công nhận là làng nghề truyền thống trong hoặc trước năm cuối kỳ."),
              _("Đếm tại cuối kỳ."), _VILLAGES, _part("traditional_villages"), ("traditional_villages",)),
    Indicator("village_workers", _("Lao động tại làng nghề"), Unit.PERSONS, Kind.STOCK,
              _("Tổng số lao động của các làng đó theo số liệu năm cuối kỳ; không làng nào có số liệu năm đó là "
                "“chưa có số liệu”."), _("Cộng số liệu năm cuối kỳ."), _VILLAGES,
              _part("village_workers"), ("village_workers",)),
    Indicator("village_households", _("Hộ làm nghề tại làng nghề"), Unit.COUNT, Kind.STOCK,
              _("Tổng số hộ làm nghề của các làng đó theo số liệu năm cuối kỳ."), _("Cộng số liệu năm cuối kỳ."),
              _VILLAGES, _part("village_households"), ("village_households",)),
    Indicator("village_production_value", _("Giá trị sản xuất của làng nghề"), Unit.VND, Kind.STOCK,
              _("Tổng giá trị sản xuất của các làng đó trong năm cuối kỳ (đồng)."), _("Cộng số liệu năm cuối kỳ."),
              _VILLAGES, _part("village_production_value"), ("village_production_value",)),
    Indicator("village_share_of_industry", _("Tỷ trọng làng nghề trong giá trị sản xuất công nghiệp"),
              Unit.PERCENT, Kind.RATE,
              _("Giá trị sản xuất của làng nghề năm cuối kỳ chia cho số liệu “giá trị sản xuất công nghiệp” "
                "(industrial_production_value) của cùng đơn vị, cùng năm."),
              _("Tỷ lệ; thiếu số liệu công nghiệp hoặc số liệu bằng 0 là “chưa có số liệu”."), _STATS,
              lambda i: ratio(i.part("village_production_value"), i.data(INDUSTRIAL_VALUE, i.period.end)),
              ("village_production_value",), ((INDUSTRIAL_VALUE, "end"),)),
    Indicator("cnnt_growth", _("Tốc độ tăng giá trị sản xuất CNNT bình quân năm"), Unit.PERCENT, Kind.RATE,
              _("Tốc độ tăng bình quân năm của số liệu “giá trị sản xuất CNNT” (cnnt_production_value) trong kỳ; "
                "năm gốc là năm trước kỳ: 2011–2015 là (V2015 / V2010)^(1/5) − 1, một năm là V2015 / V2014 − 1."),
              _("Tăng trưởng bình quân; thiếu số liệu năm gốc là “chưa có số liệu”."), _STATS,
              lambda i: growth(i, CNNT_VALUE), (), ((CNNT_VALUE, "end"), (CNNT_VALUE, "base"))),
    Indicator("handicraft_exports", _("Kim ngạch xuất khẩu hàng thủ công mỹ nghệ"), Unit.USD, Kind.STOCK,
              _("Số liệu “kim ngạch xuất khẩu thủ công mỹ nghệ” (handicraft_exports_usd) của năm cuối kỳ (USD)."),
              _("Giá trị năm cuối kỳ."), _STATS,
              lambda i: i.data(HANDICRAFT_EXPORTS, i.period.end), (), ((HANDICRAFT_EXPORTS, "end"),)),
    Indicator("handicraft_export_growth", _("Tốc độ tăng xuất khẩu thủ công mỹ nghệ bình quân năm"), Unit.PERCENT,
              Kind.RATE,
              _("Tốc độ tăng bình quân năm của kim ngạch xuất khẩu thủ công mỹ nghệ trong kỳ, tính như tốc độ "
                "tăng giá trị sản xuất CNNT (năm gốc là năm trước kỳ)."),
              _("Tăng trưởng bình quân; thiếu số liệu năm gốc là “chưa có số liệu”."), _STATS,
              lambda i: growth(i, HANDICRAFT_EXPORTS), (),
              ((HANDICRAFT_EXPORTS, "end"), (HANDICRAFT_EXPORTS, "base"))),
)


class UnknownIndicator(LookupError):
    """An indicator code not in the catalogue; the message lists the codes."""


def get_indicators(codes=None) -> list[Indicator]:
    """The catalogue in order, or the named indicators (an unknown code raises with the list of codes)."""
    if not codes:
        return list(CATALOGUE.values())
    unknown = [c for c in codes if c not in CATALOGUE]
    if unknown:
        raise UnknownIndicator(
            str(_("Không có chỉ tiêu %(codes)s. Các chỉ tiêu: %(known)s."))
            % {"codes": ", ".join(f"“{c}”" for c in unknown), "known": ", ".join(CATALOGUE)})
    return [CATALOGUE[c] for c in codes]
