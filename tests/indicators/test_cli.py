"""`khuyencong indicators`: the JSON exactly as specified, the Vietnamese table, and exit 2 on bad input."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from khuyencong.cli import main
from tests.indicators.conftest import M
from tests.indicators.test_engine import HANOI_2011_2015


def run(*args) -> str:
    out = io.StringIO()
    call_command("indicators", *args, stdout=out)
    return out.getvalue()


def test_json_is_exactly_the_contract(world):
    text = run("--unit", "01", "--period", "2011-2015", "--json")
    data = json.loads(text)
    assert list(data) == ["unit", "period", "values"]
    assert data["unit"] == "01" and data["period"] == "2011-2015"
    expected = {**HANOI_2011_2015, "transplants_sustained_rate": 66.67}
    assert data["values"] == expected
    # percentages as percents, money in đồng, no data as null
    assert '"employment_rate": 75.0' in text
    assert f'"support_funds": {1410 * M}' in text
    assert '"handicraft_export_growth": null' in text


def test_json_breakdowns(world):
    data = json.loads(run("--unit", "277", "--hierarchy", "legacy", "--period", "2011-2015", "--by", "child",
                          "--indicator", "establishments_supported,employment_rate", "--json"))
    assert data["unit"] == "277" and data["values"] == {"establishments_supported": 3, "employment_rate": 75.0}
    assert data["breakdown"]["10033"] == {"establishments_supported": 2, "employment_rate": 50.0}
    assert data["breakdown"]["10063"] == {"establishments_supported": 1, "employment_rate": 100.0}
    data = json.loads(run("--unit", "1", "--period", "2014-2015", "--by", "year", "--indicator", "support_funds",
                          "--json"))
    assert data == {"unit": "01", "period": "2014-2015", "values": {"support_funds": 960 * M},
                    "breakdown": {"2014": {"support_funds": 200 * M}, "2015": {"support_funds": 760 * M}}}


def test_vietnamese_table(world):
    text = run("--unit", "01", "--period", "2011-2015")
    assert "Chỉ tiêu — Thành phố Hà Nội [01], 2011–2015" in text
    assert "Nguồn: tính trực tiếp từ dữ liệu" in text
    lines = {line.split()[0]: line for line in text.splitlines() if line.startswith("  ")}
    assert lines["employment_rate"].endswith("75,0%")
    assert lines["village_workers"].endswith("1.050")
    assert lines["support_funds"].endswith("1,4 tỷ đồng")
    assert lines["handicraft_exports"].endswith("300 triệu USD")
    assert lines["handicraft_export_growth"].endswith("—")
    assert lines["village_share_of_industry"].endswith("(có số liệu chưa duyệt)")


@pytest.mark.parametrize(("args", "says"), [
    (["--unit", "01", "--period", "2015-2011"], "hãy viết 2011-2015"),
    (["--unit", "01", "--period", "1985"], "từ 1990"),
    (["--unit", "01", "--period", "năm ngoái"], "hãy viết một năm (2015) hoặc năm đầu-năm cuối (2011-2015)"),
    (["--unit", "277", "--period", "2015"], "chọn hệ thống legacy (--hierarchy legacy)"),
    (["--unit", "99999", "--period", "2015"], "Không tìm thấy đơn vị có mã “99999”"),
    (["--unit", "01", "--period", "2015", "--indicator", "viec_lam"], "Không có chỉ tiêu “viec_lam”"),
    (["--unit", "01", "--period", "2015", "--by", "district"], "viết child"),
    (["--unit", "01", "--period", "2015", "--hierarchy", "old"], "viết current"),
    (["--unit", "10030", "--period", "2015", "--by", "child"], "không có đơn vị cấp dưới"),
    (["--unit", "01"], "Cần --unit và --period"),
])
def test_bad_input_exits_2_with_what_to_write(world, args, says):
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert caught.value.returncode == 2
    assert says in str(caught.value)


def test_the_console_script_exits_2(world, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["khuyencong", "indicators", "--unit", "01", "--period", "2015-2011"])
    assert caught.value.code == 2
    assert "hãy viết 2011-2015" in capsys.readouterr().err
