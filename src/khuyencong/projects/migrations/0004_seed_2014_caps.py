"""The national caps of TTLT 26/2014/TTLT-BTC-BCT, kept as historical rules.

Superseded by TT 28/2018/TT-BTC (as amended by TT 64/2024/TT-BTC), whose figures an administrator
enters as new rules. Items with no percentage or amount in the 2014 text (fairs at 100%/80% of costs,
training by the rules of Đề án 1956) are seeded with the share only where the text gives one.
"""

import datetime

from django.db import migrations

BASIS = "TTLT 26/2014/TTLT-BTC-BCT (18/02/2014)"
FROM = datetime.date(2014, 4, 8)
TO = datetime.date(2018, 5, 14)  # the day before TT 28/2018/TT-BTC took effect
M = 1_000_000

# activity, item, max share %, max amount (đồng), basis
CAPS = [
    ("management", "Hỗ trợ thành lập doanh nghiệp CNNT (địa bàn khó khăn)", None, 10 * M, "beneficiary"),
    ("technology", "Mô hình trình diễn kỹ thuật (công nghệ mới, sản phẩm mới)", 30, 500 * M, "model"),
    ("technology", "Trình diễn tại cơ sở CNNT đang hoạt động hiệu quả (chỉ chi phí tài liệu, trình diễn)",
     None, 100 * M, "model"),
    ("technology", "Ứng dụng máy móc tiên tiến, chuyển giao công nghệ", 50, 200 * M, "beneficiary"),
    ("products", "Tổ chức hội chợ triển lãm hàng CNNT, thủ công mỹ nghệ trong nước", 100, None, "event"),
    ("products", "Cơ sở CNNT tham gia hội chợ triển lãm khác trong nước (thuê gian hàng)", 80, None, "beneficiary"),
    ("products", "Bình chọn sản phẩm CNNT tiêu biểu cấp khu vực", None, 100 * M, "event"),
    ("products", "Bình chọn sản phẩm CNNT tiêu biểu cấp quốc gia", None, 200 * M, "event"),
    ("products", "Xây dựng, đăng ký thương hiệu", 50, 35 * M, "brand"),
    ("advice", "Tư vấn (dự án đầu tư, marketing, quản lý, thiết kế mẫu mã bao bì, công nghệ)", 50, 35 * M,
     "beneficiary"),
    ("linkage", "Thành lập hiệp hội ngành nghề cấp khu vực", 30, 70 * M, "project"),
    ("linkage", "Thành lập hiệp hội ngành nghề cấp quốc gia", 30, 100 * M, "project"),
    ("linkage", "Thành lập cụm liên kết doanh nghiệp", 50, 150 * M, "cluster"),
    ("linkage", "Hỗ trợ lãi suất vay di dời cơ sở gây ô nhiễm (2 năm đầu)", 50, 500 * M, "beneficiary"),
    ("linkage", "Sửa chữa, nâng cấp hệ thống xử lý ô nhiễm tại cơ sở CNNT", 30, 300 * M, "beneficiary"),
    ("linkage", "Sửa chữa, nâng cấp hệ thống xử lý ô nhiễm môi trường cụm công nghiệp", 30, 1500 * M, "cluster"),
    ("linkage", "Lập quy hoạch chi tiết cụm công nghiệp", 50, 500 * M, "cluster"),
    ("linkage", "Đầu tư hạ tầng cụm công nghiệp", None, 3000 * M, "cluster"),
]


def seed(apps, schema_editor):
    FundingRule = apps.get_model("projects", "FundingRule")
    for activity, item, share, amount, basis in CAPS:
        FundingRule.objects.get_or_create(
            activity=activity, item=item, legal_basis=BASIS, valid_from=FROM,
            defaults={"max_share_percent": share, "max_amount": amount, "amount_basis": basis,
                      "valid_to": TO, "historical": True, "priority_multiplier": "1.5",
                      "note": "Mức trần ngân sách quốc gia theo TTLT 26/2014; tối đa 1,5 lần cho địa bàn, ngành ưu tiên."},
        )


def unseed(apps, schema_editor):
    apps.get_model("projects", "FundingRule").objects.filter(legal_basis=BASIS, historical=True).delete()


class Migration(migrations.Migration):
    dependencies = [("projects", "0003_workflow_rules_attachments")]
    operations = [migrations.RunPython(seed, unseed)]
