from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from khuyencong.accounts.models import Role
from khuyencong.accounts.services.users import user_add, user_list
from khuyencong.geo.models import Hierarchy
from khuyencong.geo.selectors import UnitNotFound


class Command(BaseCommand):
    help = (
        "Quản lý tài khoản: `users add USERNAME --role ROLE --unit CODE [--hierarchy …] [--password P]`, "
        "`users list`."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="tạo tài khoản hoặc thêm vai trò")
        add.add_argument("username")
        add.add_argument("--role", required=True, help=", ".join(Role.values))
        add.add_argument("--unit", required=True, help="mã đơn vị (GSO); 'all' = toàn quốc")
        add.add_argument("--hierarchy", default=Hierarchy.CURRENT, choices=Hierarchy.values)
        add.add_argument("--password")
        add.add_argument("--full-name", default="")
        sub.add_parser("list", help="liệt kê tài khoản và phân quyền")

    def handle(self, *args, **options):
        if options["action"] == "list":
            for user in user_list():
                roles = "; ".join(str(a) for a in user.role_assignments.all()) or "—"
                self.stdout.write(f"{user.username}\t{user.full_name or ''}\t{roles}")
            return
        try:
            result = user_add(
                username=options["username"],
                role=options["role"],
                unit_code=None if options["unit"] == "all" else options["unit"],
                hierarchy=options["hierarchy"],
                password=options["password"],
                full_name=options["full_name"],
            )
        except (UnitNotFound, ValidationError) as exc:
            message = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
            raise CommandError(message) from exc
        verb = "Đã tạo" if result.created else "Đã cập nhật"
        self.stdout.write(f"{verb} {result.user.username}: {result.assignment}")
        if result.created and not options["password"]:
            self.stdout.write(f"Mật khẩu: {result.password}")
