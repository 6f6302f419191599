"""The upload page, the progress page and background task, scope, template download and export."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from khuyencong.accounts.scoping import SYSTEM
from khuyencong.imports.models import ImportRun, RunStatus
from khuyencong.imports.services import runs as services
from khuyencong.registry.models import Establishment
from tests.imports.conftest import write_xlsx

pytestmark = pytest.mark.django_db

HEADER = ["Mã cơ sở", "Tên cơ sở", "Loại hình", "Mã xã/phường", "Số lao động"]


def _upload(client, path, **data):
    with open(path, "rb") as fh:
        payload = {"file": SimpleUploadedFile(path.name, fh.read()), "hierarchy": "current", "mode": "upsert", **data}
    return client.post(reverse("imports:upload", args=["establishments"]), payload)


def _login(client, user):
    client.force_login(user)


def test_upload_with_error_then_fixed_file(client, make_user, tmp_path):
    _login(client, make_user("canbo"))
    page = client.get(reverse("imports:upload", args=["establishments"]))
    assert page.status_code == 200 and "Nhập từ tệp: Cơ sở CNNT" in page.text and "csrfmiddlewaretoken" in page.text
    bad = write_xlsx(tmp_path / "bad.xlsx", [HEADER, ["A", "Cơ sở A", "DN", "10030", 3],
                                             ["B", "Cơ sở B", "DN", "10030", "ba"]])
    response = _upload(client, bad)
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response.url == reverse("imports:run", args=[run.pk])
    page = client.get(response.url)
    assert run.status == RunStatus.FAILED and not Establishment.objects.exists()
    assert "<td class=\"num\">3</td><td>Số lao động</td>" in page.text and "Không ghi dòng nào" in page.text
    good = write_xlsx(tmp_path / "good.xlsx", [HEADER, ["A", "Cơ sở A", "DN", "10030", 3],
                                               ["B", "Cơ sở B", "DN", "10030", 4]])
    page = client.get(_upload(client, good).url)
    assert "Đã ghi: thêm mới 2" in page.text and Establishment.objects.count() == 2
    assert 'hx-trigger="every 1s"' not in page.text  # finished: polling stops


def test_valid_only_rejects_download(client, make_user, tmp_path):
    _login(client, make_user("canbo"))
    path = write_xlsx(tmp_path / "v.xlsx", [HEADER, ["A", "Cơ sở A", "DN", "10030", 3],
                                            ["B", "Cơ sở B", "DN", "10030", -4]])
    response = _upload(client, path, valid_only="on")
    run = ImportRun.objects.get()
    assert run.status == RunStatus.SUCCEEDED and run.rejects
    page = client.get(response.url)
    link = reverse("imports:run_rejects", args=[run.pk])
    assert link in page.text
    download = client.get(link)
    wb = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[1][:2] == (3, "B") and "Không được âm" in rows[1][-1]


def test_large_file_runs_as_background_task_with_progress(client, make_user, tmp_path, monkeypatch,
                                                          django_capture_on_commit_callbacks):
    monkeypatch.setattr(services, "INLINE_MAX_BYTES", 10)  # every upload counts as large
    _login(client, make_user("canbo"))
    rows = [HEADER] + [[f"C{i}", f"Cơ sở {i}", "HKD", "10030", i] for i in range(30)]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _upload(client, write_xlsx(tmp_path / "big.xlsx", rows))
    run = ImportRun.objects.get()
    assert run.status == RunStatus.PENDING and not Establishment.objects.exists()
    pending = client.get(response.url)
    assert 'hx-trigger="every 1s"' in pending.text and "<progress" in pending.text
    for callback in callbacks:  # the task is enqueued on commit; the immediate backend runs it now
        callback()
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED and run.rows_done == run.rows_total == 30 and run.percent == 100
    fragment = client.get(response.url, headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<div id="run-status"') and "Đã ghi: thêm mới 30" in fragment.text
    assert Establishment.objects.count() == 30


def test_officer_cannot_import_outside_their_units(client, make_user, tmp_path):
    _login(client, make_user("phunghia", role="local_officer", unit="10030"))
    path = write_xlsx(tmp_path / "s.xlsx", [HEADER, ["A", "Cơ sở A", "DN", "10030", 3],
                                            ["B", "Cơ sở Ba Đình", "DN", "00004", 3]])
    page = client.get(_upload(client, path).url)
    assert "Xã/phường này nằm ngoài phạm vi đơn vị của bạn." in page.text
    run = ImportRun.objects.get()
    assert run.errors == [[3, "Mã xã/phường", "Xã/phường này nằm ngoài phạm vi đơn vị của bạn."]]
    assert not Establishment.objects.exists()


def test_legacy_district_officer_may_import_old_and_new_communes(make_user, tmp_path):
    from khuyencong.imports.services.runs import import_file

    officer = make_user("chuongmy", role="local_officer", unit="277", hierarchy="legacy")
    path = write_xlsx(tmp_path / "c.xlsx", [["code", "name", "kind", "commune_code", "hierarchy"],
                                            ["A", "Cơ sở cũ", "DN", "10033", "legacy"],
                                            ["B", "Cơ sở mới", "DN", "10030", "current"],
                                            ["C", "Cơ sở Ba Đình", "DN", "00004", "current"]])
    result = import_file(kind="establishments", path=path, user=officer)
    assert [(e.row, e.column) for e in result.errors] == [(4, "Mã xã/phường")]


def test_viewer_may_not_import(client, make_user, tmp_path):
    _login(client, make_user("xem", role="viewer"))
    page = client.get(reverse("imports:upload", args=["establishments"]))
    assert "Chỉ Quản trị hệ thống, Cán bộ Trung tâm, Cán bộ địa phương được nhập dữ liệu từ tệp" in page.text
    assert "<form method=\"post\" enctype" not in page.text
    path = write_xlsx(tmp_path / "x.xlsx", [HEADER, ["A", "Cơ sở A", "DN", "10030", 3]])
    assert _upload(client, path).status_code == 403
    assert not ImportRun.objects.exists()


def test_form_rejects_wrong_extension_and_unknown_kind(client, make_user):
    _login(client, make_user("canbo"))
    response = client.post(reverse("imports:upload", args=["establishments"]),
                           {"file": SimpleUploadedFile("a.pdf", b"%PDF"), "hierarchy": "current", "mode": "upsert"})
    assert response.status_code == 200 and "Chỉ nhận tệp .xlsx hoặc .csv." in response.text
    assert client.get(reverse("imports:upload", args=["nothing"])).status_code == 404
    assert client.get("/nhap-du-lieu/establishments/xuat.pdf").status_code == 404
    assert client.get("/nhap-du-lieu/nothing/xuat.csv").status_code == 404


def test_someone_elses_run_is_404(client, make_user, tmp_path):
    _login(client, make_user("canbo"))
    _upload(client, write_xlsx(tmp_path / "a.xlsx", [HEADER, ["A", "Cơ sở A", "DN", "10030", 3]]))
    run = ImportRun.objects.get()
    client.logout()
    _login(client, make_user("other"))
    assert client.get(reverse("imports:run", args=[run.pk])).status_code == 404


def test_template_download(client, make_user):
    _login(client, make_user("canbo"))
    response = client.get(reverse("imports:template", args=["craft_villages"]))
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert wb.sheetnames == ["Dữ liệu", "Danh mục", "Hướng dẫn"]
    assert [c.value for c in wb["Dữ liệu"][1]][:4] == ["Mã làng", "Tên làng", "Mã xã/phường", "Nghề"]


def test_export_downloads_are_scoped_and_filtered(client, make_user, tmp_path):
    from khuyencong.imports.services.runs import import_file

    path = write_xlsx(tmp_path / "e.xlsx", [HEADER, ["A", "Cơ sở Phú Nghĩa", "DN", "10030", 3],
                                            ["B", "Cơ sở Ba Đình", "HTX", "00004", 5]])
    assert import_file(user=SYSTEM, kind="establishments", path=path).ok
    _login(client, make_user("phunghia", role="local_officer", unit="10030"))
    csv_response = client.get(reverse("imports:export", args=["establishments", "csv"]))
    text = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    assert "Cơ sở Phú Nghĩa" in text and "Cơ sở Ba Đình" not in text
    assert text.splitlines()[0].startswith("Mã cơ sở,Tên cơ sở,Loại hình,Mã xã/phường")
    client.logout()
    _login(client, make_user("canbo"))
    xlsx = client.get(reverse("imports:export", args=["establishments", "xlsx"]) + "?kind=HTX")
    rows = list(load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == ["B"]
    assert rows[1][3] == "00004" and rows[1][-1] == "current"


def test_list_actions_include(rf, make_user):
    from django.template import Context, Template

    html = Template('{% include "imports/_list_actions.html" with kind="products" query="q=may" %}').render(Context())
    assert "/nhap-du-lieu/products/" in html and "/nhap-du-lieu/products/xuat.csv?q=may" in html
    assert "Tải mẫu" in html and "Xuất XLSX" in html


def test_list_actions_with_the_registry_hook_context():
    from django.template import Context, Template

    html = Template('{% include "imports/_list_actions.html" %}').render(
        Context({"import_kind": "craft_villages", "filtered_query": "recognition=lang_nghe"}))
    assert "/nhap-du-lieu/craft_villages/xuat.xlsx?recognition=lang_nghe" in html
    assert Template('{% include "imports/_list_actions.html" %}').render(Context()).strip() == ""


def test_recent_runs_count_what_was_written(client, make_user, tmp_path):
    """A failed run (all or nothing) wrote nothing: 0 added, its good rows shown as valid, not as added."""
    from tests.html import table_rows

    _login(client, make_user("canbo"))
    bad = write_xlsx(tmp_path / "bad.xlsx", [HEADER, ["A", "Cơ sở A", "DN", "10030", 3],
                                             ["B", "Cơ sở B", "DN", "10030", 4], ["C", "Cơ sở C", "DN", "10030", "ba"]])
    _upload(client, bad)
    _upload(client, write_xlsx(tmp_path / "dry.xlsx", [HEADER, ["A", "Cơ sở A", "DN", "10030", 3]]), dry_run="on")
    _upload(client, write_xlsx(tmp_path / "good.xlsx", [HEADER, ["A", "Cơ sở A", "DN", "10030", 3]]))
    page = client.get(reverse("imports:upload", args=["establishments"]))
    header, *rows = table_rows(page.text, "recent-runs")
    assert header[3:] == ["Trạng thái", "Hợp lệ", "Thêm", "Sửa", "Lỗi"]
    good, dry, failed = ([row[1]] + row[3:] for row in rows)
    assert failed == ["bad.xlsx", "Có lỗi, không ghi", "2", "0", "0", "1"]
    assert dry == ["dry.xlsx", "Hoàn tất (chạy thử, không ghi)", "1", "0", "0", "0"]
    assert good == ["good.xlsx", "Hoàn tất", "1", "1", "0", "0"]
    failed_run = ImportRun.objects.get(original_name="bad.xlsx")
    assert (failed_run.valid_rows, failed_run.created, failed_run.updated) == (2, 0, 0)


def test_modes_are_named_in_plain_vietnamese(client, make_user, tmp_path):
    _login(client, make_user("canbo"))
    page = client.get(reverse("imports:upload", args=["establishments"]))
    options = re.findall(r'<option value="(\w+)"[^>]*>([^<]+)</option>', page.text)
    assert ("upsert", "Thêm mới hoặc cập nhật") in options
    assert ("create", "Chỉ thêm mới") in options and ("update", "Chỉ cập nhật") in options
    run_page = client.get(_upload(client, write_xlsx(tmp_path / "a.xlsx", [HEADER, ["A", "Cơ sở A", "DN", "10030", 3]]),
                                  mode="create").url)
    assert "Chỉ thêm mới" in run_page.text
    for page_text in (page.text, run_page.text):
        assert "(upsert)" not in page_text and "(create)" not in page_text and "(update)" not in page_text
