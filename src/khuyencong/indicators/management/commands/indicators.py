"""khuyencong indicators --unit CODE --period 2011-2015 [--hierarchy current|legacy] [--by child|year] [--json]
[--indicator CODE …]; khuyencong indicators --refresh rebuilds the aggregate tables now;
khuyencong indicators --check-quality runs the data-quality checks now and prints the open flags per rule.

Prints what `indicators.engine.compute` answers: a Vietnamese table with formatted numbers, or with --json
{"unit": CODE, "period": "2011-2015", "values": {code: number}} (+ "breakdown": {key: {code: number}} with
--by); percentages as percents (80.0), money in đồng, no data as null. Bad input exits 2 with one line saying
what to write.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from khuyencong.core.formatting import format_datetime, format_number
from khuyencong.core.periods import Period, PeriodError
from khuyencong.geo.models import Hierarchy
from khuyencong.geo.selectors import NoChildren, UnitNotFound
from khuyencong.indicators import facts, quality
from khuyencong.indicators.catalogue import UnknownIndicator
from khuyencong.indicators.engine import BY_CHOICES, BadBreakdown, compute
from khuyencong.indicators.models import FlagState, QualityFlag, QualityRule
from khuyencong.indicators.selectors import unit_for


class Command(BaseCommand):
    help = "Tính các chỉ tiêu cho một đơn vị và một kỳ (một năm hoặc năm đầu-năm cuối)."

    def add_arguments(self, parser):
        parser.add_argument("--unit", help="Mã đơn vị: tỉnh 01, quận/huyện cũ 277, xã 10030")
        parser.add_argument("--period", help="Một năm (2015) hoặc năm đầu-năm cuối (2011-2015)")
        parser.add_argument("--hierarchy", default=Hierarchy.CURRENT,
                            help="Hệ thống mã đơn vị: current (mặc định) hoặc legacy (trước 01/07/2025)")
        parser.add_argument("--by", help="Chia theo: child (đơn vị cấp dưới) hoặc year (từng năm)")
        parser.add_argument("--indicator", action="append", default=[], metavar="CODE",
                            help="Chỉ tính các chỉ tiêu này (nhắc lại hoặc ngăn cách bằng dấu phẩy)")
        parser.add_argument("--json", action="store_true", help="In JSON")
        parser.add_argument("--refresh", action="store_true",
                            help="Lập lại ngay bảng tổng hợp chỉ tiêu (việc mà tác vụ nền làm sau mỗi thay đổi)")
        parser.add_argument("--check-quality", action="store_true",
                            help="Kiểm tra ngay chất lượng số liệu (việc mà tác vụ nền làm sau mỗi thay đổi)")

    def handle(self, *args, unit, period, hierarchy, by, indicator, **options):
        if options["refresh"]:
            rows = facts.rebuild()
            state = facts.state()
            self.stdout.write(f"Đã lập lại bảng tổng hợp chỉ tiêu: {rows} dòng, {len(state.periods)} kỳ, "
                              f"{format_number(state.seconds, 1)} giây.")
            if not unit and not period and not options["check_quality"]:
                return
        if options["check_quality"]:
            self._check_quality(json_output=options["json"])
            if not unit and not period:
                return
        if not unit or not period:
            raise CommandError("Cần --unit và --period, ví dụ: khuyencong indicators --unit 01 --period 2011-2015.",
                               returncode=2)
        if hierarchy not in Hierarchy.values:
            raise CommandError(f"Hệ thống “{hierarchy}” không có: viết current (hiện hành) hoặc legacy "
                               "(trước 01/07/2025).", returncode=2)
        if by is not None and by not in BY_CHOICES:
            raise CommandError(f"--by “{by}” không có: viết child (theo đơn vị cấp dưới) hoặc year (theo năm).",
                               returncode=2)
        codes = [c.strip() for item in indicator for c in item.split(",") if c.strip()]
        try:
            period = Period.parse(period)
            target = unit_for(unit, hierarchy)
            result = compute(codes=codes or None, unit=target, period=period, by=by)
        except (PeriodError, UnitNotFound, UnknownIndicator, BadBreakdown, NoChildren) as exc:
            raise CommandError(str(exc), returncode=2) from None
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
            return
        self._table(result)

    def _table(self, result) -> None:
        write = self.stdout.write
        write(f"Chỉ tiêu — {result.unit.label}, {result.period.label}")
        if result.source == "facts":
            write(f"Nguồn: bảng tổng hợp lúc {format_datetime(result.facts_at)}"
                  + ("" if result.facts_fresh else " (đang cập nhật, có thay đổi sau lúc đó)"))
        else:
            write("Nguồn: tính trực tiếp từ dữ liệu")
        blocks = [("", "Tổng", result.values)]
        if result.breakdown is not None:
            blocks += [(key, result.breakdown_labels[key], row) for key, row in result.breakdown.items()]
        width = max(len(i.code) for i in result.indicators)
        name_width = min(60, max(len(str(i.name)) for i in result.indicators))
        for key, label, row in blocks:
            if result.breakdown is not None:
                write("")
                write(label)
            for i in result.indicators:
                mark = " (có số liệu chưa duyệt)" if not key and i.code in result.unapproved else ""
                write(f"  {i.code:<{width}}  {str(i.name)[:name_width]:<{name_width}}  {i.display(row[i.code])}{mark}")
        if result.unapproved:
            write("")
            write("Ghi chú: số liệu báo cáo chưa duyệt vẫn được tính; trang “Số liệu báo cáo” cho biết trạng thái.")

    def _check_quality(self, *, json_output: bool) -> None:
        result = quality.scan()
        open_by_rule = {rule: QualityFlag.objects.filter(rule=rule, state=FlagState.OPEN).count()
                        for rule in QualityRule.values}
        if json_output:
            self.stdout.write(json.dumps({"found": result.found, "opened": result.opened,
                                          "reopened": result.reopened, "kept": result.kept,
                                          "fixed": result.fixed, "open": open_by_rule,
                                          "seconds": result.seconds}, ensure_ascii=False))
            return
        self.stdout.write(f"Đã kiểm tra chất lượng số liệu: {format_number(result.total)} phát hiện, "
                          f"{format_number(result.opened)} cảnh báo mới, {format_number(result.reopened)} mở lại, "
                          f"{format_number(result.fixed)} đã hết lỗi; {format_number(result.seconds, 1)} giây.")
        for rule in QualityRule:
            self.stdout.write(f"  {rule.label}: {format_number(open_by_rule[rule.value])} chưa kiểm tra")
