"""The year-end rush: officers at every level using the application at once, served as
deployed (gunicorn with the operations guide's worker count) on the national bench data,
beside a static file from the same server in the same run.

The grassroots unions of the province with the most units have not answered the 2026
year-end return yet (their approved returns are put aside for the run and put back
after it). Simulated officers, each logged in with a role of their own, work at once
for BENCH_RUSH_SECONDS on 127.0.0.1, without pause:

- grassroots officers open their return, fill it in and submit it (the page's form);
- district officers open their dashboard and their district's return page, approve the
  returns their unions submitted (the API) and read their roll-up;
- province officers open the dashboard and roll-up of a province, and download a
  district's year-end report (.docx) and a return (.xlsx);
- some officers search members by name (the list page and the API).

Afterwards the database is checked: every submission and approval the clients saw
succeed is there exactly once, with the values sent; no union has two returns.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import secrets
import signal
import statistics
import threading
import time
from collections import defaultdict, deque
from datetime import timedelta
from urllib.parse import urlencode

from django.db import connection, transaction
from django.db.models import Count

from .verify import STATIC, _free_port, _serve

SECONDS = int(os.environ.get("BENCH_RUSH_SECONDS", 60))
CLIENTS = int(os.environ.get("BENCH_RUSH_CLIENTS", 30))
SAVED = "bench_rush_saved"  # the approved returns put aside during a run
PREFIX = "bench-rush-"

# Share of the clients doing each officer's work. Officers are many more at the bottom of
# the tree (150,000 grassroots unions, some 700 district-level unions, 34 provinces), and
# each client makes about as many requests as another, so this is also the mix of requests.
MIX = {"grassroots": 0.6, "district": 0.25, "province": 0.05, "search": 0.1}
SEARCHES = ["nguyen thi", "van hung", "thu huong", "tran", "minh tuan", "le thi hoa"]


def deployed_workers() -> int:
    """The operations guide's worker count: one gunicorn worker per core, plus one."""
    return int(os.environ.get("BENCH_WORKERS") or (os.cpu_count() or 1) + 1)


# --- the data and the officers ---------------------------------------------------------


class Scene:
    """Who takes part in the run, logged in, and what the grassroots officers type."""

    def __init__(self):
        from congdoan.organizations.models import Unit
        from congdoan.reports.models import Indicator, Rollup, Source

        from .returns import _period

        _period(2025)
        self.root, self.period = _period(2026)
        _alone()
        put_back()  # a run stopped half-way left its returns aside
        self.province = Unit.objects.filter(depth=2).order_by("-numchild", "path").first()
        self.districts = list(
            Unit.objects.filter(depth=3, path__startswith=self.province.path).order_by("path")
        )
        self.units = list(
            Unit.objects.filter(path__startswith=self.province.path, kind__code="grassroots")
            .order_by("path")
            .values_list("pk", "parent_id")
        )
        self.provinces = list(Unit.objects.filter(depth=2).order_by("path"))
        typed = Indicator.objects.filter(template=self.period.template, source=Source.MANUAL)
        self.codes = list(typed.exclude(rollup=Rollup.RATIO).values_list("code", flat=True))
        self.values = self._set_aside()
        self.csrf = secrets.token_hex(16)  # 32 characters: a valid unmasked CSRF secret
        self.sessions: dict[str, str] = {}
        self.tokens: dict[str, str] = {}
        self._log_in()

    def _set_aside(self) -> dict[int, dict]:
        """Put the province's grassroots returns aside; the typed values each gave."""
        ids = [pk for pk, _parent in self.units]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TABLE {SAVED} AS SELECT * FROM reports_return "
                "WHERE period_id = %s AND unit_id = ANY(%s)",
                [self.period.pk, ids],
            )
            cursor.execute(f'SELECT unit_id, "values" FROM {SAVED}')
            values = {unit: json.loads(v) if isinstance(v, str) else v for unit, v in cursor}
            cursor.execute(
                "DELETE FROM reports_return WHERE period_id = %s AND unit_id = ANY(%s)",
                [self.period.pk, ids],
            )
        return {pk: _typed(values.get(pk, {}), self.codes) for pk in ids}

    def _log_in(self) -> None:
        """An officer per grassroots union, an approver per district, an officer per
        province, each with a session (as after logging in) and the approvers with an
        API token."""
        from django.conf import settings
        from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
        from django.contrib.sessions.backends.db import SessionStore
        from django.contrib.sessions.models import Session
        from django.utils import timezone

        from congdoan.accounts.models import Role, User
        from congdoan.accounts.services import create_token

        wanted = [(f"{PREFIX}g{pk}", pk, "officer") for pk, _parent in self.units]
        wanted += [(f"{PREFIX}d{unit.pk}", unit.pk, "approver") for unit in self.districts]
        wanted += [(f"{PREFIX}p{unit.pk}", unit.pk, "officer") for unit in self.provinces]
        have = set(
            User.objects.filter(username__startswith=PREFIX).values_list("username", flat=True)
        )
        User.objects.bulk_create(
            [User(username=name, password="!") for name, _unit, _role in wanted if name not in have]
        )
        users = {u.username: u for u in User.objects.filter(username__startswith=PREFIX)}
        roled = set(
            Role.objects.filter(
                user__username__startswith=PREFIX, revoked_at__isnull=True
            ).values_list("user__username", flat=True)
        )
        Role.objects.bulk_create(
            [
                Role(user=users[name], unit_id=unit, role=role)
                for name, unit, role in wanted
                if name not in roled
            ]
        )
        store, expires = SessionStore(), timezone.now() + timedelta(hours=2)
        backend = settings.AUTHENTICATION_BACKENDS[0]
        sessions = []
        for name, _unit, _role in wanted:
            user = users[name]
            key = secrets.token_hex(16)
            data = {
                SESSION_KEY: str(user.pk),
                BACKEND_SESSION_KEY: backend,
                HASH_SESSION_KEY: user.get_session_auth_hash(),
            }
            sessions.append(
                Session(session_key=key, session_data=store.encode(data), expire_date=expires)
            )
            self.sessions[name] = key
        Session.objects.bulk_create(sessions, batch_size=2000)
        for unit in self.districts:
            name = f"{PREFIX}d{unit.pk}"
            self.tokens[name] = create_token(user=users[name], name="bench", days=1)[1]

    def end(self) -> None:
        """Log the run's officers out, put the returns back and let another run start."""
        from django.contrib.sessions.models import Session
        from django.utils import timezone

        from congdoan.accounts.models import ApiToken

        Session.objects.filter(session_key__in=self.sessions.values()).delete()
        ApiToken.objects.filter(user__username__startswith=PREFIX, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        put_back()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [RUSH_LOCK])


def _typed(given: dict, codes: list[str]) -> dict:
    """The values a union types: those its approved return gave."""
    return {code: given[code] for code in codes if code in given}


RUSH_LOCK = 73102026  # an advisory lock key: one rush at a time on a database


def _alone() -> None:
    """Hold the rush's lock for this process (released when it ends): a second run
    started meanwhile would put the first one's returns back under it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [RUSH_LOCK])
        if not cursor.fetchone()[0]:
            raise RuntimeError("another year-end rush is running on this database")


def put_back() -> None:
    """Put the approved returns set aside back in place of what the run made."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [SAVED])
        if cursor.fetchone()[0] is None:
            return
        cursor.execute(
            "DELETE FROM reports_return r USING (SELECT DISTINCT period_id, unit_id "
            f"FROM {SAVED}) s WHERE r.period_id = s.period_id AND r.unit_id = s.unit_id"
        )
        cursor.execute(f"INSERT INTO reports_return SELECT * FROM {SAVED}")
        cursor.execute(f"DROP TABLE {SAVED}")


# --- the simulated officers ------------------------------------------------------------


class Browser:
    """One officer's connection: their session cookie, and a record of each request."""

    def __init__(self, port: int, scene: Scene, results: list, user: str):
        self.port, self.scene, self.results = port, scene, results
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.as_user(user)

    def as_user(self, user: str) -> None:
        self.user = user
        self.cookie = f"sessionid={self.scene.sessions[user]}; csrftoken={self.scene.csrf}"

    def request(self, kind, method, path, *, expect=(200,), form=None, api=False, body=None):
        headers = {"Host": "127.0.0.1"}
        if api and self.user in self.scene.tokens:
            headers["Authorization"] = f"Bearer {self.scene.tokens[self.user]}"
        else:
            headers["Cookie"] = self.cookie
        if form is not None:
            body = urlencode({**form, "csrfmiddlewaretoken": self.scene.csrf})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            body = json.dumps(body)
            headers["Content-Type"] = "application/json"
        began = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
            status = response.status
            if response.getheader("Connection", "").lower() == "close":
                self.connection.close()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            status, content = 0, b""
        self.results.append((kind, (time.perf_counter() - began) * 1000, status, status in expect))
        return status, content


class Run:
    """What the clients share: the deadline, the unions still to answer, what was done."""

    def __init__(self, port: int, scene: Scene, seconds: float):
        self.port, self.scene = port, scene
        self.deadline = time.perf_counter() + seconds
        order = list(scene.units)
        random.Random(11).shuffle(order)
        self.to_answer = deque(order)
        self.submitted: dict[int, dict] = {}  # unit → values, for each 302 of a submit
        self.waiting: dict[int, deque] = defaultdict(deque)  # district → units submitted
        self.approved: set[int] = set()
        self.results: list = []

    def going(self) -> bool:
        return time.perf_counter() < self.deadline

    def grassroots(self, index: int) -> None:
        scene, period = self.scene, self.scene.period.pk
        browser = None
        while self.going():
            try:
                unit, district = self.to_answer.popleft()
            except IndexError:
                return
            user = f"{PREFIX}g{unit}"
            if browser is None:
                browser = Browser(self.port, scene, self.results, user)
            browser.as_user(user)
            page = f"/returns/{period}/{unit}/"
            browser.request("return page (grassroots)", "GET", page)
            values = scene.values[unit]
            form = {"action": "submit", "version": "1"}
            form.update((f"v_{code}", _form_value(value)) for code, value in values.items())
            status, _content = browser.request(
                "submit a return (form)", "POST", page, form=form, expect=(302,)
            )
            if status == 302:
                self.submitted[unit] = values
                self.waiting[district].append(unit)
            browser.request("return page (grassroots)", "GET", page)

    def district(self, index: int) -> None:
        scene, period = self.scene, self.scene.period.pk
        districts = scene.districts[index :: max(1, self._count("district"))] or scene.districts
        browser = Browser(self.port, scene, self.results, f"{PREFIX}d{districts[0].pk}")
        turn = 0
        while self.going():
            unit = districts[turn % len(districts)]
            turn += 1
            browser.as_user(f"{PREFIX}d{unit.pk}")
            browser.request("dashboard (district)", "GET", f"/returns/dashboard/?unit={unit.pk}")
            if turn % 3 == 0:
                browser.request("return page (district)", "GET", f"/returns/{period}/{unit.pk}/")
            waiting = self.waiting[unit.pk]
            for _ in range(min(len(waiting), 5)):
                member_unit = waiting.popleft()
                status, content = browser.request(
                    "read a return (API)",
                    "GET",
                    f"/api/v1/returns?period={period}&unit={member_unit}",
                    api=True,
                )
                if status != 200:
                    continue
                ret = json.loads(content)
                status, _content = browser.request(
                    "approve a return (API)",
                    "POST",
                    f"/api/v1/returns/{ret['id']}/approve",
                    api=True,
                )
                if status == 200:
                    self.approved.add(member_unit)
            browser.request(
                "roll-up (API, district)",
                "GET",
                f"/api/v1/returns/rollup?period={period}&unit={unit.pk}",
                api=True,
            )

    def province(self, index: int) -> None:
        scene = self.scene
        rng = random.Random(index)
        browser = Browser(self.port, scene, self.results, f"{PREFIX}p{scene.province.pk}")
        turn = 0
        while self.going():
            province = scene.province if turn % 2 == 0 else rng.choice(scene.provinces)
            turn += 1
            browser.as_user(f"{PREFIX}p{province.pk}")
            browser.request(
                "dashboard (province)", "GET", f"/returns/dashboard/?unit={province.pk}"
            )
            browser.request(
                "return page (province)",
                "GET",
                f"/returns/{scene.period.pk}/{province.pk}/",
            )
            if turn % 4 == 0:
                browser.as_user(f"{PREFIX}p{scene.province.pk}")
                district = rng.choice(scene.districts)
                browser.request(
                    "year-end report .docx (district)",
                    "GET",
                    f"/returns/year-end/{district.pk}/?year=2026&download=1",
                )

    def search(self, index: int) -> None:
        scene = self.scene
        rng = random.Random(100 + index)
        browser = Browser(self.port, scene, self.results, f"{PREFIX}p{scene.province.pk}")
        while self.going():
            province = rng.choice(scene.provinces)
            browser.as_user(f"{PREFIX}p{province.pk}")
            term = rng.choice(SEARCHES)
            browser.request("member search (page)", "GET", f"/members/?{urlencode({'q': term})}")

    def _count(self, role: str) -> int:
        return max(1, round(CLIENTS * MIX[role]))


def _form_value(value) -> str:
    """A value as the return page's form sends it."""
    if isinstance(value, bool):
        return "có" if value else "không"
    return str(value)


def _warm(port: int, scene: Scene, workers: int) -> None:
    """Every worker loads its code and templates before the count starts, as a server
    that has been up a while has: the officers' work for a few seconds (nothing is
    submitted), and a year-end report from each worker at once (the first one a worker
    draws loads the charting library, a second or two)."""
    warm = Run(port, scene, 5)
    warm.to_answer.clear()
    threads = _clients(warm)
    user = f"{PREFIX}p{scene.province.pk}"
    for district in scene.districts[:workers]:
        path = f"/returns/year-end/{district.pk}/?year=2026&download=1"
        browser = Browser(port, scene, [], user)
        threads.append(threading.Thread(target=browser.request, args=("warm", "GET", path)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _vacuumed() -> str:
    """Vacuum the tables the rush reads most, as autovacuum does after large writes
    (the bench's rolled-back imports and the returns just made leave dead rows, which
    made the rush up to a third slower): what was there before."""
    tables = [
        "members_member",
        "members_memberevent",
        "members_historicalmember",
        "reports_return",
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sum(n_dead_tup) FROM pg_stat_user_tables WHERE relname = ANY(%s)", [tables]
        )
        (dead,) = cursor.fetchone()
        started = time.perf_counter()
        for table in tables:
            cursor.execute(f"VACUUM (ANALYZE) {table}")
    return (
        f"dead rows in the member, history, event and return tables: {dead or 0:,}, "
        f"vacuumed in {time.perf_counter() - started:.0f} s"
    )


def _clients(run: Run) -> list[threading.Thread]:
    threads = []
    for role in MIX:
        work = getattr(run, role)
        threads += [threading.Thread(target=work, args=(i,)) for i in range(run._count(role))]
    return threads


def _static_load(port: int, seconds: float, clients: int) -> list:
    results: list = []
    deadline = time.perf_counter() + seconds

    def client():
        connection_ = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            try:
                connection_.request("GET", STATIC, headers={"Host": "127.0.0.1"})
                response = connection_.getresponse()
                response.read()
                status = response.status
                connection_.close()
            except (OSError, http.client.HTTPException):
                connection_.close()
                status = 0
            results.append(("static", (time.perf_counter() - began) * 1000, status, status == 200))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


# --- the figures and the check ---------------------------------------------------------


def _percentile(times: list[float], share: float) -> float:
    return times[min(len(times) - 1, int(len(times) * share))]


def _show(label: str, results: list, seconds: float) -> None:
    times = sorted(ms for _kind, ms, _status, _ok in results)
    failed = sum(1 for *_rest, ok in results if not ok)
    print(
        f"  {label:<40} {len(results) / seconds:7.1f} req/s  p50 {statistics.median(times):6.0f}"
        f"  p95 {_percentile(times, 0.95):6.0f}  p99 {_percentile(times, 0.99):6.0f} ms"
        f"  errors {failed}"
    )


def _checked(run: Run) -> list[str]:
    """What the database says against what the clients saw: the problems found."""
    from congdoan.core.models import AuditLog
    from congdoan.reports.models import Return, ReturnStatus

    problems = []
    period = run.scene.period
    units = [pk for pk, _parent in run.scene.units]
    returns = Return.objects.filter(period=period, unit_id__in=units)
    doubled = returns.values("unit_id").annotate(n=Count("id")).filter(n__gt=1).count()
    if doubled:
        problems.append(f"{doubled} unions have more than one return")
    found = {ret.unit_id: ret for ret in returns}
    for unit, values in run.submitted.items():
        ret = found.get(unit)
        if ret is None or ret.status not in (ReturnStatus.SUBMITTED, ReturnStatus.APPROVED):
            problems.append(f"union {unit}: submitted, but the database has {ret and ret.status}")
            continue
        if ret.values != values:
            problems.append(f"union {unit}: the values kept are not those sent")
    for unit in run.approved:
        if found.get(unit) is None or found[unit].status != ReturnStatus.APPROVED:
            problems.append(f"union {unit}: approved, but not in the database")
    unexpected = [
        unit
        for unit, ret in found.items()
        if ret.status in (ReturnStatus.SUBMITTED, ReturnStatus.APPROVED)
        and unit not in run.submitted
    ]
    if unexpected:
        problems.append(f"{len(unexpected)} returns submitted that no client saw succeed")
    ids = [str(ret.pk) for ret in found.values()]
    for action, expected in (("reports.submit", run.submitted), ("reports.approve", run.approved)):
        logged = AuditLog.objects.filter(action=action, object_id__in=ids).count()
        if logged != len(expected):
            problems.append(f"{logged} {action} audit rows for {len(expected)} done")
    return problems


def run(line) -> None:
    workers = deployed_workers()
    print(
        f"\nYear-end rush: {CLIENTS} officers at once for {SECONDS} s, gunicorn with "
        f"{workers} workers (the operations guide's count), {os.cpu_count()} cores shared by "
        "server, database and load"
    )
    scene = Scene()
    print(
        f"  {len(scene.units):,} grassroots unions of {scene.province.name} answer the "
        f"2026 return; {len(scene.districts)} districts approve"
    )
    print(f"  {_vacuumed()}")
    port = _free_port()
    server = _serve(port, workers)
    try:
        _warm(port, scene, workers)
        static = _static_load(port, 10, CLIENTS)
        _show("static file (baseline, same server)", static, 10)
        rush = Run(port, scene, SECONDS)
        threads = _clients(rush)
        before = time.process_time()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        load_cpu = (time.process_time() - before) / SECONDS
        by_kind = defaultdict(list)
        for result in rush.results:
            by_kind[result[0]].append(result)
        for kind in sorted(by_kind):
            _show(kind, by_kind[kind], SECONDS)
        _show("all requests (mixed)", rush.results, SECONDS)
        print(f"  (the load itself used {load_cpu:.0%} of a core)   target ≥ 100 req/s, p95 ≤ 500")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    problems = _checked(rush)
    print(
        f"  database afterwards: {len(rush.submitted):,} returns submitted, "
        f"{len(rush.approved):,} approved; "
        + ("every one there once, as sent" if not problems else "; ".join(problems[:10]))
    )
    scene.end()
