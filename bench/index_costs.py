"""``python -m bench.index_costs [ROWS]``: what each index of the member table costs a
bulk write. The same ROWS synthetic members (default 100,000) are copied into the member
table of the bench database with every index, then with each index dropped in turn, then
with none but the primary key; every copy is rolled back, so the data stays as built.
An untimed copy comes first (the indexes' pages in memory).
"""

import io
import sys
import time


def main() -> None:
    import django

    import bench.__main__  # noqa: F401  (points Django at the bench database)

    django.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from bench.measure import _bench_union, _copy_text, _people
    from congdoan.members.models import Member

    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    fields = [f for f in Member._meta.concrete_fields if f.attname != "id"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'members_member' "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint) ORDER BY indexname"
        )
        indexes = [name for (name,) in cursor.fetchall()]

    def copy(text: str, dropped: list[str]) -> float:
        with transaction.atomic(), connection.cursor() as cursor:
            for name in dropped:
                cursor.execute(f'DROP INDEX "{name}"')
            started = time.perf_counter()
            with cursor.connection.cursor().copy(
                f"COPY members_member ({', '.join(f.column for f in fields)}) FROM STDIN"
            ) as writer:
                writer.write(text)
            elapsed = time.perf_counter() - started
            transaction.set_rollback(True)
        return rows / elapsed

    with transaction.atomic():
        target = _bench_union()
        data = io.StringIO()
        for person in _people(target, rows, "94"):
            person.unit_path = target.path
            person.created_at = person.updated_at = timezone.now()
            data.write("\t".join(_copy_text(getattr(person, f.attname)) for f in fields) + "\n")
        text = data.getvalue()
        copy(text, [])  # untimed
        print(f"COPY of {rows:,} members into the member table, rows/s")
        print(f"  {'every index':<44} {copy(text, []):>10,.0f}")
        for name in indexes:
            print(f"  {'without ' + name:<44} {copy(text, [name]):>10,.0f}", flush=True)
        print(f"  {'without any of them':<44} {copy(text, indexes):>10,.0f}")
        print(f"  {'every index, again':<44} {copy(text, []):>10,.0f}")
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
