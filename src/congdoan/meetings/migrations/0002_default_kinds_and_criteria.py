"""The kinds of meeting a union records, with the rules that come with them, and the
default criteria for grading collective agreements — editable data (shared/RULES.md,
"Workplace democracy and collective agreements"; the numbers marked there to verify)."""

from django.db import migrations

ENTERPRISES = ["state_enterprise", "private_enterprise", "fdi"]
# code, name, sectors holding it yearly, due month, delegates' form from, elects,
# article, source
KINDS = [
    (
        "hn-cbccvc",
        "Hội nghị cán bộ, công chức, viên chức",
        ["public_service"],
        3,
        100,
        False,
        False,
        "Luật Thực hiện dân chủ ở cơ sở 2022, Điều 51; NĐ 59/2023/NĐ-CP",
    ),
    (
        "hn-nld",
        "Hội nghị người lao động",
        ENTERPRISES,
        12,
        None,
        False,
        False,
        "NĐ 145/2020/NĐ-CP, Điều 47–48",
    ),
    (
        "doi-thoai",
        "Đối thoại định kỳ tại nơi làm việc",
        ENTERPRISES,
        12,
        None,
        False,
        False,
        "NĐ 145/2020/NĐ-CP; Bộ luật Lao động 2019, Điều 63",
    ),
    (
        "dai-hoi",
        "Đại hội công đoàn",
        [],
        None,
        150,
        True,
        False,
        "Điều lệ Công đoàn Việt Nam",
    ),
    ("tong-ket", "Hội nghị tổng kết", [], None, None, False, True, ""),
    ("ky-giao-uoc", "Hội nghị ký kết giao ước thi đua", [], None, None, False, True, ""),
    ("bch", "Hội nghị Ban Chấp hành", [], None, None, False, False, ""),
]

SOURCE = "HD 90/HD-TLĐ ngày 17/07/2023 (mặc định, cần đối chiếu)"
CRITERIA = [
    ("Có nội dung về tiền lương, thưởng có lợi hơn cho người lao động so với quy định", 25),
    ("Có nội dung về thời giờ làm việc, nghỉ ngơi có lợi hơn", 15),
    ("Có nội dung về an toàn, vệ sinh lao động, bảo hiểm có lợi hơn", 15),
    ("Có nội dung về phúc lợi, hỗ trợ đời sống (nhà ở, đưa đón, bữa ăn, phụ nữ) có lợi hơn", 20),
    ("Được lấy ý kiến người lao động, trên 50% tán thành; được công khai đến người lao động", 15),
    ("Được thực hiện, sơ kết, đánh giá định kỳ; sửa đổi, bổ sung khi cần", 10),
]
THRESHOLDS = [("A", 80), ("B", 50), ("C", 0)]
YEARS = (2025, 2026, 2027)


def load(apps, schema_editor):
    MeetingKind = apps.get_model("meetings", "MeetingKind")
    Criterion = apps.get_model("meetings", "AgreementCriterion")
    Threshold = apps.get_model("meetings", "GradeThreshold")
    for order, (code, name, sectors, due, delegates, elects, article, source) in enumerate(
        KINDS, start=1
    ):
        MeetingKind.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "sectors": sectors,
                "due_month": due,
                "delegates_from": delegates,
                "elects": elects,
                "article": article,
                "source": source,
                "order": order,
            },
        )
    for year in YEARS:
        if Criterion.objects.filter(year=year).exists():
            continue
        for order, (text, points) in enumerate(CRITERIA, start=1):
            Criterion.objects.create(
                year=year, order=order, text=text, points=points, source=SOURCE
            )
        for grade, points in THRESHOLDS:
            Threshold.objects.create(year=year, grade=grade, min_points=points)


def unload(apps, schema_editor):
    apps.get_model("meetings", "MeetingKind").objects.filter(
        code__in=[k[0] for k in KINDS]
    ).delete()
    apps.get_model("meetings", "AgreementCriterion").objects.filter(year__in=YEARS).delete()
    apps.get_model("meetings", "GradeThreshold").objects.filter(year__in=YEARS).delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
