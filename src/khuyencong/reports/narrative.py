"""The text of a report, written from the indicator values in an official's style.

A section is (heading, blocks); a block is ("p", text), ("bullet", text), ("table", key) or ("chart", key).
Counts are written by `wording.approximate` (exact when small or round, else "hơn"/"gần"), shares by
`wording.percent`, money by the catalogue's display; a figure that rests on reported data not yet approved is
an estimate ("khoảng"). A sentence whose figures are all missing or zero is left out, never written as
"0 cơ sở"; a period with no figure at all says so in one paragraph.
"""

from django.utils.translation import gettext as _

from khuyencong.indicators.catalogue import CATALOGUE
from khuyencong.indicators.selectors import open_flags_in
from khuyencong.indicators.targets import AT_RISK, MET, NO_DATA, NOT_MET, ON_TRACK
from khuyencong.reports import wording
from khuyencong.reports.models import ReportKind


def quality_limitations(content) -> list[str]:
    """One sentence on the data-quality flags still open (not checked) about records of the report's unit: how
    many of each rule, and that they must be checked before the figures are final."""
    flags = open_flags_in(content.unit)
    if not flags:
        return []
    parts = "; ".join(f"{label}: {wording.approximate(count)}" for label, count in flags)
    return [_("Còn %(n)s cảnh báo chất lượng số liệu chưa được kiểm tra (%(parts)s); cần kiểm tra, sửa các số "
              "liệu này trước khi sử dụng.") % {"n": wording.approximate(sum(c for _l, c in flags)), "parts": parts}]


class Writer:
    def __init__(self, content):
        self.content = content
        self.values = content.figures.values
        self.unapproved = content.figures.unapproved

    def has(self, code) -> bool:
        return self.values.get(code) not in (None, 0)

    def w(self, code) -> str:
        indicator = CATALOGUE[code]
        return wording.figure(self.values.get(code), indicator.unit, estimate=code in self.unapproved,
                              display=indicator.display)

    # --- I. results ---------------------------------------------------------------------------------------
    def intro(self) -> str:
        c = self.content
        when = (_("Giai đoạn %(period)s") % {"period": c.period.label} if c.kind == ReportKind.REVIEW
                else _("Năm %(year)s") % {"year": c.period.end})
        return _("%(when)s, trên địa bàn %(unit)s") % {"when": when, "unit": c.unit.name}

    def support(self) -> list[str]:
        out = []
        if self.has("establishments_supported") or self.has("support_funds"):
            text = _("%(intro)s, chương trình khuyến công đã hỗ trợ kinh phí cho %(n)s cơ sở CNNT") % {
                "intro": self.intro(), "n": self.w("establishments_supported")}
            if self.has("support_funds"):
                text += _(" với tổng kinh phí khuyến công %(funds)s") % {"funds": self.w("support_funds")}
            if self.has("counterpart_funds"):
                text += _(", thu hút %(funds)s vốn đối ứng của các cơ sở") % {"funds": self.w("counterpart_funds")}
            if self.has("jobs_created"):
                text += _("; tạo việc làm cho %(n)s lao động") % {"n": self.w("jobs_created")}
            out.append(text + ".")
        extra = []
        if self.has("technology_projects"):
            extra.append(_("%(n)s đề án mô hình trình diễn, chuyển giao công nghệ, máy móc tiên tiến")
                         % {"n": self.w("technology_projects")})
        if self.has("new_designs"):
            extra.append(_("%(n)s mẫu sản phẩm mới") % {"n": self.w("new_designs")})
        if extra:
            out.append(_("Hỗ trợ %(items)s.") % {"items": _(" và ").join(extra)})
        return out

    def training(self) -> list[str]:
        out = []
        if self.has("training_classes"):
            text = _("Mở %(classes)s lớp truyền nghề, cấy nghề cho %(trainees)s lao động") % {
                "classes": self.w("training_classes"), "trainees": self.w("trainees")}
            if self.values.get("employment_rate") is not None:
                text += _(", %(rate)s có việc làm sau đào tạo") % {"rate": self.w("employment_rate")}
            out.append(text + ".")
        if self.has("management_classes"):
            out.append(_("Mở %(classes)s lớp quản lý, khởi sự doanh nghiệp, thiết kế mẫu cho %(n)s học viên.")
                       % {"classes": self.w("management_classes"), "n": self.w("managers_trained")})
        if self.has("villages_transplanted"):
            text = _("Cấy nghề cho %(n)s làng") % {"n": self.w("villages_transplanted")}
            if self.values.get("transplants_sustained_rate") is not None:
                text += _("; %(rate)s số làng đã kiểm tra còn duy trì được nghề") % {
                    "rate": self.w("transplants_sustained_rate")}
            out.append(text + ".")
        return out

    def villages(self) -> list[str]:
        out = []
        c = self.content
        if self.has("craft_villages"):
            text = _("Đến cuối năm %(year)s, %(unit)s có %(n)s làng nghề và làng có nghề") % {
                "year": c.period.end, "unit": c.unit.name, "n": self.w("craft_villages")}
            if self.has("recognised_villages"):
                text += _(", trong đó %(n)s làng nghề được công nhận") % {"n": self.w("recognised_villages")}
                if self.has("traditional_villages"):
                    text += _(" (%(n)s làng nghề truyền thống)") % {"n": self.w("traditional_villages")}
            out.append(text + ".")
        parts = []
        if self.has("village_workers"):
            parts.append(_("thu hút %(n)s lao động") % {"n": self.w("village_workers")})
        if self.has("village_households"):
            parts.append(_("%(n)s hộ làm nghề") % {"n": self.w("village_households")})
        if self.has("village_production_value"):
            value = _("giá trị sản xuất năm %(year)s đạt %(v)s") % {"year": c.period.end,
                                                                   "v": self.w("village_production_value")}
            if self.values.get("village_share_of_industry") is not None:
                value += _(", chiếm %(share)s giá trị sản xuất công nghiệp") % {
                    "share": self.w("village_share_of_industry")}
            parts.append(value)
        if parts:
            out.append(_("Các làng nghề %(parts)s.") % {"parts": "; ".join(parts)})
        growth = []
        if self.values.get("cnnt_growth") is not None:
            growth.append(_("Giá trị sản xuất CNNT tăng bình quân %(rate)s/năm") % {"rate": self.w("cnnt_growth")})
        if self.has("handicraft_exports"):
            text = _("kim ngạch xuất khẩu hàng thủ công mỹ nghệ năm %(year)s đạt %(v)s") % {
                "year": c.period.end, "v": self.w("handicraft_exports")}
            if self.values.get("handicraft_export_growth") is not None:
                text += _(", tăng bình quân %(rate)s/năm") % {"rate": self.w("handicraft_export_growth")}
            growth.append(text)
        if growth:
            sentence = "; ".join(growth)
            out.append(sentence[0].upper() + sentence[1:] + ".")
        return out

    def targets_summary(self) -> list[str]:
        statuses = self.content.figures.targets
        if not statuses:
            return [_("Chưa đặt mục tiêu cho %(unit)s trong kỳ %(period)s; bảng dưới đây nêu kết quả các chỉ "
                      "tiêu.") % {"unit": self.content.unit.name, "period": self.content.period.label}]
        count = {key: sum(1 for s in statuses if s.status == key) for key in (MET, ON_TRACK, AT_RISK, NOT_MET,
                                                                                NO_DATA)}
        parts = [_("%(n)s đạt") % {"n": count[MET]}]
        if count[ON_TRACK]:
            parts.append(_("%(n)s đúng tiến độ") % {"n": count[ON_TRACK]})
        if count[AT_RISK]:
            parts.append(_("%(n)s có nguy cơ không đạt") % {"n": count[AT_RISK]})
        if count[NOT_MET]:
            parts.append(_("%(n)s không đạt") % {"n": count[NOT_MET]})
        if count[NO_DATA]:
            parts.append(_("%(n)s chưa có số liệu") % {"n": count[NO_DATA]})
        return [_("Trong %(total)s mục tiêu đặt ra cho kỳ %(period)s: %(parts)s; chi tiết ở bảng dưới đây.") % {
            "total": len(statuses), "period": self.content.period.label, "parts": ", ".join(parts)}]

    # --- II. limitations ----------------------------------------------------------------------------------
    def limitations(self) -> list[str]:
        out = []
        for s in self.content.figures.targets:
            name = str(s.indicator.name)
            if s.status == NOT_MET:
                out.append(_("Chỉ tiêu “%(name)s” không đạt mục tiêu: thực hiện %(actual)s, mục tiêu %(target)s.")
                           % {"name": name, "actual": s.actual_display, "target": s.bounds})
            elif s.status == AT_RISK:
                projection = wording.figure(s.projection, s.indicator.unit, estimate=True,
                                            display=s.indicator.display)
                out.append(_("Chỉ tiêu “%(name)s” có nguy cơ không đạt: dự báo cuối kỳ %(projection)s, mục tiêu "
                             "%(target)s.") % {"name": name, "projection": projection, "target": s.bounds})
        missing = [str(i.name) for i in CATALOGUE.values() if self.values.get(i.code) is None]
        if missing:
            out.append(_("Chưa có số liệu để tính %(n)s chỉ tiêu: %(names)s.") % {
                "n": len(missing), "names": "; ".join(missing)})
        pending = [str(CATALOGUE[c].name) for c in CATALOGUE if c in self.unapproved]
        if pending:
            out.append(_("Số liệu báo cáo của các chỉ tiêu sau chưa được duyệt nên là số ước tính: %(names)s.")
                       % {"names": "; ".join(pending)})
        out += quality_limitations(self.content)
        return out or [_("Các chỉ tiêu đều có số liệu và không chỉ tiêu nào không đạt mục tiêu.")]

    # --- III. next period ---------------------------------------------------------------------------------
    def tasks(self) -> list[str]:
        period = self.content.period
        nxt = period.end + 1
        statuses = self.content.figures.next_targets
        if not statuses:
            return [_("Chưa có mục tiêu cho năm %(year)s trở đi; cần xây dựng và giao mục tiêu khuyến công cho "
                      "giai đoạn tới, trong đó ưu tiên các chỉ tiêu chưa đạt nêu ở mục II.") % {"year": nxt}]
        out = [_("Phấn đấu thực hiện các mục tiêu đã đặt ra:")]
        for s in sorted(statuses, key=lambda s: (s.period, s.indicator.order)):
            out.append(_("%(name)s: %(target)s (%(period)s).") % {
                "name": s.indicator.name, "target": s.bounds, "period": s.period.label})
        return out


def sections(content) -> list:
    writer = Writer(content)
    figures = content.figures
    if not figures.has_data:
        results = [("p", _("%(intro)s, chưa có số liệu khuyến công nào: chưa có đề án được nghiệm thu, lớp đào tạo "
                           "kết thúc hay làng nghề trong sổ đăng ký trong kỳ này.") % {"intro": writer.intro()}),
                   ("table", "results")]
    else:
        results = [("h2", _("1. Hỗ trợ cơ sở công nghiệp nông thôn"))]
        results += [("p", t) for t in writer.support() or [_("Chưa có đề án khuyến công được nghiệm thu.")]]
        results += [("h2", _("2. Đào tạo nghề, truyền nghề, cấy nghề"))]
        results += [("p", t) for t in writer.training() or [_("Chưa có lớp đào tạo kết thúc trong kỳ.")]]
        results += [("chart", "years")]
        results += [("h2", _("3. Làng nghề, tăng trưởng và xuất khẩu"))]
        results += [("p", t) for t in writer.villages() or [_("Chưa có số liệu làng nghề.")]]
        results += [("table", "villages"), ("chart", "villages")]
        results += [("h2", _("4. Kết quả so với mục tiêu"))]
        results += [("p", t) for t in writer.targets_summary()] + [("table", "results")]
        if figures.children is not None:
            results += [("h2", _("5. Kết quả theo địa bàn")), ("table", "breakdown")]
    next_label = (_("giai đoạn tới") if content.kind == ReportKind.REVIEW
                  else _("năm %(year)s") % {"year": content.period.end + 1})
    return [
        (_("I. KẾT QUẢ THỰC HIỆN"), results),
        (_("II. TỒN TẠI, HẠN CHẾ"), [("bullet", t) for t in writer.limitations()]),
        (_("III. NHIỆM VỤ %(next)s") % {"next": next_label.upper()},
         [("p", t) if n == 0 else ("bullet", t) for n, t in enumerate(writer.tasks())]),
    ]
