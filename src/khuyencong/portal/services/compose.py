"""“Soạn bài tin”: a draft article written from the engine's figures for a unit and a period.

The figures are those of the review report (`reports.content.gather`, i.e. `indicators.engine.compute`); the text
is `portal.writing`. The draft keeps where its figures came from (`figures_source`: the back-office page of the
report or programme; its label in `figures["source_label"]`), when they were computed (`figures_as_of`) and the
values it carries (`figures["values"]`, by indicator code, as the engine's JSON gives them).
"""

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from khuyencong.accounts.scoping import SYSTEM
from khuyencong.core.periods import Period
from khuyencong.indicators.catalogue import CATALOGUE
from khuyencong.indicators.engine import json_number
from khuyencong.indicators.selectors import programme_periods, target_list
from khuyencong.portal import writing
from khuyencong.portal.catalogues import FIGURES_CATEGORY
from khuyencong.portal.models import Article
from khuyencong.portal.services.articles import article_create
from khuyencong.portal.services.categories import category_ensure
from khuyencong.reports.content import gather
from khuyencong.reports.models import ReportKind


def next_programme(period: Period) -> Period | None:
    """The programme that starts the year after `period` ends (2016–2020 after 2011–2015), if there is one."""
    return next((p for p, _name in programme_periods() if p.start == period.end + 1), None)


def next_targets(unit, period: Period) -> list:
    """The unit's targets within the next programme (or, without a programme, those starting the year after),
    in the catalogue's order."""
    programme = next_programme(period)
    first, last = (programme.start, programme.end) if programme else (period.end + 1, None)
    targets = [t for t in target_list(user=SYSTEM, filters={"unit": unit})
               if t.indicator in CATALOGUE and t.start_year >= first and (last is None or t.end_year <= last)
               and (programme is not None or t.start_year == first)]
    return sorted(targets, key=lambda t: (CATALOGUE[t.indicator].order, t.start_year, t.end_year))


def compose_draft(*, unit, period) -> tuple[writing.Draft, dict]:
    """The draft text and the figures it carries ({"unit", "hierarchy", "period", "values"})."""
    period = Period.parse(period)
    figures = gather(kind=ReportKind.REVIEW, unit=unit, period=period)
    draft = writing.write(figures, next_targets=next_targets(unit, period))
    values = {code: json_number(figures.values.get(code), CATALOGUE[code]) for code in draft.used}
    data = {"unit": unit.code, "hierarchy": unit.hierarchy, "unit_name": unit.name, "period": str(period),
            "values": values, "estimates": sorted(c for c in draft.used if c in figures.unapproved)}
    return draft, data


@transaction.atomic
def compose_article(*, user, unit, period, source_label: str, source_url: str, title: str = "", lead: str = "",
                    author_initials: str = "") -> Article:
    """A DRAFT article written from the figures of `unit` over `period`, in the category “Tin hoạt động”."""
    as_of = timezone.now()
    draft, data = compose_draft(unit=unit, period=period)
    data["source_label"] = source_label
    with translation.override(writing.ARTICLE_LANGUAGE):  # stored text: in the portal's language
        note = _("Soạn từ số liệu: %(source)s") % {"source": source_label}
    return article_create(user=user, title=title or draft.title, lead=lead or draft.lead, body=draft.body,
                          category=category_ensure(FIGURES_CATEGORY), author_initials=author_initials,
                          figures_source=source_url, figures_as_of=as_of, figures=data,
                          note=note)
