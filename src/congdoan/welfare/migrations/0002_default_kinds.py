"""The national kinds of care (QĐ 4290/QĐ-TLĐ, Điều 6, and what reports state); a union
adds its own on its care page."""

from django.db import migrations

# code, name, group
KINDS = [
    ("tham-om", "Thăm hỏi đoàn viên ốm đau", "visit"),
    ("hieu-hy", "Hiếu, hỷ", "visit"),
    ("tro-cap-kho-khan", "Trợ cấp khó khăn", "visit"),
    ("tri-an", "Thăm, tặng quà gia đình chính sách, Mẹ Việt Nam anh hùng", "visit"),
    ("qua-tet", "Quà Tết, hỗ trợ dịp lễ tết", "gift"),
    ("tet-sum-vay", "Tết sum vầy", "gift"),
    ("qua-8-3", "Quà 8/3 cho nữ đoàn viên", "gift"),
    ("qua-1-6", "Quà 1/6 cho con đoàn viên", "gift"),
    ("hoc-bong", "Học bổng, khen thưởng con đoàn viên", "gift"),
    ("mai-am-xay-moi", "Mái ấm công đoàn — xây mới", "house"),
    ("mai-am-sua-chua", "Mái ấm công đoàn — sửa chữa", "house"),
    ("hien-mau", "Hiến máu tình nguyện", "other"),
    ("khac", "Chăm lo khác", "other"),
]


def load(apps, schema_editor):
    CareKind = apps.get_model("welfare", "CareKind")
    for code, name, group in KINDS:
        CareKind.objects.get_or_create(
            code=code, unit=None, defaults={"name": name, "group": group}
        )


def unload(apps, schema_editor):
    apps.get_model("welfare", "CareKind").objects.filter(
        unit=None, code__in=[code for code, _name, _group in KINDS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("welfare", "0001_care_funds_savings")]

    operations = [migrations.RunPython(load, unload)]
