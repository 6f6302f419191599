"""The published figures of Hà Nội's khuyến công programme that the demo dataset is calibrated to, and the check
that the ENGINE (not the generator) gives them: `khuyencong demo --check`.

Sources (the city's reports): the 2011–2015 results (473 craft-teaching classes, 17,800 trainees, 80% employed;
250 villages given a craft, all still practising; 35 management classes for 3,000 managers; 1,350 villages with a
craft of which 274 recognised, 198 traditional; 626,500 workers and 166,300 households in 2015, production over
7,658 billion đồng, 8.4% of the city's industrial production; CNNT growth 10% a year; over 5,000 establishments
supported, almost 50,000 jobs, over 1,000 new designs) and the 2016–2020 results (274 classes, 9,590 trainees of
whom 7,774 employed, 72 management classes for 7,200 managers, 64 technology projects), with the targets of the
2016–2020 and 2021–2025 programmes.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

B = 1_000_000_000
M = 1_000_000


@dataclass(frozen=True)
class Figure:
    code: str
    period: str
    published: str          # as the report states it
    holds: Callable         # value -> bool: the engine's value says what the report says
    required: bool = True   # a 2011–2015 figure: `--check` fails when it does not hold


def _equals(n):
    return lambda v: v is not None and v == n


def _round1(x):
    return lambda v: v is not None and round(float(v), 1) == x


def _between(low, high):
    return lambda v: v is not None and low < v < high


FIGURES = [
    Figure("training_classes", "2011-2015", "473", _equals(473)),
    Figure("trainees", "2011-2015", "17.800", _equals(17_800)),
    Figure("employment_rate", "2011-2015", "80,0%", _round1(80.0)),
    Figure("villages_transplanted", "2011-2015", "250", _equals(250)),
    Figure("transplants_sustained_rate", "2011-2015", "100% (tất cả còn duy trì)", _round1(100.0)),
    Figure("management_classes", "2011-2015", "35", _equals(35)),
    Figure("managers_trained", "2011-2015", "3.000", _equals(3_000)),
    Figure("craft_villages", "2011-2015", "1.350", _equals(1_350)),
    Figure("recognised_villages", "2011-2015", "274", _equals(274)),
    Figure("traditional_villages", "2011-2015", "198", _equals(198)),
    Figure("village_workers", "2015", "626.500", _equals(626_500)),
    Figure("village_households", "2015", "166.300", _equals(166_300)),
    Figure("village_production_value", "2015", "hơn 7.658 tỷ đồng", _between(7_658 * B, 7_659 * B)),
    Figure("village_share_of_industry", "2015", "8,4%", _round1(8.4)),
    Figure("cnnt_growth", "2011-2015", "10,0%/năm", _round1(10.0)),
    Figure("establishments_supported", "2011-2015", "hơn 5.000", _between(5_000, 5_100)),
    Figure("jobs_created", "2011-2015", "gần 50.000", _between(49_500, 50_000)),
    Figure("new_designs", "2011-2015", "hơn 1.000", _between(1_000, 1_100)),
    Figure("training_classes", "2016-2020", "274", _equals(274), required=False),
    Figure("trainees", "2016-2020", "9.590", _equals(9_590), required=False),
    Figure("employment_rate", "2016-2020", "81,06% (7.774 có việc làm)", lambda v: v is not None and round(
        float(v), 2) == round(7_774 * 100 / 9_590, 2), required=False),
    Figure("management_classes", "2016-2020", "72", _equals(72), required=False),
    Figure("managers_trained", "2016-2020", "7.200", _equals(7_200), required=False),
    Figure("technology_projects", "2016-2020", "64", _equals(64), required=False),
]

# The numbers the generator makes (the engine must then give the figures above).
TRAINING = {  # period: (craft-teaching classes, completing trainees, employed, management classes, managers)
    "2011-2015": (473, 17_800, 14_240, 35, 3_000),
    "2016-2020": (274, 9_590, 7_774, 72, 7_200),
    "2021-2025": (70, 2_300, 1_900, 14, 1_100),
}
VILLAGES_2015 = {"craft": 1_350, "transplanted": 250, "recognised": 274, "traditional": 198,
                 "workers": 626_500, "craft_households": 166_300, "production_value": 7_658_400 * M}
ESTABLISHMENTS_SUPPORTED_2011_2015 = 5_037
JOBS_2011_2015 = 49_760
NEW_DESIGNS_2011_2015 = 1_046
TECHNOLOGY_PROJECTS_2016_2020 = 64

# Reported data of Hà Nội (đồng; USD), by year. Industrial production 2015 sets the share of industry:
# 7,658.4 ÷ 91,170 = 8.40%. CNNT production grows 10.0% a year over 2011–2015: 50,000 × 1.1^5 = 80,525.5.
INDUSTRIAL_2015 = 91_170 * B
CNNT_2010, CNNT_2015 = 50_000 * B, Decimal("80525.5") * B
EXPORTS_2015 = 250 * M   # handicraft exports, USD

# indicator, period, low, high, note (published targets; 2021–2025's "lượt cơ sở" is mapped to
# establishments_supported, which counts each establishment once)
TARGETS = [
    ("jobs_created", "2016-2020", 60_000, 75_000, "Chương trình 2016–2020: việc làm cho 60.000–75.000 lao động"),
    ("technology_projects", "2016-2020", 50, None, "50 đề án chuyển giao công nghệ, thiết bị tiên tiến"),
    ("handicraft_exports", "2020", 400 * M, None, "Xuất khẩu thủ công mỹ nghệ trên 400 triệu USD năm 2020"),
    ("handicraft_export_growth", "2016-2020", 12, 15, "Xuất khẩu thủ công mỹ nghệ tăng 12–15%/năm"),
    ("establishments_supported", "2021-2025", 10_000, None,
     "Chương trình 2021–2025: hỗ trợ hơn 10.000 lượt cơ sở (chỉ tiêu đếm mỗi cơ sở một lần)"),
    ("jobs_created", "2021-2025", 60_000, 70_000, "Chương trình 2021–2025: việc làm cho 60.000–70.000 lao động"),
    ("handicraft_export_growth", "2021-2025", 6, 8, "Xuất khẩu thủ công mỹ nghệ tăng 6–8%/năm"),
]
