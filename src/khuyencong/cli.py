"""The `khuyencong` console script: Django's management commands with the project's settings.

Configuration and connection errors become one clear line and a non-zero exit, not a traceback.
"""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khuyencong.settings")
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "khuyencong"
    from django.core.exceptions import ImproperlyConfigured

    try:
        from django.core.management import execute_from_command_line
        from django.db.utils import OperationalError

        execute_from_command_line(argv)
    except ImproperlyConfigured as exc:
        print(f"Lỗi cấu hình: {exc}", file=sys.stderr)
        return 2
    except OperationalError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        print(f"Không kết nối được cơ sở dữ liệu (kiểm tra DATABASE_URL): {first_line}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
