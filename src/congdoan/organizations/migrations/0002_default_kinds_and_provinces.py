"""Default unit kinds (Luật Công đoàn 2024, Điều 8) and the 34 provinces from 01/07/2025.

Both are editable data: an administrator can add kinds and change where they may sit.
Province codes are the administrative codes in force after Nghị quyết 202/2025/QH15.
"""

from django.db import migrations

KINDS = [
    # code, Vietnamese name, level, holds members, allowed parent kinds
    ("federation", "Tổng Liên đoàn Lao động Việt Nam", 1, False, []),
    ("provincial", "Liên đoàn Lao động tỉnh, thành phố", 2, False, ["federation"]),
    ("central_sector", "Công đoàn ngành Trung ương", 2, False, ["federation"]),
    ("corporation", "Công đoàn tập đoàn, tổng công ty", 2, False, ["federation", "central_sector"]),
    ("district", "Liên đoàn Lao động quận, huyện", 3, False, ["provincial"]),
    ("local_sector", "Công đoàn ngành địa phương", 3, False, ["provincial"]),
    ("civil_servants", "Công đoàn Viên chức tỉnh, thành phố", 3, False, ["provincial"]),
    ("industrial_zone", "Công đoàn các khu công nghiệp, khu kinh tế", 3, False, ["provincial"]),
    (
        "grassroots",
        "Công đoàn cơ sở",
        4,
        True,
        [
            "provincial",
            "central_sector",
            "corporation",
            "district",
            "local_sector",
            "civil_servants",
            "industrial_zone",
        ],
    ),
    ("section", "Công đoàn bộ phận", 5, True, ["grassroots"]),
    ("group", "Tổ công đoàn", 6, True, ["grassroots", "section"]),
]

PROVINCES = [
    ("01", "Hà Nội"),
    ("04", "Cao Bằng"),
    ("08", "Tuyên Quang"),
    ("11", "Điện Biên"),
    ("12", "Lai Châu"),
    ("14", "Sơn La"),
    ("15", "Lào Cai"),
    ("19", "Thái Nguyên"),
    ("20", "Lạng Sơn"),
    ("22", "Quảng Ninh"),
    ("24", "Bắc Ninh"),
    ("25", "Phú Thọ"),
    ("31", "Hải Phòng"),
    ("33", "Hưng Yên"),
    ("37", "Ninh Bình"),
    ("38", "Thanh Hóa"),
    ("40", "Nghệ An"),
    ("42", "Hà Tĩnh"),
    ("44", "Quảng Trị"),
    ("46", "Huế"),
    ("48", "Đà Nẵng"),
    ("51", "Quảng Ngãi"),
    ("52", "Gia Lai"),
    ("56", "Khánh Hòa"),
    ("66", "Đắk Lắk"),
    ("68", "Lâm Đồng"),
    ("75", "Đồng Nai"),
    ("79", "Hồ Chí Minh"),
    ("80", "Tây Ninh"),
    ("82", "Đồng Tháp"),
    ("86", "Vĩnh Long"),
    ("91", "An Giang"),
    ("92", "Cần Thơ"),
    ("96", "Cà Mau"),
]


def _fold(text):
    import unicodedata

    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "d"))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").lower()


def load(apps, schema_editor):
    UnitKind = apps.get_model("organizations", "UnitKind")
    Province = apps.get_model("organizations", "Province")
    by_code = {}
    for order, (code, name, level, holds, _parents) in enumerate(KINDS):
        by_code[code] = UnitKind.objects.create(
            code=code, name=name, level=level, holds_members=holds, sort_order=order
        )
    for code, _name, _level, _holds, parents in KINDS:
        by_code[code].allowed_parents.set([by_code[p] for p in parents])
    for code, name in PROVINCES:
        Province.objects.create(code=code, name=name, name_folded=_fold(name))


def unload(apps, schema_editor):
    apps.get_model("organizations", "UnitKind").objects.filter(
        code__in=[k[0] for k in KINDS], units__isnull=True
    ).delete()
    apps.get_model("organizations", "Province").objects.filter(
        code__in=[p[0] for p in PROVINCES], units__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
