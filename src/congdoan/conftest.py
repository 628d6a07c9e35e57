"""Shared fixtures: a small union tree and the fixed cast.

- ``alice``: officer of the province federation LĐLĐ Khánh Hòa (sees the whole province)
- ``bob``: officer of CĐCS Trường THCS Lê Lợi (one grassroots union)
- ``charlie``: officer of the sibling CĐCS Công ty May Nha Trang: sees nothing of bob's
- ``dana``: administrator of the province (manages accounts and roles inside it)
- ``nobody``: an account with no role; ``root``: a superuser
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from congdoan.accounts.models import Role, User
from congdoan.organizations import services
from congdoan.organizations.models import Province, Unit, UnitKind

PASSWORD = "Mat-khau-thu-nghiem-2025"


@dataclass
class Tree:
    root: Unit
    kh: Unit  # LĐLĐ tỉnh Khánh Hòa
    hn: Unit  # LĐLĐ thành phố Hà Nội
    nha_trang: Unit  # LĐLĐ Nha Trang (district, under kh)
    cam_ranh: Unit  # LĐLĐ Cam Ranh (district, under kh)
    le_loi: Unit  # CĐCS Trường THCS Lê Lợi (under nha_trang)
    may: Unit  # CĐCS Công ty May Nha Trang (sibling of le_loi)
    cang: Unit  # CĐCS Cảng Cam Ranh (under cam_ranh)
    to_van: Unit  # Tổ công đoàn Văn phòng (group under le_loi)
    ba_dinh: Unit  # LĐLĐ Ba Đình (under hn)
    hn_school: Unit  # CĐCS Trường Tiểu học Kim Đồng (under ba_dinh)

    def refresh(self) -> Tree:
        for name, unit in vars(self).items():
            setattr(self, name, Unit.objects.get(pk=unit.pk))
        return self


DECISION = services.Decision(number="12/QĐ-TEST", date=date(2024, 3, 1))


def found(parent, code, name, kind, **extra):
    return services.found_unit(
        actor=None,
        parent=parent,
        decision=DECISION,
        spec=services.NewUnit(code=code, name=name, kind=UnitKind.objects.get(code=kind), **extra),
    )


def ensure_reference_data() -> None:
    """Kinds, provinces, ethnic groups, the card number scheme, the default return
    template and the award catalogue come from data migrations; a transactional test's
    flush empties them, so load them again when they are missing."""
    import importlib

    from django.apps import apps

    from congdoan.cards.models import CardScheme
    from congdoan.members.models import Ethnicity

    if not UnitKind.objects.exists():
        importlib.import_module(
            "congdoan.organizations.migrations.0002_default_kinds_and_provinces"
        ).load(apps, None)
        importlib.import_module("congdoan.organizations.migrations.0003_commune_unions").load(
            apps, None
        )
    if not Ethnicity.objects.exists():
        importlib.import_module("congdoan.members.migrations.0002_ethnicities").load(apps, None)
    if not CardScheme.objects.exists():
        importlib.import_module("congdoan.cards.migrations.0002_default_scheme").add(apps, None)
    from congdoan.reports.models import ReturnTemplate

    if not ReturnTemplate.objects.exists():
        for name in (
            "0002_default_year_end_template",
            "0004_year_end_grassroots_by_sector",
            "0006_year_end_awards",
            "0008_year_end_2027_care_from_records",
            "0010_year_end_2027_democracy_from_records",
            "0011_graded_source_and_year_end_grading",
        ):
            importlib.import_module(f"congdoan.reports.migrations.{name}").load(apps, None)
    from congdoan.welfare.models import CareKind

    if not CareKind.objects.exists():
        importlib.import_module("congdoan.welfare.migrations.0002_default_kinds").load(apps, None)
    from congdoan.meetings.models import MeetingKind

    if not MeetingKind.objects.exists():
        importlib.import_module(
            "congdoan.meetings.migrations.0002_default_kinds_and_criteria"
        ).load(apps, None)
    from congdoan.awards.models import AwardTitle

    if not AwardTitle.objects.exists():
        importlib.import_module("congdoan.awards.migrations.0002_catalogue_and_workflow").load(
            apps, None
        )
        importlib.import_module(
            "congdoan.awards.migrations.0005_awardtitle_required_tier"
        ).require_top_tier(apps, None)
    from congdoan.dues.models import DuesRule

    if not DuesRule.objects.exists():
        importlib.import_module("congdoan.dues.migrations.0002_rules_and_splits").load(apps, None)
    from congdoan.grading.models import Scheme

    if not Scheme.objects.exists():
        importlib.import_module("congdoan.grading.migrations.0002_default_tables").load(apps, None)


@pytest.fixture
def tree(db) -> Tree:
    ensure_reference_data()
    kh_province = Province.objects.get(code="56")
    root = found(None, "TLD", "Tổng Liên đoàn Lao động Việt Nam", "federation")
    kh = found(
        root,
        "LDLD-KH",
        "Liên đoàn Lao động tỉnh Khánh Hòa",
        "provincial",
        short_name="LĐLĐ Khánh Hòa",
        province=kh_province,
    )
    hn = found(
        root,
        "LDLD-HN",
        "Liên đoàn Lao động thành phố Hà Nội",
        "provincial",
        province=Province.objects.get(code="01"),
    )
    nha_trang = found(kh, "LDLD-NT", "Liên đoàn Lao động Nha Trang", "district")
    cam_ranh = found(kh, "LDLD-CR", "Liên đoàn Lao động Cam Ranh", "district")
    le_loi = found(
        nha_trang,
        "CDCS-LELOI",
        "Công đoàn cơ sở Trường THCS Lê Lợi",
        "grassroots",
        sector="public_service",
        workers=48,
    )
    may = found(
        nha_trang,
        "CDCS-MAY",
        "Công đoàn cơ sở Công ty May Nha Trang",
        "grassroots",
        sector="private_enterprise",
        workers=1200,
    )
    cang = found(cam_ranh, "CDCS-CANG", "Công đoàn cơ sở Cảng Cam Ranh", "grassroots", workers=300)
    to_van = found(le_loi, "CDCS-LELOI-VP", "Tổ công đoàn Văn phòng", "group")
    ba_dinh = found(hn, "LDLD-BD", "Liên đoàn Lao động Ba Đình", "district")
    hn_school = found(
        ba_dinh, "CDCS-KIMDONG", "Công đoàn cơ sở Trường Tiểu học Kim Đồng", "grassroots"
    )
    return Tree(
        root, kh, hn, nha_trang, cam_ranh, le_loi, may, cang, to_van, ba_dinh, hn_school
    ).refresh()


def _user(
    username: str, full_name: str, unit: Unit | None = None, role: str = "officer", **extra
) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, full_name=full_name, **extra
    )
    if unit is not None:
        Role.objects.create(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def alice(tree) -> User:
    return _user("alice", "Nguyễn Thị Ánh", tree.kh)


@pytest.fixture
def bob(tree) -> User:
    return _user("bob", "Trần Văn Bình", tree.le_loi)


@pytest.fixture
def charlie(tree) -> User:
    return _user("charlie", "Lê Minh Châu", tree.may)


@pytest.fixture
def dana(tree) -> User:
    return _user("dana", "Phạm Thu Dung", tree.kh, role="admin")


@pytest.fixture
def nobody(db) -> User:
    return _user("nobody", "Không Có Vai Trò")


@pytest.fixture
def root_user(db) -> User:
    return User.objects.create_superuser(username="root", password=PASSWORD, email="")


@pytest.fixture
def client_for(client):
    """Log a user in on the test client: ``client_for(alice)``."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def api_client(db):
    """A client that sends a personal API token for a user: ``api_client(alice)``."""
    from django.test import Client

    from congdoan.accounts.services import create_token

    def make(user=None):
        if user is None:
            return Client()
        _token, key = create_token(user=user, name="test")
        return Client(headers={"Authorization": f"Bearer {key}"})

    return make


def pytest_collection_modifyitems(config, items):
    """Browser tests need Debian's Chromium; in CI its absence is a failure, not a skip."""
    if os.path.exists("/usr/bin/chromium") or os.environ.get("CONGDOAN_REQUIRE_BROWSER"):
        return
    skip = pytest.mark.skip(reason="Chromium is not installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


# --- browser tests (Playwright driving Debian's Chromium) ----------------------------

SHOTS = Path(os.environ.get("CONGDOAN_TEST_OUTPUT", "test-output")) / "screenshots"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop + ORM calls
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS
        )
        yield chromium
        chromium.close()
        # The ORM's connections made while Playwright runs belong to its context, which
        # the test database's teardown does not see: close them here, or the database
        # cannot be dropped at the end of the run ("being accessed by other users").
        from django.db import connections

        connections.close_all()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="en-US")
    page = context.new_page()
    yield page
    context.close()


def login(page, base, username):
    """Log ``username`` in through the login form."""
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/units/")
