"""The data-quality rules: which recorded figures are implausible, found by one set-based query per check.

Each `Check` belongs to a rule (`models.QualityRule`), is about one kind of record (the `QualityFlag` link it
fills) and returns, from ONE query, the records that break it with the figures found (`details`, JSON). The
query selects only the offending rows, so a scan over a million establishments or villages reads its indexes
once per check and writes nothing for a clean record. `describe(flag)` turns the figures into the Vietnamese
explanation: what was found, the figure, the norm, what to check.

The thresholds are the named constants below (documented in the README, "Chất lượng số liệu"); a deployment may
override each with a Django setting of the same name.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext as _

from khuyencong.core.formatting import format_number, format_vnd
from khuyencong.indicators.models import DataValue, ElementUnit, QualityRule
from khuyencong.projects.models import Activity, Project
from khuyencong.registry.models import CraftVillageYear
from khuyencong.training.models import FollowUp, Trainee, TrainingClass

# A class costing more than this (đồng) is far above any class the programme funds: a truyền nghề class costs a
# few hundred million đồng, a management class of about a hundred managers well under a billion.
MAX_COST_PER_CLASS = 1_000_000_000
# Per trainee (đồng): training costs a few million đồng per trainee; ten times that is far above the norm.
MAX_COST_PER_TRAINEE = 50_000_000
# Projects whose funds pay for classes, checked per class and per trainee.
CLASS_ACTIVITIES = (Activity.TRAINING, Activity.MANAGEMENT)
# A village's production value more than this many times (or less than 1/this of) the year before's.
MAX_YEARLY_JUMP = 10
# A class with more trainees than this percentage of its planned size.
MAX_CLASS_SIZE_PERCENT = 150

PROJECT_AMOUNTS = ("estimated_cost", "requested_funds", "approved_funds", "settled_funds", "counterpart_funds",
                   "advances_paid", "refund_amount")


def threshold(name: str):
    return getattr(settings, f"QUALITY_{name}", globals()[name])


@dataclass(frozen=True)
class Check:
    code: str
    rule: str
    target: str  # the QualityFlag link: training_class, project, village_year, data_value
    find: Callable[[], Iterable[tuple[int, dict]]]  # one query: (record pk, figures found)
    explain: Callable[[dict], str]


# --- cost per class / per trainee ----------------------------------------------------------------------------

def _class_costs():
    per_class, per_trainee = threshold("MAX_COST_PER_CLASS"), threshold("MAX_COST_PER_TRAINEE")
    # trainees on the roster, or the planned size while the roster is empty
    size = Case(When(enrolled__gt=0, then=F("enrolled")), default=Coalesce("planned_trainees", 0),
                output_field=IntegerField())
    rows = (TrainingClass.objects.annotate(enrolled=Count("trainees")).annotate(size=size)
            .filter(Q(cost__gt=per_class) | Q(size__gt=0, cost__gt=F("size") * per_trainee))
            .order_by().values_list("pk", "cost", "size", "kind"))
    for pk, cost, n, kind in rows:
        yield pk, {"funds": cost, "classes": 1, "trainees": n, "kind": kind,
                   "norm_class": per_class, "norm_trainee": per_trainee}


def _count(qs, group: str):
    return Subquery(qs.order_by().values(group).annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField())


def _project_costs():
    per_class, per_trainee = threshold("MAX_COST_PER_CLASS"), threshold("MAX_COST_PER_TRAINEE")
    # NULL (not 0) when a project has no class or no trainee: its comparison is then unknown, so each count's
    # subquery appears once in the WHERE clause (the database evaluates it once per project).
    classes = _count(TrainingClass.objects.filter(project=OuterRef("pk")), "project")
    enrolled = _count(Trainee.objects.filter(training_class__project=OuterRef("pk")), "training_class__project")
    rows = (Project.objects.filter(activity__in=CLASS_ACTIVITIES)
            .annotate(funds=Coalesce("settled_funds", "approved_funds", "requested_funds"), classes=classes,
                      trainees=NullIf(Coalesce("actual_trainees", enrolled, "expected_trainees",
                                               output_field=IntegerField()), 0))
            .filter(funds__gt=min(per_class, per_trainee))
            .filter(Q(funds__gt=F("classes") * per_class) | Q(funds__gt=F("trainees") * per_trainee))
            .order_by().values_list("pk", "funds", "classes", "trainees", "activity"))
    for pk, funds, n_classes, n_trainees, activity in rows:
        yield pk, {"funds": funds, "classes": n_classes or 0, "trainees": n_trainees or 0, "activity": activity,
                   "norm_class": per_class, "norm_trainee": per_trainee}


def _explain_cost(d: dict) -> str:
    parts = []
    one_class = "activity" not in d  # a class's own cost
    if one_class and d["funds"] > d["norm_class"]:
        parts.append(_("%(funds)s cho một lớp, vượt xa định mức %(norm)s mỗi lớp") % {
            "funds": format_vnd(d["funds"]), "norm": format_vnd(d["norm_class"])})
    elif d["classes"] and d["funds"] > d["classes"] * d["norm_class"]:
        parts.append(_("%(funds)s cho %(n)s lớp là %(per)s mỗi lớp, vượt xa định mức %(norm)s mỗi lớp") % {
            "funds": format_vnd(d["funds"]), "n": format_number(d["classes"]),
            "per": format_vnd(d["funds"] // d["classes"]), "norm": format_vnd(d["norm_class"])})
    if d["trainees"] and d["funds"] > d["trainees"] * d["norm_trainee"]:
        parts.append(_("%(funds)s cho %(n)s học viên là %(per)s mỗi học viên, vượt xa định mức %(norm)s mỗi học "
                       "viên") % {"funds": format_vnd(d["funds"]), "n": format_number(d["trainees"]),
                                  "per": format_vnd(d["funds"] // d["trainees"]),
                                  "norm": format_vnd(d["norm_trainee"])})
    return _("Kinh phí: %(found)s. Kiểm tra số tiền (có nhập thừa chữ số, nhầm đồng với nghìn đồng, nhầm "
             "tổng chương trình với một đề án?) và số lớp, số học viên.") % {"found": "; ".join(parts)}


# --- shares over 100 % ---------------------------------------------------------------------------------------

def _class_employment():
    latest = FollowUp.objects.filter(trainee=OuterRef("pk")).order_by("-date", "-pk").values("employed")[:1]
    employed = _count(Trainee.objects.filter(training_class=OuterRef("pk")).annotate(employed=Subquery(latest))
                      .filter(employed=True), "training_class")
    completed = _count(Trainee.objects.filter(training_class=OuterRef("pk"), completed=True), "training_class")
    # subqueries, not a join: each is evaluated once per class (a class without completing trainees counts 0)
    rows = (TrainingClass.objects.annotate(employed=employed, completed=Coalesce(completed, 0))
            .filter(employed__gt=F("completed")).order_by().values_list("pk", "employed", "completed"))
    for pk, n_employed, n_completed in rows:
        yield pk, {"employed": n_employed, "completed": n_completed}


def _explain_employment(d: dict) -> str:
    return _("%(e)s học viên có việc làm (lần theo dõi gần nhất) nhưng chỉ %(c)s học viên hoàn thành khoá học: tỷ "
             "lệ có việc làm vượt 100%%. Kiểm tra đánh dấu hoàn thành của học viên và các lần theo dõi việc làm.") % {
        "e": format_number(d["employed"]), "c": format_number(d["completed"])}


def _percent_values():
    rows = (DataValue.objects.filter(element__unit=ElementUnit.PERCENT, value__gt=100).order_by()
            .values_list("pk", "value"))
    for pk, value in rows:
        yield pk, {"value": str(value)}


def _explain_percent(d: dict) -> str:
    return _("Số liệu là tỷ lệ phần trăm nhưng bằng %(v)s%%, vượt 100%%. Kiểm tra cách nhập (nhập 12 cho 12%%, "
             "không nhập số tuyệt đối).") % {"v": format_number(d["value"])}


def _village_households():
    rows = (CraftVillageYear.objects.filter(craft_households__gt=F("households"))
            .order_by().values_list("pk", "craft_households", "households"))
    for pk, craft, total in rows:
        yield pk, {"craft_households": craft, "households": total}


def _explain_households(d: dict) -> str:
    return _("Số hộ làm nghề (%(c)s) lớn hơn tổng số hộ (%(h)s): tỷ lệ hộ làm nghề vượt 100%%. Kiểm tra hai số "
             "liệu của năm này.") % {"c": format_number(d["craft_households"]), "h": format_number(d["households"])}


def _project_progress():
    rows = Project.objects.filter(progress_percent__gt=100).order_by().values_list("pk", "progress_percent")
    for pk, percent in rows:
        yield pk, {"progress": percent}


def _explain_progress(d: dict) -> str:
    return _("Tiến độ đề án ghi %(p)s%%, vượt 100%%. Kiểm tra tiến độ thực hiện.") % {"p": format_number(d["progress"])}


# --- negative values -----------------------------------------------------------------------------------------

def _negative_values():
    for pk, value in DataValue.objects.filter(value__lt=0).order_by().values_list("pk", "value"):
        yield pk, {"value": str(value)}


def _explain_negative_value(d: dict) -> str:
    return _("Số liệu báo cáo âm (%(v)s). Số liệu này không thể âm: kiểm tra dấu và số đã nhập.") % {
        "v": format_number(d["value"])}


def _negative_projects():
    where = Q()
    for name in PROJECT_AMOUNTS:
        where |= Q(**{f"{name}__lt": 0})
    for row in Project.objects.filter(where).order_by().values("pk", *PROJECT_AMOUNTS):
        yield row["pk"], {"fields": {name: row[name] for name in PROJECT_AMOUNTS
                                     if row[name] is not None and row[name] < 0}}


def _explain_negative_project(d: dict) -> str:
    labels = {f.name: str(f.verbose_name) for f in Project._meta.concrete_fields}
    found = "; ".join(f"{labels[name]}: {format_vnd(value)}" for name, value in sorted(d["fields"].items()))
    return _("Số tiền âm (%(found)s). Kinh phí không thể âm: kiểm tra dấu và số đã nhập.") % {"found": found}


# --- a village's production value jumps ----------------------------------------------------------------------

def _village_jumps():
    factor = threshold("MAX_YEARLY_JUMP")
    # the same village's row of the year before, as a join (village → its years), not a subquery per row
    rows = (CraftVillageYear.objects
            .filter(village__years__year=F("year") - 1, village__years__production_value__gt=0,
                    production_value__gt=0)
            .annotate(previous=F("village__years__production_value"))
            .filter(Q(production_value__gt=F("previous") * factor) | Q(previous__gt=F("production_value") * factor))
            .order_by().values_list("pk", "year", "production_value", "previous"))
    for pk, year, value, previous in rows:
        yield pk, {"year": year, "value": value, "previous": previous, "factor": factor}


def _explain_jump(d: dict) -> str:
    up = d["value"] > d["previous"]
    ratio = (d["value"] / d["previous"]) if up else (d["previous"] / d["value"])
    return _("Giá trị sản xuất năm %(y)s là %(v)s, năm %(py)s là %(p)s: %(dir)s %(r)s lần trong một năm (ngưỡng: "
             "%(f)s lần). Kiểm tra đơn vị (đồng, triệu đồng) và số chữ số của hai năm.") % {
        "y": d["year"], "v": format_vnd(d["value"]), "py": d["year"] - 1, "p": format_vnd(d["previous"]),
        "dir": _("tăng") if up else _("giảm"), "r": format_number(round(ratio, 1)), "f": format_number(d["factor"])}


# --- a class far over its planned size -----------------------------------------------------------------------

def _oversized_classes():
    percent = threshold("MAX_CLASS_SIZE_PERCENT")
    rows = (TrainingClass.objects.filter(planned_trainees__gt=0).annotate(enrolled=Count("trainees"))
            .filter(enrolled__gt=F("planned_trainees") * percent / 100)
            .order_by().values_list("pk", "enrolled", "planned_trainees"))
    for pk, enrolled, planned in rows:
        yield pk, {"trainees": enrolled, "planned": planned, "percent": percent}


def _explain_oversize(d: dict) -> str:
    return _("Lớp có %(n)s học viên, kế hoạch %(p)s (vượt %(x)s%% kế hoạch; ngưỡng %(limit)s%%). Kiểm tra danh sách "
             "học viên (trùng, nhập nhầm lớp) và số học viên kế hoạch.") % {
        "n": format_number(d["trainees"]), "p": format_number(d["planned"]),
        "x": format_number(d["trainees"] * 100 // d["planned"]), "limit": format_number(d["percent"])}


CHECKS: dict[str, Check] = {check.code: check for check in (
    Check("class_cost", QualityRule.COST, "training_class", _class_costs, _explain_cost),
    Check("project_cost", QualityRule.COST, "project", _project_costs, _explain_cost),
    Check("class_employment", QualityRule.SHARE, "training_class", _class_employment, _explain_employment),
    Check("value_percent", QualityRule.SHARE, "data_value", _percent_values, _explain_percent),
    Check("village_households", QualityRule.SHARE, "village_year", _village_households, _explain_households),
    Check("project_progress", QualityRule.SHARE, "project", _project_progress, _explain_progress),
    Check("value_negative", QualityRule.NEGATIVE, "data_value", _negative_values, _explain_negative_value),
    Check("project_negative", QualityRule.NEGATIVE, "project", _negative_projects, _explain_negative_project),
    Check("village_jump", QualityRule.JUMP, "village_year", _village_jumps, _explain_jump),
    Check("class_oversize", QualityRule.OVERSIZE, "training_class", _oversized_classes, _explain_oversize),
)}


def describe(flag) -> str:
    check = CHECKS.get(flag.check_code)
    if check is None:
        return flag.get_rule_display()
    try:
        return check.explain(flag.details)
    except (KeyError, TypeError, ZeroDivisionError):
        return flag.get_rule_display()
