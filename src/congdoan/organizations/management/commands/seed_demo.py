"""``congdoan seed-demo``: a realistic demo tree with a demo account at each level."""

from __future__ import annotations

import random
from datetime import date

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from congdoan.accounts.models import RoleName, User
from congdoan.accounts.services import grant_role
from congdoan.core.vntext import fold
from congdoan.organizations import services
from congdoan.organizations.models import Province, Sector, Unit, UnitKind

DEMO_PASSWORD = "congdoan-demo"

PROVINCES = [
    # code, province code, name, short name, districts, zone name
    (
        "LDLD-HN",
        "01",
        "Liên đoàn Lao động thành phố Hà Nội",
        "LĐLĐ Hà Nội",
        ["Ba Đình", "Hoàn Kiếm", "Cầu Giấy", "Long Biên"],
        None,
    ),
    (
        "LDLD-HCM",
        "79",
        "Liên đoàn Lao động Thành phố Hồ Chí Minh",
        "LĐLĐ TP.HCM",
        ["Quận 1", "Gò Vấp", "Thủ Đức"],
        "Công đoàn các Khu chế xuất và công nghiệp TP.HCM",
    ),
    (
        "LDLD-KH",
        "56",
        "Liên đoàn Lao động tỉnh Khánh Hòa",
        "LĐLĐ Khánh Hòa",
        ["Nha Trang", "Cam Ranh", "Ninh Hòa"],
        "Công đoàn Khu kinh tế Vân Phong",
    ),
    (
        "LDLD-BN",
        "24",
        "Liên đoàn Lao động tỉnh Bắc Ninh",
        "LĐLĐ Bắc Ninh",
        ["Từ Sơn", "Yên Phong"],
        "Công đoàn các Khu công nghiệp tỉnh Bắc Ninh",
    ),
    (
        "LDLD-DN",
        "48",
        "Liên đoàn Lao động thành phố Đà Nẵng",
        "LĐLĐ Đà Nẵng",
        ["Hải Châu", "Sơn Trà", "Liên Chiểu"],
        None,
    ),
]
CENTRAL = [
    ("CDN-GTVT", "central_sector", "Công đoàn Giao thông vận tải Việt Nam", "CĐ GTVT VN"),
    ("CDN-YT", "central_sector", "Công đoàn Y tế Việt Nam", "CĐ Y tế VN"),
    ("CD-EVN", "corporation", "Công đoàn Tập đoàn Điện lực Việt Nam", "CĐ EVN"),
]
SCHOOLS = [
    "Lê Lợi",
    "Nguyễn Du",
    "Trần Phú",
    "Chu Văn An",
    "Lý Thường Kiệt",
    "Quang Trung",
    "Nguyễn Trãi",
    "Võ Thị Sáu",
    "Hai Bà Trưng",
    "Kim Đồng",
    "Lê Quý Đôn",
    "Đoàn Thị Điểm",
]
COMPANIES = [
    "May Việt Tiến",
    "Điện tử Sao Mai",
    "Cơ khí Thành Công",
    "Dệt Phong Phú",
    "Thực phẩm Hoàng Long",
    "Xây dựng Đông Á",
    "Giày da Phúc Hưng",
    "Nhựa Bình Minh",
    "Vận tải Hòa Bình",
    "Gỗ Trường Thành",
    "Thủy sản Hải Vương",
    "Bao bì Tân Tiến",
]
AGENCIES = [
    "Ủy ban nhân dân phường",
    "Trung tâm Y tế",
    "Bệnh viện Đa khoa",
    "Kho bạc Nhà nước",
    "Chi cục Thuế",
    "Bảo hiểm xã hội",
]
FDI = [
    "Samsung Display",
    "Canon Việt Nam",
    "Foxconn",
    "Nidec",
    "Pouchen",
    "Hyosung",
    "Wonderful Sài Gòn",
    "Shinhan Vina",
]
SECTION_NAMES = ["Phân xưởng May", "Phân xưởng Cắt", "Kho vận", "Khối Văn phòng"]
GROUPS = ["Tổ Văn phòng", "Tổ Sản xuất 1", "Tổ Sản xuất 2", "Tổ Kỹ thuật", "Tổ Giáo viên"]


class Command(BaseCommand):
    # Records written here (history reasons, audit summaries) use the site language.
    leave_locale_alone = True
    help = "Load a demo union tree with demo accounts (once: --if-empty keeps existing data)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when units already exist."
        )
        parser.add_argument(
            "--grassroots",
            type=int,
            default=12,
            help="Grassroots unions under each district-level unit.",
        )
        parser.add_argument(
            "--members",
            type=int,
            default=3000,
            help="Synthetic members spread over the unions (0 for none); on an existing demo "
            "tree without members, adds them.",
        )

    def handle(self, *args, if_empty: bool, grassroots: int, members: int, **options):
        from congdoan.emulation.demo import add_demo_block
        from congdoan.members.demo import add_demo_members
        from congdoan.members.models import Member
        from congdoan.reports.demo import add_demo_returns

        if Unit.objects.exists():
            if members and not if_empty and not Member.objects.exists():
                added = add_demo_members(members)
                self.stdout.write(self.style.SUCCESS(f"Added {added} demo members."))
                return
            if if_empty:
                self.stdout.write("Demo data already loaded; keeping it.")
                self._print_logins()
                return
            self.stderr.write("Units already exist; refusing to load demo data twice.")
            return
        from congdoan.grading.demo import add_demo_grading
        from congdoan.meetings.demo import add_demo_block_meeting, add_demo_meetings

        year = timezone.localdate().year
        with transaction.atomic():
            users = self._build(grassroots)
            self._reform()
            added = add_demo_members(members) if members else 0
            add_demo_meetings(year)
            add_demo_grading(year, keep_open=User.objects.get(username="cdcs").roles.get().unit)
            if added:
                users.append(self._member_login())
                from congdoan.dues.demo import add_demo_dues

                first, second = (
                    User.objects.get(username=name).roles.get().unit for name in ("cdcs", "cdcs2")
                )
                add_demo_dues([first, second], year)  # before the returns, which count them
                add_demo_returns(year)
            add_demo_block(year)
            add_demo_block_meeting(year)
            if added:
                from congdoan.welfare.demo import add_demo_care, demo_year

                union = User.objects.get(username="cdcs").roles.get().unit
                add_demo_care(union, demo_year(), top_up=True)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo tree loaded: {Unit.objects.count()} units, {added} members, "
                f"{len(users)} demo accounts."
            )
        )
        self._print_logins()

    def _reform(self) -> None:
        """Bắc Ninh after the 2025 reform: its district federations are merged into the
        commune and ward unions formed under the province (NQ 202/2025/QH15), which now
        hold its grassroots unions; the districts stay, closed, with their history."""
        province = Unit.objects.filter(code="LDLD-BN").first()
        if province is None:
            return
        decision = services.Decision(number="202/2025/QH15", date=date(2025, 7, 1))
        commune = UnitKind.objects.get(code="commune")
        districts = Unit.objects.filter(parent=province, kind__code="district").order_by("path")
        for n, district in enumerate(districts, start=1):
            place = district.name.removeprefix("Liên đoàn Lao động ").strip()
            word = "phường" if n % 2 else "xã"
            union = services.found_unit(
                actor=None,
                parent=province,
                decision=decision,
                spec=services.NewUnit(
                    code=f"{province.code}-CD{n:02d}",
                    name=f"Công đoàn {word} {place}",
                    short_name=f"CĐ {word} {place}",
                    kind=commune,
                    province=province.province,
                ),
            )
            services.absorb_unit(actor=None, unit=district, into=union, decision=decision)

    def _print_logins(self):
        self.stdout.write("Demo logins (password for every account: %s):" % DEMO_PASSWORD)
        for user in User.objects.filter(username__in=[u for u, *_ in DEMO_USERS]).order_by("id"):
            role = user.roles.active().select_related("unit").first()
            where = f"{role.get_role_display()} — {role.unit.name}" if role else "superuser"
            self.stdout.write(f"  {user.username:<12} {where}")
        member = User.objects.filter(username=DEMO_MEMBER).select_related(
            "member_account__member__unit"
        )
        for user in member:
            record = user.member_account.member
            self.stdout.write(f"  {user.username:<12} đoàn viên — {record} ({record.unit.name})")

    def _member_login(self) -> User:
        """A member of the first demo union with an issued card and their own login."""
        from congdoan.cards import services as cards
        from congdoan.members.models import Member
        from congdoan.portal import services as portal

        officer = User.objects.get(username="cdcs")
        unit = officer.roles.get().unit
        member = Member.objects.in_subtree(unit).active().order_by("pk").first()
        for card in cards.request_cards(actor=officer, members=[member]):
            cards.issue_card(actor=officer, card=card)
        _invitation, code = portal.invite_member(actor=officer, member=member)
        return portal.accept_invitation(code=code, username=DEMO_MEMBER, password=DEMO_PASSWORD)

    def _build(self, per_district: int) -> list[User]:
        rng = random.Random(2025)
        kinds = {kind.code: kind for kind in UnitKind.objects.all()}
        decision = services.Decision(number="01/QĐ-DEMO", date=date(2020, 1, 2))
        counter = iter(range(1, 100000))

        def found(parent, code, name, kind, short="", province=None, sector="", workers=None):
            return services.found_unit(
                actor=None,
                parent=parent,
                decision=decision,
                spec=services.NewUnit(
                    code=code,
                    name=name,
                    short_name=short,
                    kind=kinds[kind],
                    province=province,
                    sector=sector,
                    workers=workers,
                ),
            )

        def grassroots_units(parent, prefix, count, province, pool):
            made = []
            for _ in range(count):
                number = next(counter)
                kind_of_place, sector = pool(rng)
                name = f"Công đoàn cơ sở {kind_of_place}"
                unit = found(
                    parent,
                    f"{prefix}-{number:04d}",
                    name,
                    "grassroots",
                    province=province,
                    sector=sector,
                    workers=rng.randint(12, 1800),
                )
                if unit.workers > 1500:  # a large union: sections, each with a group
                    for section in rng.sample(SECTION_NAMES, 2):
                        part = found(
                            unit,
                            f"{unit.code}-{next(counter):04d}",
                            f"Công đoàn bộ phận {section}",
                            "section",
                            province=province,
                        )
                        found(
                            part,
                            f"{part.code}-1",
                            f"Tổ công đoàn {section}",
                            "group",
                            province=province,
                        )
                elif rng.random() < 0.25:
                    for group in rng.sample(GROUPS, 2):
                        found(
                            unit,
                            f"{unit.code}-{next(counter):04d}",
                            group,
                            "group",
                            province=province,
                        )
                made.append(unit)
            return made

        def mixed(rng):
            roll = rng.random()
            if roll < 0.4:
                school = rng.choice(SCHOOLS)
                level = rng.choice(["Tiểu học", "THCS", "THPT"])
                return f"Trường {level} {school}", Sector.PUBLIC_SERVICE
            if roll < 0.6:
                return f"{rng.choice(AGENCIES)} {rng.choice(SCHOOLS)}", Sector.PUBLIC_SERVICE
            if roll < 0.9:
                return (
                    f"Công ty TNHH {rng.choice(COMPANIES)} {rng.randint(1, 99)}",
                    Sector.PRIVATE_ENTERPRISE,
                )
            return f"Công ty Cổ phần {rng.choice(COMPANIES)}", Sector.STATE_ENTERPRISE

        def fdi(rng):
            return f"Công ty TNHH {rng.choice(FDI)} {rng.randint(1, 30)}", Sector.FDI

        root = found(None, "TLD", "Tổng Liên đoàn Lao động Việt Nam", "federation", short="TLĐLĐVN")
        provinces_by_code = {p.code: p for p in Province.objects.all()}
        first_grassroots = {}
        for code, province_code, name, short, districts, zone in PROVINCES:
            province = provinces_by_code[province_code]
            top = found(root, code, name, "provincial", short=short, province=province)
            for district in districts:
                d = found(
                    top,
                    f"{code}-{fold(district).replace(' ', '')[:4].upper()}",
                    f"Liên đoàn Lao động {district}",
                    "district",
                    short=f"LĐLĐ {district}",
                    province=province,
                )
                made = grassroots_units(d, code, per_district, province, mixed)
                first_grassroots.setdefault(code, made)
            cs = found(
                top,
                f"{code}-CDVC",
                f"Công đoàn Viên chức {short.replace('LĐLĐ ', '')}",
                "civil_servants",
                short=f"CĐVC {short.replace('LĐLĐ ', '')}",
                province=province,
            )
            grassroots_units(
                cs,
                code,
                per_district // 2,
                province,
                lambda r: (f"{r.choice(AGENCIES)} {r.choice(SCHOOLS)}", Sector.PUBLIC_SERVICE),
            )
            edu = found(
                top,
                f"{code}-GD",
                f"Công đoàn ngành Giáo dục {short.replace('LĐLĐ ', '')}",
                "local_sector",
                province=province,
            )
            grassroots_units(
                edu,
                code,
                per_district // 2,
                province,
                lambda r: (f"Trường THPT {r.choice(SCHOOLS)}", Sector.PUBLIC_SERVICE),
            )
            if zone:
                z = found(top, f"{code}-KCN", zone, "industrial_zone", province=province)
                grassroots_units(z, code, per_district, province, fdi)
        for code, kind, name, short in CENTRAL:
            unit = found(root, code, name, kind, short=short)
            grassroots_units(unit, code, per_district // 2, None, mixed)

        units = {
            u.code: u
            for u in Unit.objects.filter(code__in=["TLD", "LDLD-HN", "LDLD-KH", "LDLD-HCM"])
        }
        hanoi_cdcs = first_grassroots["LDLD-HN"]
        people = []
        for username, full_name, unit_code, role in DEMO_USERS:
            user = User.objects.create_user(
                username=username, password=DEMO_PASSWORD, full_name=full_name
            )
            if role is None:
                user.is_superuser = user.is_staff = True
                user.save()
            else:
                if unit_code == "CDCS1":
                    unit = hanoi_cdcs[0]
                elif unit_code == "CDCS2":
                    unit = hanoi_cdcs[1]
                else:
                    unit = units[unit_code]
                grant_role(actor=None, user=user, unit=unit, role=role)
            people.append(user)
        return people


# A member's own login (their record, e-card and contact changes), made on demo members.
DEMO_MEMBER = "doanvien"
DEMO_USERS = [
    ("admin", "Quản trị hệ thống", None, None),
    ("tld", "Nguyễn Văn Hùng", "TLD", RoleName.OFFICER),
    ("hanoi", "Trần Thị Mai", "LDLD-HN", RoleName.ADMIN),
    ("khanhhoa", "Lê Văn Thành", "LDLD-KH", RoleName.OFFICER),
    ("hcm", "Phạm Minh Tuấn", "LDLD-HCM", RoleName.APPROVER),
    ("cdcs", "Hoàng Thị Lan", "CDCS1", RoleName.OFFICER),
    ("cdcs2", "Vũ Đức Anh", "CDCS2", RoleName.OFFICER),
]
