from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from khuyencong.accounts.models import ApiToken, Role, User
from khuyencong.accounts.scoping import SYSTEM
from khuyencong.accounts.services.tokens import token_create, token_revoke
from khuyencong.accounts.services.users import user_add, user_list
from khuyencong.core.formatting import format_datetime
from khuyencong.geo.models import Hierarchy
from khuyencong.geo.selectors import UnitNotFound


class Command(BaseCommand):
    help = (
        "Quản lý tài khoản: `users add USERNAME --role ROLE --unit CODE [--hierarchy …] [--password P]`, "
        "`users list`, `users token USERNAME [--days N] [--name TÊN]` (tạo khóa API, in ra một lần), "
        "`users revoke-token USERNAME PREFIX`."
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
        token = sub.add_parser("token", help="tạo khóa API cho tài khoản (khóa chỉ in ra một lần)")
        token.add_argument("username")
        token.add_argument("--days", type=int, help="số ngày hiệu lực (mặc định: không hết hạn)")
        token.add_argument("--name", default="", help="tên khóa (mặc định: “dòng lệnh”)")
        revoke = sub.add_parser("revoke-token", help="thu hồi một khóa API theo tiền tố")
        revoke.add_argument("username")
        revoke.add_argument("prefix")

    def handle(self, *args, **options):
        if options["action"] in ("token", "revoke-token"):
            return self._token(options)
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

    def _token(self, options):
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Không có tài khoản “{options['username']}”.", returncode=2)
        if options["action"] == "revoke-token":
            token = ApiToken.objects.filter(user=user, prefix=options["prefix"].removeprefix("kc_")).first()
            if token is None:
                raise CommandError(f"Tài khoản {user.username} không có khóa tiền tố “{options['prefix']}”.",
                                   returncode=2)
            token_revoke(actor=SYSTEM, token=token)
            self.stdout.write(f"Đã thu hồi khóa {token.prefix} của {user.username}.")
            return
        try:
            made = token_create(actor=SYSTEM, user=user, name=options["name"] or "dòng lệnh", days=options["days"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages), returncode=2) from exc
        expiry = f"đến {format_datetime(made.token.expires_at)}" if made.token.expires_at else "không hết hạn"
        self.stderr.write(f"Khóa API “{made.token.name}” của {user.username} ({expiry}); chỉ in ra một lần:")
        self.stdout.write(made.secret)
