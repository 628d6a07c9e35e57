"""Recording meetings and agreements: what is refused (with the field named, nothing
kept), what is warned, the version that stops two officers overwriting each other, the
history and audit rows; an agreement's state from its dates, its replacement, amendments
and its grade from the year's criteria."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from congdoan.core.errors import ConflictError
from congdoan.core.models import AuditLog
from congdoan.meetings import services
from congdoan.meetings.duties import duties, expiring
from congdoan.meetings.models import (
    AgreementCriterion,
    AgreementStatus,
    CollectiveAgreement,
    Meeting,
)


def _spec(kind, **extra):
    return services.MeetingSpec(kind=kind, held_on=extra.pop("held_on", date(2026, 3, 1)), **extra)


def _code(exc: ValidationError) -> tuple[str, str]:
    field, errors = next(iter(exc.error_dict.items()))
    return field, errors[0].code


def test_a_meeting_is_recorded_with_its_lists_audit_and_history(tree, bob, conference):
    assert conference.title == "Hội nghị cán bộ, công chức, viên chức năm 2026"
    assert conference.year == 2026
    assert [g.name for g in conference.guests.all()] == ["Nguyễn Văn Hùng"]
    assert [(r.number, r.text) for r in conference.resolutions.all()] == [
        (1, "Thực hiện quy chế chi tiêu nội bộ"),
        (2, "Tổ chức tham quan hè"),
    ]
    assert AuditLog.objects.filter(action="meetings.record", object_id=str(conference.pk)).exists()
    updated = services.update_meeting(
        actor=bob,
        meeting=conference,
        spec=_spec(conference.kind, held_on=date(2026, 2, 11), present=46, expected=48),
        version=conference.version,
    )
    assert updated.held_on == date(2026, 2, 11) and updated.guests.count() == 0
    assert conference.history.count() == 2
    # the stale version of the first edit is refused; nothing changes
    with pytest.raises(ConflictError):
        services.update_meeting(
            actor=bob,
            meeting=conference,
            spec=_spec(conference.kind, present=1),
            version=conference.version,
        )
    assert Meeting.objects.get(pk=conference.pk).present == 46


@pytest.mark.parametrize(
    ("extra", "field", "code"),
    [
        ({"held_on": date(2099, 1, 1)}, "held_on", "future"),
        ({"expected": 10, "present": 11}, "present", "present_above_expected"),
        ({"year": 2020}, "year", "year_far"),
        ({"term_from": 2025, "term_to": 2030}, "term_from", "not_congress"),
        ({"guests": [("", "Chủ tịch", "")]}, "guests", "required"),
        ({"resolutions": ["  "]}, "resolutions", "required"),
    ],
)
def test_bad_input_names_the_field_and_keeps_nothing(tree, bob, kind, extra, field, code):
    with pytest.raises(ValidationError) as caught:
        services.record_meeting(actor=bob, unit=tree.le_loi, spec=_spec(kind("hn-nld"), **extra))
    assert _code(caught.value) == (field, code)
    assert not Meeting.objects.exists()


def test_only_an_officer_of_the_union_records_its_meetings(tree, charlie, kind):
    with pytest.raises(PermissionDenied):
        services.record_meeting(actor=charlie, unit=tree.le_loi, spec=_spec(kind("hn-cbccvc")))


def test_the_form_rule_is_a_warning_not_a_refusal(tree, bob, kind):
    meeting = services.record_meeting(
        actor=bob, unit=tree.le_loi, spec=_spec(kind("hn-cbccvc"), expected=120, present=110)
    )
    assert "100" in meeting.form_warning() and "NĐ 59/2023" in meeting.form_warning()
    meeting.form, meeting.expected = "delegates", 40
    assert "100" in meeting.form_warning()
    meeting.expected = 150
    assert meeting.form_warning() == ""


def test_a_congress_elects_members_of_its_own_union(tree, bob, kind, people):
    congress = services.record_meeting(
        actor=bob,
        unit=tree.le_loi,
        spec=_spec(
            kind("dai-hoi"),
            term_from=2025,
            term_to=2030,
            elected=[(people["hoa"], "chair"), (people["binh"], "executive")],
        ),
    )
    assert [(e.member.full_name, e.role) for e in congress.elected.all()] == [
        (people["hoa"].full_name, "chair"),
        (people["binh"].full_name, "executive"),
    ]
    outsider = people["minh"]  # a member of May, the sibling
    assert not outsider.unit_path.startswith(tree.le_loi.path)
    with pytest.raises(ValidationError) as caught:
        services.record_meeting(
            actor=bob,
            unit=tree.le_loi,
            spec=_spec(kind("dai-hoi"), elected=[(outsider, "chair")]),
        )
    assert _code(caught.value) == ("elected", "not_member_here")


def test_an_agreement_state_follows_its_dates(agreement):
    assert agreement.status_on(date(2026, 1, 10)) == AgreementStatus.SIGNED
    assert agreement.status_on(date(2026, 6, 1)) == AgreementStatus.IN_FORCE
    assert agreement.status_on(date(2028, 2, 1)) == AgreementStatus.EXPIRED
    assert list(CollectiveAgreement.objects.in_force_on(date(2027, 1, 1))) == [agreement]
    assert not CollectiveAgreement.objects.in_force_on(date(2028, 1, 15)).exists()


@pytest.mark.parametrize(
    ("extra", "field", "code"),
    [
        ({"tax_code": "12345"}, "tax_code", "invalid"),
        ({"effective_to": date(2030, 1, 20)}, "effective_to", "term_too_long"),
        ({"effective_to": date(2026, 1, 1)}, "effective_to", "dates_order"),
        ({"signed_on": None}, "effective_to", "dates_missing"),
        ({"employer": " "}, "employer", "required"),
    ],
)
def test_a_bad_agreement_is_refused(tree, charlie, extra, field, code):
    spec = services.AgreementSpec(
        employer="Công ty May",
        signed_on=date(2026, 1, 5),
        effective_from=date(2026, 1, 15),
        effective_to=date(2027, 1, 14),
    )
    for name, value in extra.items():
        setattr(spec, name, value)
    with pytest.raises(ValidationError) as caught:
        services.record_agreement(actor=charlie, unit=tree.may, spec=spec)
    assert _code(caught.value) == (field, code)
    assert not CollectiveAgreement.objects.exists()


def test_a_new_agreement_replaces_the_old_one_which_is_kept(tree, charlie, agreement):
    renewed = services.record_agreement(
        actor=charlie,
        unit=tree.may,
        spec=services.AgreementSpec(
            employer=agreement.employer,
            signed_on=date(2026, 6, 1),
            effective_from=date(2026, 7, 1),
            effective_to=date(2029, 6, 30),
            replaces=agreement,
        ),
    )
    agreement.refresh_from_db()
    assert agreement.replaced_on == date(2026, 7, 1)
    assert agreement.status_on(date(2026, 8, 1)) == AgreementStatus.REPLACED
    assert list(CollectiveAgreement.objects.in_force_on(date(2026, 8, 1))) == [renewed]
    with pytest.raises(ValidationError):
        services.record_agreement(
            actor=charlie,
            unit=tree.may,
            spec=services.AgreementSpec(
                employer="x",
                signed_on=date(2026, 6, 1),
                effective_from=date(2026, 7, 1),
                effective_to=date(2027, 6, 30),
                replaces=agreement,
            ),
        )


def test_amendments_are_dated_and_audited(charlie, agreement):
    services.amend(actor=charlie, agreement=agreement, on=date(2026, 9, 1), summary="Phụ cấp")
    assert [a.summary for a in agreement.amendments.all()] == ["Phụ cấp"]
    assert AuditLog.objects.filter(action="agreements.amend").count() == 1
    with pytest.raises(ValidationError):
        services.amend(actor=charlie, agreement=agreement, on=date(2025, 1, 1), summary="x")


def test_the_level_above_grades_by_the_years_criteria(tree, charlie, alice, agreement):
    criteria = services.criteria_for(2026)
    assert sum(c.points for c in criteria) == 100
    full = {c.pk: c.points for c in criteria}
    with pytest.raises(PermissionDenied):  # the union does not grade its own agreement
        services.grade(actor=charlie, agreement=agreement, year=2026, points=full)
    graded = services.grade(actor=alice, agreement=agreement, year=2026, points=full)
    assert graded.grade == "A" and graded.graded_year == 2026
    # 79 points is a B, 49 a C: the thresholds of the year
    points = dict(full)
    points[criteria[0].pk] -= 21
    assert services.grade(actor=alice, agreement=agreement, year=2026, points=points).grade == "B"
    points = {c.pk: 0 for c in criteria}
    points[criteria[0].pk] = 25
    points[criteria[1].pk] = 15
    points[criteria[5].pk] = 9
    assert services.grade(actor=alice, agreement=agreement, year=2026, points=points).grade == "C"
    with pytest.raises(ValidationError):
        services.grade(
            actor=alice,
            agreement=agreement,
            year=2026,
            points={**full, criteria[0].pk: criteria[0].points + 1},
        )
    # a later year without its own table uses the latest before it
    AgreementCriterion.objects.filter(year=2027).delete()
    assert {c.year for c in services.criteria_for(2028)} == {2026}


def test_a_sector_agreement_covers_grassroots_unions_under_its_signer(tree, alice, charlie):
    sector = services.record_agreement(
        actor=alice,
        unit=tree.kh,
        spec=services.AgreementSpec(
            employer="Hiệp hội Dệt may Khánh Hòa",
            signed_on=date(2026, 2, 1),
            effective_from=date(2026, 3, 1),
            effective_to=date(2029, 2, 28),
            covers=[tree.may, tree.cang],
        ),
    )
    # a covered union sees the agreement; a union outside it does not
    assert CollectiveAgreement.objects.visible_to(charlie).filter(pk=sector.pk).exists()
    with pytest.raises(ValidationError) as caught:
        services.record_agreement(
            actor=alice,
            unit=tree.kh,
            spec=services.AgreementSpec(employer="x", covers=[tree.hn_school]),
        )
    assert _code(caught.value) == ("covers", "outside")


def test_reminders_list_agreements_ending_within_60_days(tree, alice, bob, agreement):
    assert list(expiring(alice, tree.kh, date(2027, 11, 20))) == [agreement]
    assert list(expiring(alice, tree.kh, date(2027, 11, 1))) == []
    assert list(expiring(bob, tree.kh, date(2027, 11, 20))) == []  # not in bob's scope


def test_duties_list_the_unions_that_have_not_yet_held_their_conference(
    tree, bob, kind, conference
):
    found = {d.kind.code: d for d in duties(tree.kh, date(2026, 4, 2))}
    # Lê Lợi is the one public-service union under Khánh Hòa, and held it in February
    assert found["hn-cbccvc"].expected == 1 and found["hn-cbccvc"].missing == 0
    # May (an enterprise; Cảng names no sector) owes the workers' conference, not yet late
    workers = found["hn-nld"]
    assert (workers.expected, workers.missing, workers.overdue) == (1, 1, False)
    assert [u.code for u in workers.units] == ["CDCS-MAY"]
    later = {d.kind.code: d for d in duties(tree.kh, date(2027, 4, 2))}
    assert later["hn-cbccvc"].missing == 1 and later["hn-cbccvc"].overdue


def test_an_edit_that_stops_replacing_puts_the_old_agreement_back_in_force(
    tree, charlie, agreement
):
    spec = services.AgreementSpec(
        employer=agreement.employer,
        signed_on=date(2026, 6, 1),
        effective_from=date(2026, 7, 1),
        effective_to=date(2029, 6, 30),
        replaces=agreement,
    )
    renewed = services.record_agreement(actor=charlie, unit=tree.may, spec=spec)
    spec.replaces = None
    services.update_agreement(actor=charlie, agreement=renewed, spec=spec, version=renewed.version)
    agreement.refresh_from_db()
    assert agreement.replaced_on is None
    assert agreement.status_on(date(2026, 8, 1)) == AgreementStatus.IN_FORCE
    with pytest.raises(ValidationError) as caught:  # digits of another script are refused
        services.record_agreement(
            actor=charlie,
            unit=tree.may,
            spec=services.AgreementSpec(employer="x", tax_code="٤٢٠٠١٢٣٤٥٦"),
        )
    assert _code(caught.value) == ("tax_code", "invalid")
