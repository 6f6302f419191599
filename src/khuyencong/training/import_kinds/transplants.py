"""The `transplants` import kind on the import framework: a transplant, its latest yearly check and
the craft added to the village.

Columns: village_code*, craft*, year*, project_code, sustained (yes/no: the latest check), and beyond the
published columns households_trained. Key: (village_code, craft, year); the craft is compared without
diacritics or case.
Scope: the village's commune.

Rules are those of transplant_services (pure checks): no transplant into a village already recognised
(làng nghề) for that craft; the year from 1990 to this year; only a project with activity training,
management or technology. After the bulk write, in the same transaction: the craft is added to the
village's crafts (with an audit row on the village), and `sustained` becomes this year's check when it
differs from the latest check (this year's check is updated if there is one, else added).
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from khuyencong.core.models import AuditAction, AuditEntry
from khuyencong.core.text import fold
from khuyencong.imports.batching import chunks
from khuyencong.imports.columns import Bool, CraftName, Int, Ref
from khuyencong.imports.kinds import Column, Kind, register
from khuyencong.projects.models import Project
from khuyencong.registry.models import Craft, CraftVillage
from khuyencong.training.models import OUTPUT_ACTIVITIES, CraftTransplant, TransplantCheck
from khuyencong.training.permissions import EDITOR_ROLES
from khuyencong.training.services.transplants import FIRST_YEAR, recognised_problem, year_problem


def _clean(values, errors) -> None:
    if values.get("year") is not None:
        problem = year_problem(values["year"])
        if problem:
            errors.append(("year", problem))


def _check(importer, plans) -> dict[int, list[tuple[str, str]]]:
    """Recognised villages, project activities and the checks to write: a few queries for the whole file."""
    villages_ref = importer.refs["village_code"]
    village_pks = {villages_ref[p.values["village_code"]][0] for p in plans}
    villages = {v.pk: v for v in CraftVillage.objects.filter(pk__in=village_pks).only("pk", "code", "name",
                                                                                       "recognition")}
    through, owner, target = _crafts_m2m()
    has = set(through.objects.filter(**{f"{owner}_id__in": village_pks}).values_list(f"{owner}_id", f"{target}_id"))
    projects = importer.refs.get("project_code", {})
    activities = dict(Project.objects.filter(pk__in={projects[p.values["project_code"]][0] for p in plans
                                                      if p.values.get("project_code")}).values_list("pk", "activity"))
    existing = [p.pk for p in plans if p.pk is not None]
    latest = {}
    for chunk in chunks(existing):
        latest.update({row["pk"]: row for row in CraftTransplant.objects.filter(pk__in=chunk).annotate(
            last_year=_latest("year"), last_practising=_latest("still_practising")).values(
            "pk", "last_year", "last_practising")})
    this_year = timezone.localdate().year
    crafts = importer.crafts or {}
    refused = defaultdict(list)
    checks = 0
    for plan in plans:
        values = plan.values
        village = villages[villages_ref[values["village_code"]][0]]
        craft = crafts.get(fold(values["craft"]))  # None: a craft new to the catalogue, so not the village's
        problem = recognised_problem(village=village, craft_name=values["craft"],
                                     has_craft=craft is not None and (village.pk, craft) in has)
        if problem:
            refused[plan.row].append(("village_code", problem))
        code = values.get("project_code")
        if code and activities.get(projects[code][0]) not in OUTPUT_ACTIVITIES:
            refused[plan.row].append(("project_code", f"Đề án {code} không phải đề án đào tạo nghề, nâng cao năng "
                                                      "lực quản lý hay chuyển giao công nghệ: không có cấy nghề."))
        values.pop("_check", None)
        sustained = values.get("sustained")
        if sustained is None:
            continue
        old = latest.get(plan.pk, {})
        if old.get("last_year") is not None and old["last_practising"] == sustained:
            continue  # the latest check already says this
        values["_check"] = (this_year, sustained, old.get("last_year") == this_year)
        checks += 1
    if checks and importer.result.dry_run:
        importer.result.notes.append(f"Kết quả kiểm tra duy trì nghề năm {this_year} sẽ ghi: {checks}.")
    return refused


def _latest(field):
    return Subquery(TransplantCheck.objects.filter(transplant=OuterRef("pk")).order_by("-year").values(field)[:1])


def _after_write(importer, rows, *, actor, summary) -> None:
    """The villages' crafts and this year's checks, in bulk, with audit rows."""
    created_by = actor if getattr(actor, "is_authenticated", False) else None
    summary = (summary or "Nhập từ tệp")[:300]
    crafts = importer.crafts
    village_ref = importer.refs["village_code"]
    wanted = {(village_ref[plan.values["village_code"]][0], crafts[fold(plan.values["craft"])]) for plan, _pk in rows}
    through, owner, target = _crafts_m2m()
    has = set(through.objects.filter(**{f"{owner}_id__in": {v for v, _c in wanted}}).values_list(
        f"{owner}_id", f"{target}_id"))
    added = sorted(wanted - has)
    through.objects.bulk_create([through(**{f"{owner}_id": v, f"{target}_id": c}) for v, c in added],
                                batch_size=2000)
    names = dict(Craft.objects.filter(pk__in={c for _v, c in added}).values_list("pk", "name"))
    by_village = defaultdict(list)
    for village, craft in added:
        by_village[village].append(names.get(craft, str(craft)))
    village_type = ContentType.objects.get_for_model(CraftVillage)
    entries = [AuditEntry(content_type=village_type, object_id=str(v), actor=created_by, action=AuditAction.UPDATE,
                          changes={"crafts": [None, "; ".join(c)]}, summary=f"Thêm nghề (cấy nghề) — {summary}"[:300])
               for v, c in by_village.items()]
    checks = [(pk, plan.values["_check"]) for plan, pk in rows if plan.values.get("_check")]
    new = [TransplantCheck(transplant_id=pk, year=year, still_practising=ok) for pk, (year, ok, same) in checks
           if not same]
    TransplantCheck.objects.bulk_create(new, batch_size=2000)
    for year, ok in {(year, ok) for _pk, (year, ok, same) in checks if same}:
        TransplantCheck.objects.filter(year=year, transplant_id__in=[
            pk for pk, (y, o, same) in checks if same and (y, o) == (year, ok)]).update(still_practising=ok)
    transplant_type = ContentType.objects.get_for_model(CraftTransplant)
    entries += [AuditEntry(content_type=transplant_type, object_id=str(pk), actor=created_by,
                           action=AuditAction.UPDATE, summary=summary,
                           changes={"check": [None, f"{year}: {'còn duy trì' if ok else 'không duy trì'}"]})
                for pk, (year, ok, _same) in checks]
    AuditEntry.objects.bulk_create(entries, batch_size=2000)
    importer.result.notes = [n for n in importer.result.notes if not n.startswith("Kết quả kiểm tra")]
    if added:
        importer.result.notes.append(f"Đã thêm nghề vào làng: {len(added)} (làng, nghề).")
    if checks:
        importer.result.notes.append(f"Đã ghi kết quả kiểm tra duy trì nghề: {len(checks)}.")


def _crafts_m2m():
    field = CraftVillage._meta.get_field("crafts")
    return field.remote_field.through, field.m2m_field_name(), field.m2m_reverse_field_name()


def _annotate(qs):
    return qs.annotate(last_practising=_latest("still_practising"))


transplants = register(Kind(
    key="transplants",
    label="Cấy nghề",
    model=CraftTransplant,
    description="Nghề được cấy vào làng (khớp theo mã làng + nghề + năm). Làng được thêm nghề này; cột “Còn duy "
                "trì” ghi kết quả kiểm tra năm nay khi khác lần kiểm tra gần nhất.",
    columns=[
        Column("village_code", "Mã làng", Ref(model=CraftVillage, what="làng", max_length=32), required=True,
               field="village_id", source="village__code"),
        Column("craft", "Nghề", CraftName(model=Craft), required=True, field="craft_id", source="craft__name"),
        Column("year", "Năm", Int(min_value=FIRST_YEAR), required=True),
        Column("project_code", "Mã đề án", Ref(model=Project, what="đề án"), field="project_id",
               source="project__code", note="đề án đào tạo, quản lý hoặc công nghệ"),
        Column("sustained", "Còn duy trì", Bool(), field="", source="last_practising",
               note="kết quả kiểm tra gần nhất; ghi thành kết quả năm nay nếu khác"),
        Column("households_trained", "Số hộ được đào tạo", Int()),
    ],
    key_columns=("village_code", "craft", "year"),
    scope_column="village_code",
    clean_row=_clean,
    check_plans=_check,
    after_write=_after_write,
    export_annotate=_annotate,
    export_order=("village__code", "year", "pk"),
    list_url="training:transplant_list",
    import_roles=EDITOR_ROLES,
))
