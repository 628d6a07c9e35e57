"""The shipped default criteria tables, after HD 1294/HD-TLĐ (14/08/2019): the older
100-point scheme (≥ 85 with no group under 50 % → top tier; 70–84; 50–69; < 50), one for
public administration and service units and one for every other kind. Editable data:
the point thresholds are not public; a union copies a table and adapts it."""

from django.db import migrations

YEAR = 2025
SOURCE = "HD 1294/HD-TLĐ (14/08/2019); thang 100 điểm, cần đối chiếu hướng dẫn hiện hành"
REPRESENT = "Đại diện, chăm lo, bảo vệ quyền, lợi ích hợp pháp của đoàn viên; tham gia quản lý"
BUILD = "Xây dựng tổ chức công đoàn vững mạnh"
OTHER = "Tuyên truyền, thi đua và các hoạt động khác"
# group, text, points, figure, detail, target
COMMON_END = [
    (REPRESENT, "Thăm hỏi, hỗ trợ đoàn viên ốm đau, có hoàn cảnh khó khăn", 10, "care", "", 10),
    (
        REPRESENT,
        "Tham gia giải quyết chế độ, chính sách; không để xảy ra tranh chấp, ngừng việc tập "
        "thể trái pháp luật",
        5,
        "",
        "",
        1,
    ),
    (BUILD, "Kết nạp đoàn viên mới", 10, "admitted", "", 5),
    (BUILD, "Đoàn viên có thẻ đoàn viên", 5, "card_share", "", 100),
    (
        BUILD,
        "Sinh hoạt Ban Chấp hành, công đoàn bộ phận, tổ công đoàn theo quy định",
        10,
        "",
        "",
        1,
    ),
    (BUILD, "Thu, nộp đoàn phí, kinh phí công đoàn đầy đủ, đúng hạn", 10, "", "", 1),
    (BUILD, "Công tác kiểm tra, giám sát của Ủy ban kiểm tra", 5, "", "", 1),
    (OTHER, "Tuyên truyền, phổ biến chủ trương, chính sách, pháp luật", 10, "", "", 1),
    (OTHER, "Phong trào thi đua, hoạt động văn hóa, thể thao", 10, "", "", 1),
]
TABLES = [
    (
        "public_service",
        "Bảng chấm điểm CĐCS khu vực hành chính, sự nghiệp",
        [
            (
                REPRESENT,
                "Tổ chức hội nghị cán bộ, công chức, viên chức",
                10,
                "meeting",
                "hn-cbccvc",
                1,
            ),
            (REPRESENT, "Tham gia xây dựng, giám sát thực hiện quy chế dân chủ", 5, "", "", 1),
            (
                REPRESENT,
                "Tham gia xây dựng quy chế chi tiêu nội bộ, quy chế thi đua, khen thưởng",
                10,
                "",
                "",
                1,
            ),
        ],
    ),
    (
        "",
        "Bảng chấm điểm CĐCS doanh nghiệp và các loại hình khác",
        [
            (REPRESENT, "Tổ chức hội nghị người lao động", 10, "meeting", "hn-nld", 1),
            (REPRESENT, "Tổ chức đối thoại định kỳ tại nơi làm việc", 5, "meeting", "doi-thoai", 1),
            (REPRESENT, "Thỏa ước lao động tập thể còn hiệu lực", 10, "agreement", "", 1),
        ],
    ),
]


def load(apps, schema_editor):
    Scheme = apps.get_model("grading", "Scheme")
    Criterion = apps.get_model("grading", "Criterion")
    for sector, name, first in TABLES:
        if Scheme.objects.filter(unit=None, year=YEAR, sector=sector).exists():
            continue
        scheme = Scheme.objects.create(
            unit=None, year=YEAR, sector=sector, name=name, source=SOURCE
        )
        for order, (group, text, points, figure, detail, target) in enumerate(
            first + COMMON_END, start=1
        ):
            Criterion.objects.create(
                scheme=scheme,
                group=group,
                text=text,
                points=points,
                figure=figure,
                detail=detail,
                target=target,
                order=order,
            )


def unload(apps, schema_editor):
    Scheme = apps.get_model("grading", "Scheme")
    Scheme.objects.filter(unit=None, year=YEAR, gradings__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("grading", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
