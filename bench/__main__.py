"""``make bench``: national-scale figures on PostgreSQL beside raw PostgreSQL baselines.

Builds the synthetic data once (BENCH_MEMBERS members over BENCH_GRASSROOTS grassroots
unions, default 12 million over 150,000) in the database BENCH_DATABASE_URL, then
measures the members issue's targets and, in the same run, the same work done by raw
SQL on the same machine.
"""

import os
import statistics
import sys
import time

BENCH_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/congdoan_bench"
)
os.environ["DATABASE_URL"] = BENCH_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congdoan.settings")
os.environ.setdefault("CONGDOAN_ALLOWED_HOSTS", "testserver,127.0.0.1")


def ensure_database() -> None:
    import psycopg

    name = BENCH_URL.rsplit("/", 1)[1]
    admin = BENCH_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def timed(function, repeat: int) -> list[float]:
    """Milliseconds of each of ``repeat`` calls."""
    times = []
    for index in range(repeat):
        started = time.perf_counter()
        function(index)
        times.append((time.perf_counter() - started) * 1000)
    return times


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1] if len(times) >= 20 else max(times)


def line(label: str, app: list[float] | float, raw: list[float] | float | None, target: str):
    def show(value):
        if value is None:
            return "—"
        if isinstance(value, list):
            return f"p50 {statistics.median(value):8.1f} ms  p95 {p95(value):8.1f} ms"
        return f"{value:,.1f}"

    print(f"{label:<44} app {show(app):<36} raw {show(raw):<36} target {target}")


# the settings the operations guide tunes for national scale
TUNED = ("shared_buffers", "effective_cache_size", "max_wal_size", "checkpoint_timeout")


def server_settings() -> str:
    """The PostgreSQL version and the settings the figures depend on."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (version,) = cursor.fetchone()
        shown = []
        for name in TUNED:
            cursor.execute(f"SHOW {name}")
            shown.append(f"{name} {cursor.fetchone()[0]}")
    return f"PostgreSQL {version.split()[0]}, {', '.join(shown)}"


def main() -> int:
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command

    from bench import data, measure

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--no-input", verbosity=0)  # the list page renders
    members = int(os.environ.get("BENCH_MEMBERS", 12_000_000))
    grassroots = int(os.environ.get("BENCH_GRASSROOTS", 150_000))
    if data.built_sizes() != (members, grassroots):
        print(
            f"Building {members:,} members over {grassroots:,} grassroots unions "
            "(once; later runs reuse it)…",
            flush=True,
        )
        data.build(members, grassroots)
    print(f"Data: {members:,} members, {grassroots:,} grassroots unions ({BENCH_URL})")
    print(f"Server: {server_settings()}\n")
    status = measure.run(line, timed)
    from bench import cards, dues, meetings, returns, rush, verify, welfare

    returns.run(line, timed)
    meetings.run(line, timed)  # before the dashboard: it shows what the units still owe
    returns.run_province(line, timed)
    cards.run(line)
    verify.run(line)
    welfare.run(line, timed)
    dues.run(line, timed)
    rush.run(line)
    return status


if __name__ == "__main__":
    sys.exit(main())
