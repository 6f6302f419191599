"""Demo users: every role at three scopes — the whole of Hà Nội (01), one old district (Huyện Chương Mỹ, 277,
legacy) and one new commune (Xã Phú Nghĩa, 10030, current). All share one password, hashed once."""

from django.contrib.auth.hashers import make_password

from khuyencong.accounts.models import Role
from khuyencong.accounts.services.users import user_add
from khuyencong.geo.models import Hierarchy

DEMO_PASSWORD = "khuyencong-demo"

SCOPES = [  # suffix, unit code, hierarchy, where
    ("", "01", Hierarchy.CURRENT, "Hà Nội"),
    (".chuongmy", "277", Hierarchy.LEGACY, "huyện Chương Mỹ cũ"),
    (".phunghia", "10030", Hierarchy.CURRENT, "xã Phú Nghĩa"),
]
ROLES = [  # role, username stem, full name
    (Role.ADMINISTRATOR, "quantri", "Quản trị hệ thống"),
    (Role.CENTRE_STAFF, "canbo", "Nguyễn Thị Lan"),
    (Role.APPROVER, "lanhdao", "Trần Văn Minh"),
    (Role.LOCAL_OFFICER, "diaphuong", "Lê Văn Hùng"),
    (Role.VIEWER, "xem", "Đoàn kiểm tra"),
]
# The short names of the two local officers most demos start with.
ALIASES = {"diaphuong.chuongmy": "chuongmy", "diaphuong.phunghia": "phunghia"}


def demo_users() -> list[tuple[str, str, str, str, str]]:
    """(username, full name, role, unit code, hierarchy) for every role at every scope."""
    users = []
    for suffix, unit, hierarchy, where in SCOPES:
        for role, stem, full_name in ROLES:
            username = ALIASES.get(stem + suffix, stem + suffix)
            users.append((username, f"{full_name} ({role.label.lower()}, {where})", role, unit, hierarchy))
    return users


def create_users() -> dict:
    """Create the demo users through the accounts service; {username: user}."""
    hashed = make_password(DEMO_PASSWORD)
    made = {}
    for username, full_name, role, unit, hierarchy in demo_users():
        made[username] = user_add(username=username, role=role, unit_code=unit, hierarchy=hierarchy,
                                  full_name=full_name, password_hash=hashed).user
    return made
