"""The meetings issue's targets: the national roll-up of the 2027 year-end return, whose
workplace-democracy figures are computed from the records (conferences held, agreements
in force, new, amended and by grade, coverage), over every grassroots union beside the
same sums in raw SQL; and drafting the article of a province's year-end review.

The data: the conference each grassroots union's sector owes, a dialogue for half the
enterprises, an agreement for two enterprises in three; each union's approved return
carries the figures its records give (the recount the test suite checks on a small tree
is done here by SQL, once, and checked against the roll-up)."""

from __future__ import annotations

import time
from datetime import date

from django.db import connection

YEAR = 2027
ENTERPRISES = ["state_enterprise", "private_enterprise", "fdi"]


def _sectors() -> None:
    """The synthetic tree names no sector: give its grassroots unions a realistic mix."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE organizations_unit u SET sector = CASE u.id % 10
                WHEN 0 THEN 'public_service' WHEN 1 THEN 'public_service'
                WHEN 2 THEN 'public_service' WHEN 3 THEN 'public_service'
                WHEN 4 THEN 'private_enterprise' WHEN 5 THEN 'private_enterprise'
                WHEN 6 THEN 'private_enterprise' WHEN 7 THEN 'state_enterprise'
                WHEN 8 THEN 'fdi' ELSE 'other' END
            FROM organizations_unitkind k
            WHERE k.id = u.kind_id AND k.code = 'grassroots' AND u.sector = ''"""
        )
        cursor.execute("ANALYZE organizations_unit")


def _records() -> int:
    """Meetings and agreements for the grassroots unions (made once)."""
    from congdoan.meetings.models import CollectiveAgreement, Meeting, MeetingKind

    made = Meeting.objects.filter(place="bench").count()
    if made:
        return made
    if not MeetingKind.objects.exists():  # the data build truncates units and what hangs on them
        import importlib

        from django.apps import apps

        importlib.import_module(
            "congdoan.meetings.migrations.0002_default_kinds_and_criteria"
        ).load(apps, None)
    started = time.perf_counter()
    _sectors()
    kinds = dict(MeetingKind.objects.values_list("code", "id"))
    with connection.cursor() as cursor:
        # the conference each sector owes, for 4 unions in 5; a dialogue for half the
        # enterprises
        cursor.execute(
            """
            INSERT INTO meetings_meeting (unit_id, kind_id, year, title, held_on, place, chairs,
                secretary, form, agenda, proceedings, next_theme, article_title, article_text,
                version, created_at)
            SELECT u.id, CASE WHEN u.sector = 'public_service' THEN %s ELSE %s END, %s,
                'Hội nghị năm ' || %s, %s::date + (u.id %% 80)::int, 'bench', '', '', 'full',
                '', '', '', '', '', 1, now()
            FROM organizations_unit u JOIN organizations_unitkind k ON k.id = u.kind_id
            WHERE k.code = 'grassroots' AND u.sector <> 'other' AND u.id %% 5 <> 0
            UNION ALL
            SELECT u.id, %s, %s, 'Đối thoại năm ' || %s, %s::date + (u.id %% 200)::int,
                'bench', '', '', 'full', '', '', '', '', '', 1, now()
            FROM organizations_unit u JOIN organizations_unitkind k ON k.id = u.kind_id
            WHERE k.code = 'grassroots' AND u.sector = ANY(%s) AND u.id %% 2 = 0""",
            [
                kinds["hn-cbccvc"], kinds["hn-nld"], YEAR, YEAR, date(YEAR, 1, 5),
                kinds["doi-thoai"], YEAR, YEAR, date(YEAR, 2, 1), ENTERPRISES,
            ],
        )  # fmt: skip
        # an agreement for two enterprises in three: graded A, B or C; a third signed
        # this year, the others the year before; one in ten amended this year
        cursor.execute(
            """
            INSERT INTO meetings_collectiveagreement (unit_id, employer, tax_code, number,
                signed_on, effective_from, effective_to, workers, grade, graded_year,
                replaced_on, notes, version, created_at)
            SELECT u.id, u.name, '', '',
                CASE WHEN u.id %% 3 = 0 THEN %s::date ELSE %s::date END,
                CASE WHEN u.id %% 3 = 0 THEN %s::date ELSE %s::date END,
                CASE WHEN u.id %% 3 = 0 THEN %s::date ELSE %s::date END,
                coalesce(u.workers, 50), (ARRAY['A', 'B', 'C'])[1 + u.id %% 3], %s, NULL,
                '', 1, now()
            FROM organizations_unit u JOIN organizations_unitkind k ON k.id = u.kind_id
            WHERE k.code = 'grassroots' AND u.sector = ANY(%s) AND u.id %% 3 <> 1""",
            [
                date(YEAR, 3, 1), date(YEAR - 1, 3, 1), date(YEAR, 3, 15),
                date(YEAR - 1, 3, 15), date(YEAR + 2, 3, 14), date(YEAR + 1, 3, 14),
                YEAR, ENTERPRISES,
            ],
        )  # fmt: skip
        cursor.execute(
            """
            INSERT INTO meetings_amendment (agreement_id, "on", summary, created_at)
            SELECT id, %s, 'Phụ cấp', now() FROM meetings_collectiveagreement
            WHERE id %% 10 = 0""",
            [date(YEAR, 9, 1)],
        )
        for table in ("meetings_meeting", "meetings_collectiveagreement", "meetings_amendment"):
            cursor.execute(f"ANALYZE {table}")
    made = Meeting.objects.filter(place="bench").count()
    print(
        f"  made {made:,} meetings and {CollectiveAgreement.objects.count():,} agreements "
        f"in {time.perf_counter() - started:.0f} s"
    )
    return made


# each union's own figures, as its return computes them, in one statement over the tree
OWN_FIGURES = """
WITH held AS (
    SELECT m.unit_id, bool_or(k.code = 'hn-cbccvc') AS cbccvc, bool_or(k.code = 'hn-nld') AS nld,
        bool_or(k.code = 'doi-thoai') AS dialogue
    FROM meetings_meeting m JOIN meetings_meetingkind k ON k.id = m.kind_id
    WHERE m.held_on BETWEEN %(start)s AND %(end)s GROUP BY m.unit_id),
agreed AS (
    SELECT a.unit_id,
        count(*) FILTER (WHERE a.effective_from <= %(end)s AND a.effective_to >= %(end)s)
            AS in_force,
        count(*) FILTER (WHERE a.effective_from <= %(end)s AND a.effective_to >= %(end)s
            AND a.grade = 'A') AS grade_a,
        count(*) FILTER (WHERE a.effective_from <= %(end)s AND a.effective_to >= %(end)s
            AND a.grade = 'B') AS grade_b,
        count(*) FILTER (WHERE a.signed_on BETWEEN %(start)s AND %(end)s) AS new,
        count(*) FILTER (WHERE EXISTS (SELECT 1 FROM meetings_amendment d
            WHERE d.agreement_id = a.id AND d."on" BETWEEN %(start)s AND %(end)s)) AS amended
    FROM meetings_collectiveagreement a GROUP BY a.unit_id)
SELECT u.id, jsonb_build_object(
    'members', coalesce(c.members, 0), 'female', coalesce(c.female, 0),
    'with_card', coalesce(c.with_card, 0),
    'cbccvc_conference', coalesce(h.cbccvc, false)::int,
    'worker_conference', coalesce(h.nld, false)::int,
    'dialogue', coalesce(h.dialogue, false)::int,
    'collective_agreement', coalesce(a.in_force, 0),
    'agreements_new', coalesce(a.new, 0),
    'agreements_amended', coalesce(a.amended, 0),
    'agreements_a', coalesce(a.grade_a, 0),
    'agreements_b', coalesce(a.grade_b, 0),
    'covered_grassroots', (u.sector IN ('state_enterprise', 'private_enterprise', 'fdi')
        AND coalesce(a.in_force, 0) > 0)::int,
    'enterprise_grassroots', (u.sector IN ('state_enterprise', 'private_enterprise', 'fdi'))::int)
    AS figures
FROM organizations_unit u
JOIN organizations_unitkind k ON k.id = u.kind_id AND k.code = 'grassroots'
LEFT JOIN members_unitmembercount c ON c.unit_id = u.id
LEFT JOIN held h ON h.unit_id = u.id
LEFT JOIN agreed a ON a.unit_id = u.id"""


def _period():
    """The 2027 year-end period at the root, with an approved return from every union
    carrying its own recorded figures (made once)."""
    from congdoan.organizations.models import Unit
    from congdoan.reports.models import Period, Return, ReturnTemplate

    root = Unit.objects.get(depth=1)
    template = ReturnTemplate.objects.get(code="tong-ket-nam", year=YEAR)
    period, _created = Period.objects.get_or_create(
        template=template,
        unit=root,
        year=YEAR,
        number=1,
        defaults={
            "starts_on": date(YEAR, 1, 1),
            "ends_on": date(YEAR, 12, 31),
            "deadline": date(YEAR + 1, 1, 15),
        },
    )
    if Return.objects.filter(period=period).exists():
        return root, period
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO reports_return (period_id, unit_id, revision, status, "values",
                computed, corrections, reason, version, created_at, submitted_at, decided_at)
            SELECT %(period)s, own.id, 1, 'approved', '{{}}'::jsonb, own.figures,
                '{{}}'::jsonb, '', 1, now(), now(), now()
            FROM ({OWN_FIGURES}) own""",
            {"period": period.pk, "start": period.starts_on, "end": period.ends_on},
        )
        cursor.execute("ANALYZE reports_return")
    count = Return.objects.filter(period=period).count()
    print(f"  made {count:,} approved {YEAR} returns in {time.perf_counter() - started:.0f} s")
    return root, period


RAW = """
SELECT count(*),
    sum((computed->>'cbccvc_conference')::float), sum((computed->>'worker_conference')::float),
    sum((computed->>'dialogue')::float), sum((computed->>'collective_agreement')::float),
    sum((computed->>'agreements_new')::float), sum((computed->>'agreements_amended')::float),
    sum((computed->>'agreements_a')::float), sum((computed->>'agreements_b')::float),
    sum((computed->>'covered_grassroots')::float),
    sum((computed->>'enterprise_grassroots')::float), sum((computed->>'members')::float)
FROM reports_return r JOIN organizations_unit u ON u.id = r.unit_id
WHERE r.period_id = %s AND r.status IN ('submitted', 'approved') AND u.path LIKE %s"""

RECOUNT = """
SELECT
    (SELECT count(DISTINCT m.unit_id) FROM meetings_meeting m JOIN meetings_meetingkind k
        ON k.id = m.kind_id WHERE k.code = 'hn-nld' AND m.held_on BETWEEN %(start)s AND %(end)s),
    (SELECT count(*) FROM meetings_collectiveagreement
        WHERE effective_from <= %(end)s AND effective_to >= %(end)s)"""


def run(line, timed) -> None:
    from congdoan.meetings import article, services
    from congdoan.meetings.models import MeetingKind
    from congdoan.organizations.models import Unit
    from congdoan.reports.services import rollup

    _records()
    root, period = _period()
    rollup(unit=root, period=period)  # warm: not timed
    app = timed(lambda i: rollup(unit=root, period=period), 10)

    def raw_sums(i):
        with connection.cursor() as cursor:
            cursor.execute(RAW, [period.pk, root.path + "%"])
            cursor.fetchall()

    raw = timed(raw_sums, 10)
    line(f"roll-up, {YEAR} return (democracy computed)", app, raw, "≤ 1 s")
    values = rollup(unit=root, period=period)["values"]
    with connection.cursor() as cursor:
        cursor.execute(RECOUNT, {"start": period.starts_on, "end": period.ends_on})
        workers, in_force = cursor.fetchone()
    assert (values["worker_conference"], values["collective_agreement"]) == (workers, in_force)
    print(
        f"{'':<44} {values['cbccvc_conference']:,} held the CBCCVC conference, "
        f"{values['worker_conference']:,} the workers' conference (= a recount); "
        f"{values['collective_agreement']:,} agreements in force (= a recount), coverage "
        f"{values['agreement_coverage']} %"
    )
    province = Unit.objects.filter(depth=2).order_by("-numchild", "path").first()
    review = services.record_meeting(
        actor=None,
        unit=province,
        spec=services.MeetingSpec(
            kind=MeetingKind.objects.get(code="tong-ket"),
            held_on=date.today(),
            year=YEAR,
            place="Hội trường",
            guests=[("Nguyễn Văn A", "Phó Chủ tịch", "Tổng Liên đoàn Lao động Việt Nam")],
        ),
    )
    under = Unit.objects.filter(path__startswith=province.path, kind__code="grassroots").count()
    try:
        article.draft(review)  # warm
        app = timed(lambda i: article.draft(review), 10)

        def raw_province(i):
            with connection.cursor() as cursor:
                cursor.execute(RAW, [period.pk, province.path + "%"])
                cursor.fetchall()

        raw = timed(raw_province, 10)
        line(f"article of a province's review ({under:,} CĐCS)", app, raw, "≤ 1 s")
        drafted = article.draft(review)
        print(f"{'':<44} {len(drafted.figures)} figures stated from {drafted.reported:,} returns")
    finally:
        review.guests.all().delete()
        review.history.all().delete()
        review.delete()
