"""Demo users: every role at three scopes — the whole of Hà Nội (01), one old district (Huyện Chương Mỹ, 277,
legacy) and one new commune (Xã Phú Nghĩa, 10030, current). All share one password, hashed once."""

from django.contrib.auth.hashers import make_password

from khuyencong.accounts.models import Role
from khuyencong.accounts.services.users import user_add
from khuyencong.geo.models import Hierarchy

DEMO_PASSWORD = "khuyencong-demo"

SCOPES = [  # suffix, unit code, hierarchy, where, the people of each role there
    ("", "01", Hierarchy.CURRENT, "Hà Nội",
     ["Phạm Quốc Trung", "Nguyễn Thị Lan", "Trần Văn Minh", "Lê Thu Hà", "Đỗ Mạnh Hùng"]),
    (".chuongmy", "277", Hierarchy.LEGACY, "huyện Chương Mỹ cũ",
     ["Vũ Đức Thắng", "Bùi Thị Hạnh", "Đặng Văn Long", "Phạm Thị Hoa", "Ngô Quang Huy"]),
    (".phunghia", "10030", Hierarchy.CURRENT, "xã Phú Nghĩa",
     ["Hoàng Văn Nam", "Dương Thị Mai", "Đinh Công Sơn", "Lê Văn Hùng", "Kiều Thị Nga"]),
]
ROLES = [  # role, username stem
    (Role.ADMINISTRATOR, "quantri"),
    (Role.CENTRE_STAFF, "canbo"),
    (Role.APPROVER, "lanhdao"),
    (Role.LOCAL_OFFICER, "diaphuong"),
    (Role.VIEWER, "xem"),
]
# The short names of the two local officers most demos start with.
ALIASES = {"diaphuong.chuongmy": "chuongmy", "diaphuong.phunghia": "phunghia"}


# The portal's editor (biên tập viên) of Hà Nội, who writes the demo's news (initials QM).
EXTRA = [("bientap", "Quách Minh", Role.EDITOR, "01", Hierarchy.CURRENT, "Hà Nội")]


def demo_users() -> list[tuple[str, str, str, str, str, str]]:
    """(username, full name, role, unit code, hierarchy, where) for every role at every scope, and the editor."""
    users = []
    for suffix, unit, hierarchy, where, people in SCOPES:
        for (role, stem), full_name in zip(ROLES, people, strict=True):
            users.append((ALIASES.get(stem + suffix, stem + suffix), full_name, role, unit, hierarchy, where))
    return users + EXTRA


def create_users() -> dict:
    """Create the demo users through the accounts service; {username: user}."""
    hashed = make_password(DEMO_PASSWORD)
    made = {}
    for username, full_name, role, unit, hierarchy, _where in demo_users():
        made[username] = user_add(username=username, role=role, unit_code=unit, hierarchy=hierarchy,
                                  full_name=full_name, password_hash=hashed).user
    return made
