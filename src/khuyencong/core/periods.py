"""A reporting period: one year (2015) or a run of years such as a programme period (2011–2015, inclusive).

Indicators, targets, reports and the API all name periods the same way; `Period.parse` reads what a person
types ("2011-2015", "2011–2015", "2015") and refuses with a message that says what to write instead.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

FIRST_YEAR = 1990  # no khuyến công record is older; earlier years are typing errors
LAST_YEAR = 2100

_PATTERN = re.compile(r"^\s*(\d{1,4})\s*(?:[-–—/]|\.\.|\s+đến\s+|\s+to\s+)\s*(\d{1,4})\s*$|^\s*(\d{1,4})\s*$")


class PeriodError(ValueError):
    """A period that cannot be read; the message is ready to show to a user."""


@dataclass(frozen=True, order=True)
class Period:
    start: int
    end: int

    def __post_init__(self):
        for year in (self.start, self.end):
            if year < FIRST_YEAR:
                raise PeriodError(
                    _("Năm %(year)s trước %(first)s: hãy viết một năm từ %(first)s trở đi (ví dụ 2015 hoặc 2011-2015).")
                    % {"year": year, "first": FIRST_YEAR})
            if year > LAST_YEAR:
                raise PeriodError(_("Năm %(year)s quá xa: hãy viết một năm từ %(first)s đến %(last)s.")
                                  % {"year": year, "first": FIRST_YEAR, "last": LAST_YEAR})
        if self.start > self.end:
            raise PeriodError(
                _("Kỳ “%(given)s” viết ngược: năm đầu phải trước năm cuối, hãy viết %(right)s.")
                % {"given": f"{self.start}-{self.end}", "right": f"{self.end}-{self.start}"})

    @classmethod
    def parse(cls, text) -> "Period":
        """"2011-2015" (also 2011–2015, 2011/2015, "2011 đến 2015") or "2015"; a Period passes through."""
        if isinstance(text, Period):
            return text
        if isinstance(text, int):
            return cls(text, text)
        raw = "" if text is None else str(text)
        match = _PATTERN.match(raw)
        if not match:
            raise PeriodError(
                _("Kỳ “%(given)s” không đọc được: hãy viết một năm (2015) hoặc năm đầu-năm cuối (2011-2015).")
                % {"given": raw.strip()})
        if match.group(3):
            year = int(match.group(3))
            return cls(year, year)
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(year, year)

    @property
    def years(self) -> range:
        return range(self.start, self.end + 1)

    @property
    def length(self) -> int:
        return self.end - self.start + 1

    @property
    def is_year(self) -> bool:
        return self.start == self.end

    @property
    def base_year(self) -> int:
        """The year before the period: the base of average annual growth as Vietnamese statistics compute it."""
        return self.start - 1

    def __contains__(self, year: int) -> bool:
        return self.start <= year <= self.end

    def __str__(self) -> str:
        """The machine form, "2011-2015" or "2015" (JSON, URLs, the command line)."""
        return str(self.start) if self.is_year else f"{self.start}-{self.end}"

    @property
    def label(self) -> str:
        """As people write it: "2011–2015" or "2015"."""
        return str(self.start) if self.is_year else f"{self.start}–{self.end}"
