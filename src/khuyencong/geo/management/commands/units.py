import json

from django.core.management.base import BaseCommand, CommandError

from khuyencong.geo.models import Hierarchy, Level
from khuyencong.geo.selectors import UnitNotFound, unit_get, unit_predecessors, unit_subtree, unit_successors


def _as_dict(unit) -> dict:
    return {
        "hierarchy": unit.hierarchy,
        "level": unit.level,
        "code": unit.code,
        "name": unit.name,
        "division_type": unit.division_type,
        "parent_code": unit.parent.code if unit.parent_id else None,
    }


class Command(BaseCommand):
    help = (
        "Liệt kê đơn vị dưới CODE: `units CODE [--hierarchy current|legacy] [--level …] [--json]`; "
        "tra đơn vị kế thừa/tiền thân: `units resolve CODE --from legacy|current [--json]`."
    )

    def add_arguments(self, parser):
        parser.add_argument("args", nargs="+", metavar="CODE | resolve CODE")
        parser.add_argument("--hierarchy", default=Hierarchy.CURRENT, choices=Hierarchy.values)
        parser.add_argument("--level", choices=Level.values)
        parser.add_argument("--from", dest="source", choices=Hierarchy.values)
        parser.add_argument("--json", action="store_true", help="in JSON")

    def handle(self, *args, **options):
        try:
            if args[0] == "resolve":
                if len(args) != 2 or not options["source"]:
                    raise CommandError("Cú pháp: khuyencong units resolve CODE --from legacy|current")
                units = self._resolve(args[1], options["source"])
            else:
                if len(args) != 1:
                    raise CommandError("Cú pháp: khuyencong units CODE [--hierarchy current|legacy] [--level …]")
                root = unit_get(code=args[0], hierarchy=options["hierarchy"])
                units = list(
                    unit_subtree(root, level=options["level"], include_self=options["level"] is None)
                    .select_related("parent").order_by("level", "code")
                )
        except UnitNotFound as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps([_as_dict(u) for u in units], ensure_ascii=False, indent=2))
            return
        for unit in units:
            self.stdout.write(f"{unit.code}\t{unit.name}\t{unit.division_type}\t{unit.get_level_display()}")
        self.stdout.write(f"({len(units)} đơn vị)")

    def _resolve(self, code: str, source: str) -> list:
        # Successions are mostly asked of communes: an unpadded short code ("4") means commune 00004.
        level = Level.COMMUNE if len(code.strip()) not in (2, 3) else None
        unit = unit_get(code=code, hierarchy=source, level=level)
        related = unit_successors(unit) if source == Hierarchy.LEGACY else unit_predecessors(unit)
        return list(related.select_related("parent"))
