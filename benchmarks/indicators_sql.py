"""Hand-written SQL for `benchmarks/indicators.py`: every catalogue indicator of a current province and each of
its communes over a period, written from the README's definitions without the engine's code (PostgreSQL).

A record lies in the province when its current commune is one of the province's communes, or it has no current
commune (a split old commune) and its old commune went into one of them; it lies in a commune by its current
commune, or in every successor of its split old commune. A project with no commune counts for the province when
its plan names the province or no unit, and for no commune. Each source is one query: the records of the
province (`base`), once for the total (child 0) and once per commune they lie in, grouped.
"""
# ruff: noqa: S608 - the statements are built from constants, the values are parameters

from decimal import Decimal

from django.db import connection

IN_PROVINCE = "(b.cur = ANY(%(c)s) OR (b.cur IS NULL AND b.com = ANY(%(linked)s)))"

PLACED = """
WITH base AS MATERIALIZED ({base}),
kid AS (SELECT old_id, new_id AS child FROM geo_unitsuccession WHERE new_id = ANY(%(c)s)),
placed AS (
    SELECT 0 AS child, b.* FROM base b
    UNION ALL SELECT b.cur, b.* FROM base b WHERE b.cur = ANY(%(c)s)
    UNION ALL SELECT k.child, b.* FROM base b JOIN kid k ON k.old_id = b.com WHERE b.cur IS NULL)
SELECT child, {aggregates} FROM placed GROUP BY child"""

HAS_CRAFT_AT_END = """EXISTS (SELECT 1 FROM registry_craftvillage_crafts vc WHERE vc.craftvillage_id = v.id AND (
    NOT EXISTS (SELECT 1 FROM training_crafttransplant t WHERE t.village_id = v.id AND t.craft_id = vc.craft_id
                AND t.year > %(end)s)
    OR EXISTS (SELECT 1 FROM training_crafttransplant t WHERE t.village_id = v.id AND t.craft_id = vc.craft_id
               AND t.year <= %(end)s)))"""

SOURCES = {
    "projects": (f"""
        SELECT * FROM (
            SELECT p.id, p.commune_id AS com, p.current_commune_id AS cur,
                   coalesce(p.settled_funds, p.approved_funds) AS funds, p.counterpart_funds, p.jobs_created,
                   p.activity, su.code AS scope
            FROM projects_project p
            LEFT JOIN projects_annualplan pl ON pl.id = p.plan_id
            LEFT JOIN geo_adminunit su ON su.id = pl.scope_unit_id
            WHERE p.state IN ('accepted', 'settled') AND p.accepted_on BETWEEN %(first_day)s AND %(last_day)s) b
        WHERE {IN_PROVINCE} OR (b.com IS NULL AND (b.scope IS NULL OR b.scope = %(code)s))""", {
        "projects_support_funds": "coalesce(sum(funds), 0)",
        "projects_counterpart_funds": "coalesce(sum(counterpart_funds), 0)",
        "projects_jobs_created": "coalesce(sum(jobs_created), 0)",
        "projects_technology": "count(*) FILTER (WHERE activity = 'technology')"}),
    "beneficiaries": (f"""
        SELECT * FROM (
            SELECT DISTINCT e.id, e.commune_id AS com, e.current_commune_id AS cur
            FROM projects_project_beneficiaries pb
            JOIN projects_project p ON p.id = pb.project_id
            JOIN registry_establishment e ON e.id = pb.establishment_id
            WHERE p.state IN ('accepted', 'settled') AND p.accepted_on BETWEEN %(first_day)s AND %(last_day)s) b
        WHERE {IN_PROVINCE}""", {"establishments_supported": "count(DISTINCT id)"}),
    "designs": (f"""
        SELECT * FROM (
            SELECT d.id, e.commune_id AS com, e.current_commune_id AS cur
            FROM registry_product d JOIN registry_establishment e ON e.id = d.establishment_id
            WHERE d.is_new_design AND d.design_date BETWEEN %(first_day)s AND %(last_day)s) b
        WHERE {IN_PROVINCE}""", {"new_designs": "count(*)"}),
    "classes": (f"""
        SELECT * FROM (
            SELECT c.id, c.commune_id AS com, c.current_commune_id AS cur, c.kind
            FROM training_trainingclass c WHERE c.end_date BETWEEN %(first_day)s AND %(last_day)s
              AND c.kind IN ('truyen_nghe', 'cay_nghe', 'management', 'design')) b
        WHERE {IN_PROVINCE}""", {
        "classes_training": "count(*) FILTER (WHERE kind IN ('truyen_nghe', 'cay_nghe'))",
        "classes_management": "count(*) FILTER (WHERE kind IN ('management', 'design'))"}),
    "trainees": (f"""
        SELECT b.*, (SELECT f.employed FROM training_followup f WHERE f.trainee_id = b.id
                     ORDER BY f.date DESC, f.id DESC LIMIT 1) AS employed
        FROM (
            SELECT t.id, c.commune_id AS com, c.current_commune_id AS cur, c.kind
            FROM training_trainingclass c JOIN training_trainee t ON t.training_class_id = c.id AND t.completed
            WHERE c.end_date BETWEEN %(first_day)s AND %(last_day)s
              AND c.kind IN ('truyen_nghe', 'cay_nghe', 'management', 'design')) b
        WHERE {IN_PROVINCE}""", {
        "trainees_completed": "count(*) FILTER (WHERE kind IN ('truyen_nghe', 'cay_nghe'))",
        "trainees_followed": "count(*) FILTER (WHERE kind IN ('truyen_nghe', 'cay_nghe') AND employed IS NOT NULL)",
        "trainees_employed": "count(*) FILTER (WHERE kind IN ('truyen_nghe', 'cay_nghe') AND employed)",
        "managers_completed": "count(*) FILTER (WHERE kind IN ('management', 'design'))"}),
    "transplants": (f"""
        SELECT b.*, (SELECT ch.still_practising FROM training_transplantcheck ch
                     JOIN training_crafttransplant t ON t.id = ch.transplant_id
                     WHERE t.village_id = b.id AND t.year BETWEEN %(start)s AND %(end)s
                     ORDER BY ch.year DESC, ch.id DESC LIMIT 1) AS practising
        FROM (SELECT v.id, v.commune_id AS com, v.current_commune_id AS cur FROM registry_craftvillage v
              WHERE EXISTS (SELECT 1 FROM training_crafttransplant t WHERE t.village_id = v.id
                            AND t.year BETWEEN %(start)s AND %(end)s)) b
        WHERE {IN_PROVINCE}""", {
        "villages_transplanted": "count(*)", "transplants_checked": "count(practising)",
        "transplants_sustained": "count(*) FILTER (WHERE practising)"}),
    "villages": (f"""
        SELECT * FROM (SELECT v.id, v.commune_id AS com, v.current_commune_id AS cur, v.recognition,
                              v.recognition_year FROM registry_craftvillage v) b
        WHERE {IN_PROVINCE} AND {HAS_CRAFT_AT_END.replace("v.id", "b.id")}""", {
        "craft_villages": "count(*)",
        "recognised_villages": "count(*) FILTER (WHERE recognition IN ('lang_nghe', 'lang_nghe_truyen_thong') "
                               "AND recognition_year <= %(end)s)",
        "traditional_villages": "count(*) FILTER (WHERE recognition = 'lang_nghe_truyen_thong' "
                                "AND recognition_year <= %(end)s)"}),
    "village_years": (f"""
        SELECT * FROM (SELECT y.id, v.id AS village, v.commune_id AS com, v.current_commune_id AS cur, y.workers,
                              y.craft_households, y.production_value
                       FROM registry_craftvillageyear y JOIN registry_craftvillage v ON v.id = y.village_id
                       WHERE y.year = %(end)s) b
        WHERE {IN_PROVINCE} AND {HAS_CRAFT_AT_END.replace("v.id", "b.village")}""", {
        "village_workers": "sum(workers)", "village_households": "sum(craft_households)",
        "village_production_value": "sum(production_value)"}),
}
NULLABLE = {"village_workers", "village_households", "village_production_value"}


def compute(unit, period: str) -> dict:
    """{"" (the province) or a commune code: {indicator code: value}}."""
    start, end = (int(y) for y in period.split("-")) if "-" in period else (int(period),) * 2
    with connection.cursor() as cur:
        cur.execute("SELECT id, code FROM geo_adminunit WHERE parent_id = %s", [unit.pk])
        codes = dict(cur.fetchall())
        cur.execute("SELECT DISTINCT old_id FROM geo_unitsuccession WHERE new_id = ANY(%s)", [list(codes)])
        linked = [row[0] for row in cur.fetchall()]
        params = {"c": list(codes), "linked": linked, "code": unit.code, "start": start, "end": end,
                  "first_day": f"{start}-01-01", "last_day": f"{end}-12-31"}
        parts: dict[int, dict] = {0: {}, **{pk: {} for pk in codes}}
        for base, aggregates in SOURCES.values():
            names = list(aggregates)
            cur.execute(PLACED.format(base=base, aggregates=", ".join(aggregates[n] for n in names)), params)
            for child, *values in cur.fetchall():
                parts[child].update(zip(names, values, strict=True))
        cur.execute("""SELECT v.unit_id, e.code, v.year, v.value FROM indicators_datavalue v
                       JOIN indicators_dataelement e ON e.id = v.element_id
                       WHERE v.unit_id = ANY(%s) AND v.year IN (%s, %s)""", [[unit.pk, *codes], start - 1, end])
        data: dict[int, dict] = {}
        for unit_id, element, year, value in cur.fetchall():
            data.setdefault(unit_id, {})[(element, year)] = value
    out = {}
    for key, values in parts.items():
        reported = data.get(unit.pk if key == 0 else key, {})
        out["" if key == 0 else codes[key]] = _indicators(values, reported, start, end)
    return out


def _indicators(p: dict, d: dict, start: int, end: int) -> dict:
    def part(name):
        return p.get(name) if name in NULLABLE else p.get(name, 0)

    def share(numerator, denominator):
        return None if numerator is None or not denominator else float(Decimal(numerator) * 100 / Decimal(denominator))

    def growth(element):
        last, base = d.get((element, end)), d.get((element, start - 1))
        if last is None or not base or last / base <= 0:
            return None
        return (float(last / base) ** (1 / (end - start + 1)) - 1) * 100

    return {
        "establishments_supported": part("establishments_supported"),
        "support_funds": part("projects_support_funds"), "counterpart_funds": part("projects_counterpart_funds"),
        "jobs_created": part("projects_jobs_created"), "new_designs": part("new_designs"),
        "technology_projects": part("projects_technology"), "training_classes": part("classes_training"),
        "trainees": part("trainees_completed"),
        "employment_rate": share(part("trainees_employed"), part("trainees_followed")),
        "management_classes": part("classes_management"), "managers_trained": part("managers_completed"),
        "villages_transplanted": part("villages_transplanted"),
        "transplants_sustained_rate": share(part("transplants_sustained"), part("transplants_checked")),
        "craft_villages": part("craft_villages"), "recognised_villages": part("recognised_villages"),
        "traditional_villages": part("traditional_villages"), "village_workers": part("village_workers"),
        "village_households": part("village_households"),
        "village_production_value": part("village_production_value"),
        "village_share_of_industry": share(part("village_production_value"),
                                           d.get(("industrial_production_value", end))),
        "cnnt_growth": growth("cnnt_production_value"),
        "handicraft_exports": d.get(("handicraft_exports_usd", end)),
        "handicraft_export_growth": growth("handicraft_exports_usd"),
    }
