"""XLSX exports of the training lists (core.spreadsheets.write_sheet: formula-safe and formatted; rows from
iterators, streamed from a temp file).

Personal data (ID numbers, birth years) is left out unless the user has the right AND asks for it
(`include_personal`); when included, the access is logged like a page view.
"""

import tempfile
from collections.abc import Iterable

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.core.spreadsheets import (
    COUNT_FORMAT,
    DECIMAL_FORMAT,
    MONEY_FORMAT,
    TEXT_FORMAT,
    XLSX_CONTENT_TYPE,
    write_sheet,
)
from khuyencong.training.models import AccessPurpose
from khuyencong.training.privacy import log_personal_access
from khuyencong.training.selectors import class_rates

CHUNK = 500


def xlsx_response(*, filename: str, title: str, header: list[str], rows: Iterable[list],
                  formats: dict[str, str] | None = None) -> FileResponse:
    """`formats` maps a header label to its number format (dates are shown dd/mm/yyyy anyway)."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    by_index = {header.index(label): fmt for label, fmt in (formats or {}).items() if label in header}
    write_sheet(handle, title=title, header=header, rows=rows, formats=by_index)
    handle.seek(0)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return FileResponse(handle, as_attachment=True, filename=f"{filename}-{stamp}.xlsx",
                        content_type=XLSX_CONTENT_TYPE)


def _chunks(qs):
    """Iterate a queryset in pages of CHUNK, yielding lists (so per-page rates stay one query per page)."""
    batch = []
    for obj in qs.iterator(chunk_size=CHUNK):
        batch.append(obj)
        if len(batch) == CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def _rate(value):
    return None if value is None else round(value, 1)


def export_classes(qs) -> FileResponse:
    header = [_("Mã lớp"), _("Tên lớp"), _("Loại lớp"), _("Nghề"), _("Xã/phường"), _("Mã xã"), _("Làng"),
              _("Khai giảng"), _("Kết thúc"), _("Giáo viên"), _("Học viên kế hoạch"), _("Học viên"),
              _("Hoàn thành"), _("Tỷ lệ hoàn thành (%)"), _("Có theo dõi"), _("Có việc làm"),
              _("Tỷ lệ có việc làm (%)"), _("Đề án"), _("Kinh phí (đồng)"), _("Tình trạng")]

    def rows():
        for batch in _chunks(qs):
            rates = class_rates(c.pk for c in batch)
            for c in batch:
                r = rates[c.pk]
                yield [c.code, c.name, c.get_kind_display(), str(c.craft), str(c.commune), c.commune.code,
                       str(c.village or ""), c.start_date, c.end_date, c.teachers, c.planned_trainees, r.trainees,
                       r.completed, _rate(r.completion_rate), r.followed, r.employed, _rate(r.employment_rate),
                       c.project.code if c.project_id else "", c.cost, c.get_status_display()]

    formats = {_("Mã lớp"): TEXT_FORMAT, _("Mã xã"): TEXT_FORMAT, _("Đề án"): TEXT_FORMAT,
               _("Kinh phí (đồng)"): MONEY_FORMAT, _("Tỷ lệ hoàn thành (%)"): DECIMAL_FORMAT,
               _("Tỷ lệ có việc làm (%)"): DECIMAL_FORMAT,
               **dict.fromkeys([_("Học viên kế hoạch"), _("Học viên"), _("Hoàn thành"), _("Có theo dõi"),
                                _("Có việc làm")], COUNT_FORMAT)}
    return xlsx_response(filename="lop-dao-tao", title=_("Lớp đào tạo"), header=header, rows=rows(),
                         formats=formats)


def export_roster(*, training_class, trainees, personal: bool, actor, path: str) -> FileResponse:
    trainees = list(trainees)
    header = [_("STT"), _("Họ và tên")]
    if personal:
        header += [_("Năm sinh"), _("Số CMND/CCCD")]
    header += [_("Giới tính"), _("Xã/phường cư trú"), _("Hoàn thành"), _("Số chứng chỉ"),
               _("Theo dõi gần nhất"), _("Có việc làm (lần gần nhất)")]

    def rows():
        for number, t in enumerate(trainees, start=1):
            row = [number, t.full_name]
            if personal:
                row += [t.birth_year, t.id_number or ""]
            latest = None if t.latest_employed is None else (_("Có") if t.latest_employed else _("Không"))
            row += [t.get_gender_display(), str(t.home_commune or ""), _("Có") if t.completed else _("Không"),
                    t.certificate_number, t.latest_date, latest]
            yield row

    formats = {_("Số CMND/CCCD"): TEXT_FORMAT, _("Số chứng chỉ"): TEXT_FORMAT}
    response = xlsx_response(filename=f"hoc-vien-{training_class.code}", title=_("Học viên"), header=header,
                             rows=rows(), formats=formats)
    if personal:
        log_personal_access(actor=actor, trainees=trainees, purpose=AccessPurpose.EXPORT,
                            training_class=training_class, path=path)
    return response


def export_follow_ups_due(*, trainees, personal_class_ids: set | None, actor, path: str) -> FileResponse:
    """`personal_class_ids`: classes whose trainees' personal data goes in (None: no personal columns)."""
    personal = personal_class_ids is not None
    header = [_("Họ và tên")]
    if personal:
        header += [_("Năm sinh"), _("Số CMND/CCCD")]
    header += [_("Mã lớp"), _("Nghề"), _("Xã/phường"), _("Lớp kết thúc"), _("Hạn theo dõi"),
               _("Theo dõi gần nhất")]
    shown = []

    def rows():
        for t in trainees.iterator(chunk_size=CHUNK):
            c = t.training_class
            row = [t.full_name]
            if personal:
                full = c.pk in personal_class_ids
                row += [t.birth_year if full else None, (t.id_number or "") if full else ""]
                if full and t.id_number:
                    shown.append(t)
            yield row + [c.code, str(c.craft), str(c.commune), c.end_date, c.follow_up_due_on, t.latest_date]

    response = xlsx_response(filename="can-theo-doi-viec-lam", title=_("Cần theo dõi"), header=header, rows=rows(),
                             formats={_("Số CMND/CCCD"): TEXT_FORMAT, _("Mã lớp"): TEXT_FORMAT})
    if shown:
        log_personal_access(actor=actor, trainees=shown, purpose=AccessPurpose.EXPORT, path=path)
    return response


def export_transplants(qs) -> FileResponse:
    header = [_("Làng"), _("Mã làng"), _("Xã/phường"), _("Nghề"), _("Năm cấy nghề"), _("Số hộ được đào tạo"),
              _("Đề án"), _("Năm kiểm tra gần nhất"), _("Còn duy trì"), _("Số hộ làm nghề")]

    def rows():
        for t in qs.iterator(chunk_size=CHUNK):
            kept = None if t.latest_practising is None else (_("Có") if t.latest_practising else _("Không"))
            yield [t.village.name, t.village.code, str(t.village.commune), str(t.craft), t.year, t.households_trained,
                   t.project.code if t.project_id else "", t.latest_year, kept, t.latest_households]

    formats = {_("Mã làng"): TEXT_FORMAT, _("Đề án"): TEXT_FORMAT, _("Số hộ được đào tạo"): COUNT_FORMAT,
               _("Số hộ làm nghề"): COUNT_FORMAT}
    return xlsx_response(filename="cay-nghe", title=_("Cấy nghề"), header=header, rows=rows(), formats=formats)
