"""The card check under load: 32 clients on 127.0.0.1 for 30 s against the application
served as in production (gunicorn, WhiteNoise), beside the same load on a static file
served by the same server, and beside the raw PostgreSQL lookup behind each check.

BENCH_VERIFY_SECONDS, BENCH_VERIFY_CLIENTS and BENCH_WORKERS change the run;
BENCH_CARDS is how many issued cards the bench database holds (made once).
"""

from __future__ import annotations

import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

from django.db import connection

SECONDS = int(os.environ.get("BENCH_VERIFY_SECONDS", 30))
CLIENTS = int(os.environ.get("BENCH_VERIFY_CLIENTS", 32))
WORKERS = int(os.environ.get("BENCH_WORKERS", 2))
CARDS = int(os.environ.get("BENCH_CARDS", 1_000_000))
STATIC = "/static/congdoan/app.css"


def ensure_cards(count: int) -> int:
    """Issued cards for the first ``count`` active members (once; later runs reuse them)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cards_card WHERE status = 'issued'")
        have = cursor.fetchone()[0]
        if have >= count:
            return have
        started = time.perf_counter()
        cursor.execute(
            """
            INSERT INTO cards_card (member_id, number, status, public_code, requested_at,
                issued_on, issuing_unit_id, reason, ended_with_membership, version)
            SELECT m.id, 'B' || lpad(m.id::text, 11, '0'), 'issued',
                substr(md5('card' || m.id::text), 1, 12), now(), DATE '2026-01-02',
                m.unit_id, '', false, 1
            FROM members_member m
            WHERE m.status = 'active'
              AND NOT EXISTS (SELECT 1 FROM cards_card c WHERE c.member_id = m.id)
            ORDER BY m.id
            LIMIT %s""",
            [count - have],
        )
        cursor.execute("ANALYZE cards_card")
    print(f"  made {count - have:,} issued cards in {time.perf_counter() - started:.0f} s")
    return count


def _tokens(sample: int) -> list[str]:
    from congdoan.cards.models import Card
    from congdoan.cards.verify import token_for

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT public_code FROM cards_card WHERE status = 'issued' ORDER BY random() LIMIT %s",
            [sample],
        )
        codes = [row[0] for row in cursor.fetchall()]
    return [token_for(Card(public_code=code)) for code in codes]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(port: int, workers: int = WORKERS) -> subprocess.Popen:
    env = {
        **os.environ,
        "CONGDOAN_ALLOWED_HOSTS": "127.0.0.1",
        # every check still goes through the per-client count, which never refuses here:
        # all the load comes from one address
        "CONGDOAN_VERIFY_RATE": str(10**9),
    }
    server = subprocess.Popen(
        [
            os.path.join(os.path.dirname(sys.executable), "gunicorn"),
            "congdoan.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        env=env,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def _client(port: int, paths: list[str], start: int, deadline: float, results: list) -> None:
    """One client: a request, wait for the whole answer, the next one (blocking sockets:
    the lightest client Python has, so the load takes little of the machine)."""
    index = start
    while time.perf_counter() < deadline:
        path = paths[index % len(paths)]
        index += 1
        request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        began = time.perf_counter()
        try:
            with socket.create_connection(("127.0.0.1", port)) as sock:
                sock.sendall(request.encode())
                head = sock.recv(65536)
                while sock.recv(65536):
                    pass
            status = int(head[9:12] or 0)
        except (OSError, ValueError):
            status = 0
        results.append(((time.perf_counter() - began) * 1000, status))


def _load(port: int, paths: list[str], seconds: float) -> tuple[list[tuple[float, int]], float]:
    """Each client's ``(milliseconds, status)`` per request, and the share of one core
    the load itself used (it runs on the same machine as the server)."""
    results: list[tuple[float, int]] = []
    deadline = time.perf_counter() + seconds
    threads = [
        threading.Thread(target=_client, args=(port, paths, i * 997, deadline, results))
        for i in range(CLIENTS)
    ]
    before = time.process_time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, (time.process_time() - before) / seconds


def _report(line, label: str, load, seconds: float, target: str) -> None:
    results, load_cpu = load
    times = sorted(ms for ms, _status in results)
    failed = sum(1 for _ms, status in results if status != 200)
    p99 = times[int(len(times) * 0.99) - 1]
    rate = len(results) / seconds
    print(
        f"{label:<44} {rate:8,.0f} req/s  p50 {statistics.median(times):6.1f} ms  "
        f"p99 {p99:6.1f} ms  non-200 {failed}  (load: {load_cpu:.0%} of a core)   "
        f"target {target}"
    )


def _raw_lookup(tokens: list[str], line) -> None:
    """The check's own query, by itself: the database's share of each check.

    A first pass reads the rows of every card the load will check, as a running site
    has them in memory; the second pass is timed.
    """
    from django.core import signing

    from congdoan.cards.verify import SALT, _lookup_sql

    codes = [signing.Signer(salt=SALT).unsign(token) for token in tokens]
    times = []
    with connection.cursor() as cursor:
        for timed in (False, True):
            for code in codes if not timed else codes[:2000]:
                began = time.perf_counter()
                cursor.execute(_lookup_sql(), [code, "requested"])
                cursor.fetchall()
                if timed:
                    times.append((time.perf_counter() - began) * 1000)
    times.sort()
    print(
        f"{'raw lookup of one card (one connection)':<44} p50 {statistics.median(times):6.2f} ms"
        f"  p99 {times[int(len(times) * 0.99) - 1]:6.2f} ms"
    )


def run(line) -> None:
    cards = ensure_cards(CARDS)
    tokens = _tokens(20_000)
    random.Random(7).shuffle(tokens)
    print(
        f"\nCard check under load: {CLIENTS} clients, {SECONDS} s each, gunicorn with "
        f"{WORKERS} workers, {cards:,} issued cards, {os.cpu_count()} cores shared by "
        "server, database and load"
    )
    _raw_lookup(tokens, line)
    port = _free_port()
    server = _serve(port)
    try:
        pages = [f"/verify/{token}/" for token in tokens]
        api = [f"/api/v1/cards/verify/{token}" for token in tokens]
        _load(port, pages[:2000] + [STATIC], 5)  # warm the workers: not counted
        static = _load(port, [STATIC], SECONDS)
        _report(line, "static file (baseline, same server)", static, SECONDS, "—")
        checks = _load(port, pages, SECONDS)
        _report(line, "card check page /verify/<token>/", checks, SECONDS, "≥ 500/s, p99 ≤ 50")
        answers = _load(port, api, SECONDS)
        _report(line, "card check API (JSON)", answers, SECONDS, "≥ 500/s, p99 ≤ 50")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
