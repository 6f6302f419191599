"""Demo users, one per role, scoped as a Centre would scope them. Passwords are printed by `seed_demo`."""

from khuyencong.accounts.models import Role
from khuyencong.accounts.services.users import user_add
from khuyencong.geo.models import Hierarchy

DEMO_PASSWORD = "khuyencong-demo"

DEMO_USERS = [
    # username, full name, role, unit code, hierarchy
    ("quantri", "Quản trị hệ thống", Role.ADMINISTRATOR, "01", Hierarchy.CURRENT),
    ("canbo", "Nguyễn Thị Lan (cán bộ Trung tâm)", Role.CENTRE_STAFF, "01", Hierarchy.CURRENT),
    ("lanhdao", "Trần Văn Minh (Giám đốc Trung tâm)", Role.APPROVER, "01", Hierarchy.CURRENT),
    ("phunghia", "Lê Văn Hùng (cán bộ xã Phú Nghĩa)", Role.LOCAL_OFFICER, "10030", Hierarchy.CURRENT),
    ("chuongmy", "Phạm Thị Hoa (phòng Kinh tế huyện Chương Mỹ cũ)", Role.LOCAL_OFFICER, "277", Hierarchy.LEGACY),
    ("xem", "Đoàn kiểm tra (chỉ xem)", Role.VIEWER, "01", Hierarchy.CURRENT),
]


def seed(stdout) -> None:
    stdout.write(f"Tài khoản mẫu (mật khẩu của tất cả: {DEMO_PASSWORD}):")
    for username, full_name, role, unit, hierarchy in DEMO_USERS:
        result = user_add(
            username=username, role=role, unit_code=unit, hierarchy=hierarchy,
            password=DEMO_PASSWORD, full_name=full_name,
        )
        stdout.write(f"  {username:<10} {DEMO_PASSWORD}  {result.assignment}")
