"""khuyencong report review|annual --unit CODE --period 2011-2015 [--hierarchy current|legacy] --output FILE

Writes the report as FILE.docx, FILE.xlsx or FILE.pdf (by the extension), computed now by the indicator
engine, exactly as the page's background task would. Bad input exits 2 with one Vietnamese line saying what
to write.
"""

import shutil
import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from khuyencong.core.periods import Period, PeriodError
from khuyencong.geo.models import Hierarchy
from khuyencong.geo.selectors import UnitNotFound
from khuyencong.indicators.selectors import unit_for
from khuyencong.reports import pdf
from khuyencong.reports.models import ReportKind
from khuyencong.reports.services.reports import build_files, check_period

FORMATS = ("docx", "xlsx", "pdf")


class Command(BaseCommand):
    help = "Lập báo cáo tổng kết giai đoạn (review) hoặc báo cáo năm (annual) của một đơn vị."

    def add_arguments(self, parser):
        parser.add_argument("kind", nargs="?", help="review (tổng kết giai đoạn) hoặc annual (báo cáo năm)")
        parser.add_argument("--unit", help="Mã đơn vị: tỉnh 01, quận/huyện cũ 277, xã 10030")
        parser.add_argument("--period", help="Giai đoạn (2011-2015) cho review, một năm (2015) cho annual")
        parser.add_argument("--hierarchy", default=Hierarchy.CURRENT,
                            help="Hệ thống mã đơn vị: current (mặc định) hoặc legacy (trước 01/07/2025)")
        parser.add_argument("--output", help="Tệp kết quả: …docx, …xlsx hoặc …pdf")

    def handle(self, *args, kind, unit, period, hierarchy, output, **options):
        if kind not in ReportKind.values:
            raise CommandError(f"Loại báo cáo “{kind or ''}” không có: viết review (tổng kết giai đoạn) hoặc annual "
                               "(báo cáo năm), ví dụ: khuyencong report review --unit 01 --period 2011-2015 "
                               "--output bao-cao.docx.", returncode=2)
        if not unit or not period or not output:
            raise CommandError("Cần --unit, --period và --output, ví dụ: khuyencong report review --unit 01 "
                               "--period 2011-2015 --output bao-cao.docx.", returncode=2)
        if hierarchy not in Hierarchy.values:
            raise CommandError(f"Hệ thống “{hierarchy}” không có: viết current (hiện hành) hoặc legacy "
                               "(trước 01/07/2025).", returncode=2)
        target = Path(output)
        fmt = target.suffix.lower().lstrip(".")
        if fmt not in FORMATS:
            raise CommandError(f"Tệp “{output}” phải có đuôi .docx, .xlsx hoặc .pdf.", returncode=2)
        if not target.parent.is_dir():
            raise CommandError(f"Thư mục “{target.parent}” không có: tạo thư mục trước hoặc chọn tệp khác.",
                               returncode=2)
        try:
            period = Period.parse(period)
            check_period(kind, period)
            place = unit_for(unit, hierarchy)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages), returncode=2) from None
        except (PeriodError, UnitNotFound) as exc:
            raise CommandError(str(exc), returncode=2) from None
        if fmt == "pdf" and not pdf.soffice():
            raise CommandError(pdf.missing_reason(), returncode=2)
        with tempfile.TemporaryDirectory(prefix="kc-report-") as directory:
            files = build_files(kind=kind, unit=place, period=period, directory=Path(directory), name="bao-cao",
                                with_pdf=fmt == "pdf")
            if files[fmt] is None:
                raise CommandError(files["pdf_note"], returncode=2)
            try:
                shutil.copyfile(files[fmt], target)
            except OSError as exc:
                raise CommandError(f"Không ghi được “{output}”: {exc.strerror}.", returncode=2) from None
        self.stdout.write(f"Đã lập {ReportKind(kind).label.lower()} {place.name}, {period.label}: {target}")
