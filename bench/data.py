"""Synthetic national data, written once with COPY and reused by later runs.

The tree has the federation, 34 provinces, district-level unions under each and the
grassroots unions under those; members carry the concentrated family names real
Vietnamese data has (Nguyễn about 38 %). Sizes come from BENCH_MEMBERS and
BENCH_GRASSROOTS; a table ``bench_meta`` remembers what was built.
"""

from __future__ import annotations

import io
import random
import time
from datetime import date, timedelta

from django.db import connection

from congdoan.core.vntext import fold
from congdoan.members.demo import FAMILY, GIVEN_F, GIVEN_M, MIDDLE_F, MIDDLE_M
from congdoan.members.names import sort_key
from congdoan.organizations.models import Province, UnitKind

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
DISTRICTS_PER_PROVINCE = 20


def step(number: int) -> str:
    """Treebeard's 4-character path step for the n-th child (1-based)."""
    digits = ""
    while True:
        number, remainder = divmod(number, 36)
        digits = ALPHABET[remainder] + digits
        if number == 0:
            break
    return digits.rjust(4, "0")


def built_sizes() -> tuple[int, int] | None:
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_meta (members bigint, grassroots int)")
        cursor.execute("SELECT members, grassroots FROM bench_meta")
        row = cursor.fetchone()
    return (int(row[0]), int(row[1])) if row else None


def _copy(table: str, columns: list[str], rows) -> int:
    buffer = io.StringIO()
    count = 0
    with (
        connection.cursor() as cursor,
        cursor.connection.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            buffer.write("\t".join(row))
            buffer.write("\n")
            count += 1
            if count % 20000 == 0:
                copy.write(buffer.getvalue())
                buffer = io.StringIO()
        copy.write(buffer.getvalue())
    return count


UNIT_COLUMNS = [
    "id",
    "path",
    "depth",
    "numchild",
    "code",
    "name",
    "short_name",
    "name_folded",
    "kind_id",
    "parent_id",
    "province_id",
    "sector",
    "workers",
    "founded_on",
    "status",
    "version",
    "created_at",
    "updated_at",
]


def build(members: int, grassroots: int, log=print) -> None:
    """Write the tree and the members (in one transaction per table)."""
    started = time.perf_counter()
    kinds = {kind.code: kind.pk for kind in UnitKind.objects.all()}
    provinces = list(Province.objects.order_by("code"))
    now = "2025-12-31 00:00:00+07"
    units = []
    next_id = [0]

    def unit(path, depth, numchild, code, name, kind, parent, province, workers="\\N"):
        next_id[0] += 1
        units.append(
            [
                str(next_id[0]),
                path,
                str(depth),
                str(numchild),
                code,
                name,
                "",
                fold(name),
                str(kinds[kind]),
                str(parent) if parent else "\\N",
                str(province) if province else "\\N",
                "",
                workers,
                "2020-01-01",
                "active",
                "1",
                now,
                now,
            ]
        )
        return next_id[0]

    per_district = max(1, grassroots // (len(provinces) * DISTRICTS_PER_PROVINCE))
    root = unit(
        "0001",
        1,
        len(provinces),
        "TLD",
        "Tổng Liên đoàn Lao động Việt Nam",
        "federation",
        None,
        None,
    )
    grassroots_ids: list[tuple[int, int, str]] = []
    rng = random.Random(12)
    for p_index, province in enumerate(provinces, start=1):
        p_path = "0001" + step(p_index)
        p_id = unit(
            p_path,
            2,
            DISTRICTS_PER_PROVINCE,
            f"P{province.code}",
            f"Liên đoàn Lao động {province.name}",
            "provincial",
            root,
            province.pk,
        )
        for d_index in range(1, DISTRICTS_PER_PROVINCE + 1):
            d_path = p_path + step(d_index)
            d_id = unit(
                d_path,
                3,
                per_district,
                f"P{province.code}-D{d_index:02d}",
                f"Liên đoàn Lao động khu vực {d_index} {province.name}",
                "district",
                p_id,
                province.pk,
            )
            for g_index in range(1, per_district + 1):
                g_path = d_path + step(g_index)
                g_id = unit(
                    g_path,
                    4,
                    0,
                    f"P{province.code}-D{d_index:02d}-{g_index:04d}",
                    f"Công đoàn cơ sở số {g_index} khu vực {d_index} {province.name}",
                    "grassroots",
                    d_id,
                    province.pk,
                    str(rng.randint(10, 3000)),
                )
                grassroots_ids.append((g_id, int(province.code), g_path))
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE organizations_unit, members_member, members_memberevent, "
            "members_unitmembercount, members_unitmemberyear, members_nameword RESTART IDENTITY "
            "CASCADE"
        )
    _copy("organizations_unit", UNIT_COLUMNS, units)
    with connection.cursor() as cursor:
        cursor.execute("SELECT setval('organizations_unit_id_seq', %s)", [next_id[0]])
    log(f"  units: {len(units):,} in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # Bulk load as an operator would: indexes dropped, rows copied, indexes rebuilt.
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'members_member' "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint)"
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    _copy("members_member", MEMBER_COLUMNS, _members(members, grassroots_ids))
    log(f"  members: {members:,} in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        if any(name == "member_name_tokens" for name, _definition in indexes):
            cursor.execute("ALTER INDEX member_name_tokens ALTER COLUMN 1 SET STATISTICS 1000")
        cursor.execute(
            "INSERT INTO members_nameword (word) SELECT DISTINCT word FROM members_member, "
            "unnest(string_to_array(name_folded, ' ')) AS word WHERE word <> '' "
            "ON CONFLICT DO NOTHING"
        )
    log(f"  member indexes: {len(indexes)} in {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("""
            INSERT INTO members_unitmembercount (unit_id, members, female, with_card)
            SELECT unit_id, count(*), count(*) FILTER (WHERE gender = 'female'),
                count(*) FILTER (WHERE card_number <> '')
            FROM members_member WHERE status = 'active' GROUP BY unit_id""")
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_meta (members bigint, grassroots int)")
        cursor.execute("DELETE FROM bench_meta")
        cursor.execute("INSERT INTO bench_meta VALUES (%s, %s)", [members, grassroots])


MEMBER_COLUMNS = [
    "full_name",
    "name_folded",
    "sort_key",
    "gender",
    "birth_date",
    "birth_precision",
    "id_kind",
    "id_number",
    "nationality",
    "religion",
    "education",
    "qualification",
    "job_title",
    "phone",
    "email",
    "address",
    "unit_id",
    "unit_path",
    "joined_on",
    "card_number",
    "party_member",
    "status",
    "notes",
    "version",
    "created_at",
    "updated_at",
]


def _name_pool(rng: random.Random, size: int = 40000):
    families = [name for name, _weight in FAMILY]
    weights = [weight for _name, weight in FAMILY]
    pool = []
    for _ in range(size):
        female = rng.random() < 0.55
        name = (
            f"{rng.choices(families, weights)[0]} "
            f"{rng.choice(MIDDLE_F if female else MIDDLE_M)} "
            f"{rng.choice(GIVEN_F if female else GIVEN_M)}"
        )
        pool.append((name, fold(name), sort_key(name), "female" if female else "male", int(female)))
    return pool


def _members(total: int, grassroots_ids: list[tuple[int, int]]):
    rng = random.Random(2025)
    pool = _name_pool(rng)
    epoch = date(1966, 1, 1)
    days = [(epoch + timedelta(days=d)).isoformat() for d in range(0, 40 * 365, 7)]
    now = "2025-12-31 00:00:00+07"
    buckets: dict[str, int] = {}
    for serial in range(1, total + 1):
        name, folded, key, gender, female = pool[rng.randrange(len(pool))]
        unit_id, province, unit_path = grassroots_ids[rng.randrange(len(grassroots_ids))]
        birth = days[rng.randrange(len(days))]
        year = int(birth[:4])
        prefix = f"{province:03d}{(0 if year < 2000 else 2) + female}{year % 100:02d}"
        buckets[prefix] = buckets.get(prefix, 0) + 1
        id_number = f"{prefix}{buckets[prefix]:06d}"
        yield [
            name,
            folded,
            key,
            gender,
            birth,
            "day",
            "cccd",
            id_number,
            "VN",
            "",
            "",
            "",
            "Công nhân",
            f"09{serial:08d}",
            "",
            "",
            str(unit_id),
            unit_path,
            "2015-09-01",
            "",
            "f",
            "active",
            "",
            "1",
            now,
            now,
        ]
