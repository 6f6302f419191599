"""The official lines of a report as Nghị định 30/2020/NĐ-CP (Phụ lục I) lays them out, from settings.

`settings.REPORTS` (all optional):
- "SUPERIOR": the governing body's line, e.g. "UBND THÀNH PHỐ HÀ NỘI"; by default "UBND " + the name of the
  report unit's province in capitals;
- "AGENCY": the issuing agency, "SỞ CÔNG THƯƠNG";
- "SYMBOL": the document symbol after the number, "BC-SCT" (Số: …/BC-SCT);
- "PLACE": the place before the date, by default the province's name without "Thành phố"/"Tỉnh" ("Hà Nội");
- "SIGNER_TITLE" / "SIGNER_NAME": the signature block ("GIÁM ĐỐC", empty name: signed by hand);
- "RECIPIENTS": the "Nơi nhận" lines; "{province}" is replaced by the province's name.
"""

from dataclasses import dataclass

from django.conf import settings

from khuyencong.geo.models import AdminUnit, Level

DEFAULTS = {
    "SUPERIOR": "",
    "AGENCY": "SỞ CÔNG THƯƠNG",
    "SYMBOL": "BC-SCT",
    "PLACE": "",
    "SIGNER_TITLE": "GIÁM ĐỐC",
    "SIGNER_NAME": "",
    "RECIPIENTS": ["Bộ Công Thương", "UBND {province}", "Trung tâm Khuyến công",
                   "Lưu: VT, KC"],
}
PROVINCE_PREFIXES = ("Thành phố ", "Tỉnh ")


@dataclass(frozen=True)
class Letterhead:
    superior: str
    agency: str
    symbol: str
    place: str
    signer_title: str
    signer_name: str
    recipients: tuple[str, ...]


def province_of(unit: AdminUnit) -> AdminUnit:
    return unit if unit.level == Level.PROVINCE or unit.province is None else unit.province


def place_name(province: AdminUnit) -> str:
    for prefix in PROVINCE_PREFIXES:
        if province.name.startswith(prefix):
            return province.name[len(prefix):]
    return province.name


def letterhead(unit: AdminUnit) -> Letterhead:
    conf = {**DEFAULTS, **getattr(settings, "REPORTS", {})}
    province = province_of(unit)
    return Letterhead(
        superior=conf["SUPERIOR"] or f"UBND {province.name.upper()}",
        agency=conf["AGENCY"], symbol=conf["SYMBOL"], place=conf["PLACE"] or place_name(province),
        signer_title=conf["SIGNER_TITLE"], signer_name=conf["SIGNER_NAME"],
        recipients=tuple(line.replace("{province}", province.name) for line in conf["RECIPIENTS"]))


def official_date(place: str, day) -> str:
    """"Hà Nội, ngày 05 tháng 01 năm 2026": days below 10 and months 1 and 2 get a leading 0 (the decree)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"
