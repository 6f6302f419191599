"""The text of a news article written from the engine's figures ("Soạn bài tin"), in the register of the
Centre's news: a title, a lead and an HTML body with the headings "Những thành quả đáng ghi nhận" and
"Tập trung phát triển sản xuất công nghiệp - TTCN nông thôn" (the targets of the next programme).

Every figure comes from the figures the review report uses (`reports.content.gather`) and is written by the
report's own writer (`reports.narrative.Writer.w`, i.e. `reports.wording`): exact below 1.000 or with at most three
significant digits, else two significant digits with "hơn"/"gần", "khoảng" for figures resting on unapproved
data. A sentence whose figures are missing or zero is left out. The body only uses p, h2, strong, em, ul and li,
and every value is escaped.
"""

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from khuyencong.core.periods import Period
from khuyencong.indicators.catalogue import CATALOGUE
from khuyencong.reports.content import Figures
from khuyencong.reports.narrative import Writer
from khuyencong.reports.wording import figure

RESULTS_HEADING = "Những thành quả đáng ghi nhận"
NEXT_HEADING = "Tập trung phát triển sản xuất công nghiệp - TTCN nông thôn"
# Division types read as a place: "Thành phố Trung ương" → "thành phố"; "Thị xã" → "thị xã"; "Huyện" → "huyện".
# The portal's news are Vietnamese, whatever the language of the editor who presses the button.
ARTICLE_LANGUAGE = "vi"
PLACE_PREFIXES = ("thành phố", "thị xã", "thị trấn", "đặc khu")


@dataclass
class Draft:
    title: str
    lead: str
    body: str
    used: list[str] = field(default_factory=list)   # indicator codes whose values the text carries


def place_word(unit) -> str:
    """How the article names the unit's territory: "thành phố", "tỉnh", "huyện", "xã"."""
    kind = (unit.division_type or "").strip().lower()
    for prefix in PLACE_PREFIXES:
        if kind.startswith(prefix):
            return prefix
    return kind.split(" ")[0] if kind else str(unit.name)


def span(period: Period) -> str:
    """"giai đoạn 2011–2015", or "năm 2015" for one year (an annual report)."""
    return (_("năm %(year)s") if period.is_year else _("giai đoạn %(year)s")) % {"year": period.label}


def this_span(period: Period) -> str:
    return _("năm này") if period.is_year else _("giai đoạn này")


def unit_name(unit) -> str:
    """The unit as the news names it: a province without its type ("Thành phố Hà Nội" → "Hà Nội", "Tỉnh Bắc Ninh"
    → "Bắc Ninh"), other units with their type in lower case ("huyện Chương Mỹ", "xã Phú Nghĩa")."""
    name = str(unit.name)
    word = place_word(unit)
    if not name.lower().startswith(word + " "):
        return name
    rest = name[len(word) + 1:]
    return rest if unit.level == "province" else f"{word} {rest}"


class ArticleWriter(Writer):
    """The report's writer (same values, same wording), with the news article's sentences."""

    def __init__(self, figures: Figures, *, next_targets=None):
        self.values = figures.values
        self.unapproved = figures.unapproved
        self.figures = figures
        self.unit = figures.unit
        self.period = figures.period
        self.next_targets = next_targets or []
        self.used: list[str] = []

    def w(self, code) -> str:
        if code not in self.used:
            self.used.append(code)
        return escape(super().w(code))

    @property
    def where(self) -> str:
        return _("trên địa bàn %(place)s") % {"place": place_word(self.unit)}

    # --- Những thành quả đáng ghi nhận ---------------------------------------------------------------------
    def support(self) -> list[str]:
        clauses = []
        if self.has("establishments_supported"):
            main = _("hỗ trợ kinh phí cho %(n)s doanh nghiệp, cơ sở công nghiệp nông thôn (CNNT)") % {
                "n": self.w("establishments_supported")}
            if self.has("support_funds"):
                main += _(" với tổng kinh phí khuyến công %(v)s") % {"v": self.w("support_funds")}
            clauses.append(main)
        elif self.has("support_funds"):
            clauses.append(_("hỗ trợ %(v)s kinh phí khuyến công cho các cơ sở CNNT") % {"v": self.w("support_funds")})
        if self.has("counterpart_funds"):
            clauses.append(_("khuyến khích cơ sở CNNT đầu tư %(v)s cho phát triển sản xuất")
                           % {"v": self.w("counterpart_funds")})
        if self.has("jobs_created"):
            clauses.append(_("tạo việc làm và tăng thu nhập cho %(n)s lao động") % {"n": self.w("jobs_created")})
        text = ""
        if clauses:
            text = _("Trong %(span)s, Khuyến công %(unit)s đã %(clauses)s") % {
                "span": span(self.period), "unit": escape(unit_name(self.unit)), "clauses": ", ".join(clauses)}
        extra = []
        if self.has("new_designs"):
            extra.append(_("%(n)s mẫu sản phẩm mới được tạo ra, giúp nhiều doanh nghiệp, cơ sở CNNT đa dạng mẫu mã "
                           "sản phẩm, đáp ứng nhu cầu thị trường") % {"n": self.w("new_designs")})
        if self.has("technology_projects"):
            extra.append(_("%(n)s đề án mô hình trình diễn, chuyển giao công nghệ, máy móc tiên tiến được triển "
                           "khai") % {"n": self.w("technology_projects")})
        if extra:
            if text:
                return [text + "; " + "; ".join(extra) + "."]
            joined = "; ".join(extra)
            return [_("Trong %(span)s, %(items)s.") % {"span": span(self.period), "items": joined}]
        return [text + "."] if text else []

    def training(self) -> list[str]:
        out = []
        if self.has("training_classes"):
            text = _("Cùng với đó, Trung tâm cũng đã tổ chức được %(classes)s lớp truyền nghề, nhân cấy nghề") % {
                "classes": self.w("training_classes")}
            if self.has("trainees"):
                text += _(" cho %(n)s lao động") % {"n": self.w("trainees")}
            text += "."
            if self.has("employment_rate"):
                text += " " + _("%(rate)s số lao động sau khi được đào tạo nghề đã tìm được việc làm.") % {
                    "rate": self.w("employment_rate")}
            out.append(text)
        if self.has("villages_transplanted"):
            text = _("Đặc biệt, trong %(this)s, Trung tâm đã triển khai cấy nghề cho %(n)s làng thuần nông") % {
                "this": this_span(self.period), "n": self.w("villages_transplanted")}
            if self.has("transplants_sustained_rate"):
                text += _("; %(rate)s số làng đã được kiểm tra duy trì được nghề sau khi cấy") % {
                    "rate": self.w("transplants_sustained_rate")}
            out.append(text + ".")
        return [" ".join(out)] if out else []

    def villages(self) -> list[str]:
        out = []
        end = self.period.end
        if self.has("craft_villages"):
            text = _("Đến cuối năm %(year)s, %(where)s có %(n)s làng nghề và làng có nghề") % {
                "year": end, "where": self.where, "n": self.w("craft_villages")}
            if self.has("traditional_villages"):
                text += _(", trong đó %(n)s làng nghề truyền thống được công nhận") % {
                    "n": self.w("traditional_villages")}
            elif self.has("recognised_villages"):
                text += _(", trong đó %(n)s làng được công nhận làng nghề") % {"n": self.w("recognised_villages")}
            out.append(text + ".")
            if self.has("recognised_villages") and self.has("traditional_villages"):
                out.append(_("Tổng cộng %(n)s làng đã được công nhận làng nghề, làng nghề truyền thống.") % {
                    "n": self.w("recognised_villages")})
        if self.has("village_workers"):
            text = _("Các làng nghề thu hút %(n)s lao động") % {"n": self.w("village_workers")}
            if self.has("village_households"):
                text += _(" với %(n)s hộ sản xuất") % {"n": self.w("village_households")}
            out.append(text + ".")
        if self.has("village_production_value"):
            text = _("Chỉ riêng năm %(year)s, giá trị sản xuất của khu vực làng nghề đạt %(v)s") % {
                "year": end, "v": self.w("village_production_value")}
            if self.has("village_share_of_industry"):
                text += _(", chiếm %(share)s giá trị sản xuất công nghiệp toàn %(place)s") % {
                    "share": self.w("village_share_of_industry"), "place": place_word(self.unit)}
            out.append(text + ".")
        return [" ".join(out)] if out else []

    def management(self) -> list[str]:
        if not self.has("management_classes"):
            return []
        text = _("Cũng trong %(this)s, Trung tâm đã tổ chức %(n)s lớp tập huấn nâng cao kỹ năng quản lý, "
                 "quản trị, thiết kế mẫu") % {"this": this_span(self.period), "n": self.w("management_classes")}
        if self.has("managers_trained"):
            text += _(" cho %(n)s cán bộ quản lý của các doanh nghiệp, cơ sở CNNT") % {
                "n": self.w("managers_trained")}
        return [text + _(", giúp nâng cao năng lực quản lý và hiệu quả sản xuất kinh doanh.")]

    def growth(self) -> list[str]:
        if not self.has("cnnt_growth"):
            return []
        return [_("Với kết quả trên, CNNT %(where)s đạt tốc độ tăng trưởng bình quân %(rate)s/năm.") % {
            "where": _("của %(place)s") % {"place": place_word(self.unit)}, "rate": self.w("cnnt_growth")}]

    # --- Tập trung phát triển … (the next programme's targets) --------------------------------------------
    def bounds(self, target) -> str:
        """60.000–75.000; ít nhất 50; 12%–15%; không quá 5%: each bound written as the report writes a figure."""
        indicator = CATALOGUE[target.indicator]
        low, high = ((figure(v, indicator.unit, display=indicator.display) if v is not None else None)
                     for v in (target.low, target.high))
        if low and high:
            return escape(f"{low}–{high}")
        return escape(_("ít nhất %(n)s") % {"n": low} if low else _("không quá %(n)s") % {"n": high})

    def target_phrase(self, target) -> str:
        indicator = CATALOGUE[target.indicator]
        phrases = {
            "establishments_supported": _("hỗ trợ %(b)s cơ sở CNNT"),
            "jobs_created": _("tạo việc làm cho %(b)s lao động nông thôn"),
            "technology_projects": _("hỗ trợ %(b)s đề án chuyển giao công nghệ, ứng dụng thiết bị tiên tiến vào "
                                     "sản xuất"),
            "handicraft_export_growth": _("phấn đấu nâng kim ngạch xuất khẩu nhóm hàng thủ công mỹ nghệ tăng bình "
                                          "quân %(b)s/năm"),
            "handicraft_exports": _("kim ngạch xuất khẩu hàng thủ công mỹ nghệ đạt %(b)s"),
        }
        text = phrases.get(target.indicator, _("%(name)s: %(b)s")) % {"b": self.bounds(target),
                                                                       "name": indicator.name}
        if target.start_year == target.end_year:
            text += _(" vào năm %(year)s") % {"year": target.end_year}
        return text

    def next_programme(self) -> list[str]:
        if not self.next_targets:
            return []
        first = min(t.start_year for t in self.next_targets)
        last = max(t.end_year for t in self.next_targets)
        period = Period(first, last)
        phrases = [self.target_phrase(t) for t in self.next_targets]
        return [_("Trong %(span)s, để hỗ trợ các doanh nghiệp, cơ sở CNNT phát huy lợi thế cạnh tranh, "
                  "bảo đảm an sinh xã hội cho khu vực nông thôn, Khuyến công %(unit)s sẽ tập trung phát huy lợi thế "
                  "các doanh nghiệp tiềm năng làm nòng cốt để phát triển sản xuất công nghiệp, tiểu thủ công "
                  "nghiệp nông thôn, với các mục tiêu: %(targets)s.") % {
            "span": span(period), "unit": escape(unit_name(self.unit)), "targets": "; ".join(phrases)}]

    # --- the article ---------------------------------------------------------------------------------------
    def title(self) -> str:
        return _("Khuyến công %(unit)s: kết quả %(span)s") % {
            "unit": unit_name(self.unit), "span": span(self.period)}

    def lead(self) -> str:
        text = _("Kết quả thực hiện chương trình khuyến công trên địa bàn %(unit)s %(span)s") % {
            "unit": self.unit.name, "span": span(self.period)}
        if self.next_targets:
            text += _(" và các mục tiêu của giai đoạn tới")
        return text + "."

    def body(self) -> str:
        results = self.support() + self.training() + self.villages() + self.management() + self.growth()
        parts = []
        if results:
            parts.append(f"<h2>{escape(RESULTS_HEADING)}</h2>")
            parts += [f"<p>{text}</p>" for text in results]
        else:
            parts.append("<p>" + _("Trong %(span)s, chưa có số liệu khuyến công nào %(where)s.") % {
                "span": span(self.period), "where": self.where} + "</p>")
        nxt = self.next_programme()
        if nxt:
            parts.append(f"<h2>{escape(NEXT_HEADING)}</h2>")
            parts += [f"<p>{text}</p>" for text in nxt]
        return "\n".join(parts)


def write(figures: Figures, *, next_targets=None) -> Draft:
    """The draft article (title, lead, HTML body) for the figures of one unit and period."""
    writer = ArticleWriter(figures, next_targets=next_targets)
    with translation.override(ARTICLE_LANGUAGE):
        body = writer.body()
        return Draft(title=writer.title(), lead=writer.lead(), body=body, used=list(writer.used))


def as_written(value, code: str, *, estimate: bool = False) -> str:
    """One value as the article (and the report) writes it; for checks and tests."""
    indicator = CATALOGUE[code]
    return figure(value, indicator.unit, estimate=estimate, display=indicator.display)
