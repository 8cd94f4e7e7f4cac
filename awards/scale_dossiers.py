"""Awards' dossiers for ``seed_scale``: every provincial and ministry unit proposes its best
staff to the Minister each year — Chiến sĩ thi đua Bộ for a few, Bằng khen of the Minister
for more, and Bằng khen for the unit itself — about two thousand recipients a year at scale 1.

Past years' dossiers are decided (number and date of the Minister's decision); the last
year's are spread over the office's steps (received, checked, before the council) with an
officer and a due date, so the emulation office's inbox is full, and a tenth are still
being prepared by their units. One unit in ``SENT_UP_EVERY`` also proposes itself for the
Prime Minister's Bằng khen: sent up by the Ministry's tờ trình, decided by the Prime Minister
in past years and awaiting the outcome in the last. The first Cục Thi hành án dân sự proposes ``LARGE_DOSSIER``
of its staff that year (the benchmarks' big dossier). Reads the persons the people loader
left in ``plan.persons``.
"""

import datetime

from django.contrib.auth import get_user_model

from emulation.models import Title, Unit

from .dossiers import AwardLevel, Dossier, DossierLine

MINISTER_STAFF = "chien-si-thi-dua-bo-nganh"
COMMENDATION = "bang-khen-bo-truong"
PROPOSING_TYPES = (Unit.Type.JUSTICE_DEPARTMENT, Unit.Type.ENFORCEMENT_PROVINCE, Unit.Type.MINISTRY_UNIT)
STAFF_FOR_CSTD = 3
STAFF_FOR_COMMENDATION = 16
LARGE_DOSSIER = 200
PRIME_MINISTER_COMMENDATION = "bang-khen-thu-tuong"
SENT_UP_EVERY = 20  # one proposing unit in twenty also proposes itself to the Prime Minister
OPEN_STATES = [Dossier.State.RECEIVED, Dossier.State.CHECKED, Dossier.State.AT_COUNCIL]
SUMMARY = "Năm {year} hoàn thành xuất sắc nhiệm vụ được giao; tích cực hưởng ứng phong trào thi đua của ngành."


def load(plan):
    codes = [MINISTER_STAFF, COMMENDATION, PRIME_MINISTER_COMMENDATION]
    titles = dict(Title.objects.filter(code__in=codes).values_list("code", "pk"))
    units = [u for u in plan.units.values() if u.type in PROPOSING_TYPES and plan.persons.get(u.id)]
    if len(titles) < 3 or not units:
        return
    existing = Dossier.objects.filter(unit_id__in=[u.id for u in units])
    taken = set(existing.filter(level=AwardLevel.MINISTRY).values_list("unit_id", "year"))
    taken_higher = set(existing.exclude(level=AwardLevel.MINISTRY).values_list("unit_id", "year"))
    office = Unit.objects.filter(is_emulation_office=True).values_list("pk", flat=True).first()
    officer = get_user_model().objects.filter(is_staff=True).values_list("pk", flat=True).first()
    dossiers, lines = [], []
    units.sort(key=lambda unit: unit.id)
    wanted = [(unit, year) for year in plan.years for unit in units if (unit.id, year) not in taken]
    for (unit, year), pk in zip(wanted, plan.ids(Dossier, len(wanted)), strict=True):
        dossier = _dossier(plan, pk, unit, year, office, officer)
        dossiers.append(dossier)
        lines += _lines(plan, dossier, unit, titles)
    higher = [(u, year) for year in plan.years for u in units[::SENT_UP_EVERY] if (u.id, year) not in taken_higher]
    for (unit, year), pk in zip(higher, plan.ids(Dossier, len(higher)), strict=True):
        dossiers.append(_sent_up(plan, pk, unit, year, office, officer))
        lines.append(_unit_line(dossiers[-1], unit, titles[PRIME_MINISTER_COMMENDATION], DossierLine.Verdict.ELIGIBLE))
    plan.insert(Dossier, dossiers)
    plan.insert(DossierLine, lines)
    plan.log(f"dossiers: {len(dossiers)} ({len(higher)} sent up), recipients: {len(lines)}")


def _sent_up(plan, pk, unit, year, office, officer):
    """The unit's proposal of itself for the Prime Minister's Bằng khen, sent up on 20/01."""
    dossier = Dossier(
        id=pk,
        unit_id=unit.id,
        year=year,
        level=AwardLevel.PRIME_MINISTER,
        subject=f"Đề nghị tặng Bằng khen của Thủ tướng Chính phủ năm {year}",
        created_by_id=plan.user_id,
        holder_id=office,
        officer_id=officer,
        state=Dossier.State.SENT_UP,
        sent_up_number=f"{100 + unit.id % 900}/TTr-BTP",
        sent_up_on=datetime.date(year + 1, 1, 20),
        submitted_at=datetime.datetime(year + 1, 1, 5, 9, tzinfo=datetime.UTC),
        sent_to_ministry_at=datetime.datetime(year + 1, 1, 5, 9, tzinfo=datetime.UTC),
    )
    if plan.is_past(year):
        dossier.state, dossier.holder_id = Dossier.State.DECIDED, None
        dossier.decision_number = f"{200 + unit.id % 700}/QĐ-TTg"
        dossier.decision_date = datetime.date(year + 1, 4, 15)
    return dossier


def _dossier(plan, pk, unit, year, office, officer):
    dossier = Dossier(
        id=pk,
        unit_id=unit.id,
        year=year,
        level=AwardLevel.MINISTRY,
        subject=f"Đề nghị khen thưởng năm {year}",
        created_by_id=plan.user_id,
        holder_id=unit.id,
    )
    rng = plan.rng("dossier", pk)
    if plan.is_past(year):
        dossier.state, dossier.holder_id = Dossier.State.DECIDED, None
        dossier.decision_number = f"{1000 + year % 100 * 10 + unit.id % 10}/QĐ-BTP"
        dossier.decision_date = datetime.date(year + 1, 3, 10)
        dossier.submitted_at = datetime.datetime(year + 1, 1, 10, 9, tzinfo=datetime.UTC)
    elif office is not None and (rng.random() >= 0.1 or _is_large(plan, unit)):
        dossier.state, dossier.holder_id, dossier.officer_id = rng.choice(OPEN_STATES), office, officer
        dossier.due_date = datetime.date(year + 1, 2, 1) + datetime.timedelta(days=rng.randint(0, 40))
        dossier.submitted_at = datetime.datetime(year + 1, 1, 10, 9, tzinfo=datetime.UTC)
    dossier.sent_to_ministry_at = dossier.submitted_at  # sent straight to the office, on the calendar's date
    return dossier


def _is_large(plan, unit):
    return len(plan.persons.get(unit.id, ())) >= LARGE_DOSSIER


def _lines(plan, dossier, unit, titles):
    staff = plan.persons[unit.id]
    rng = plan.rng("dossier-lines", dossier.pk)
    if _is_large(plan, unit) and not plan.is_past(dossier.year):
        chosen = staff[:LARGE_DOSSIER]
    else:
        chosen = rng.sample(staff, min(len(staff), STAFF_FOR_CSTD + STAFF_FOR_COMMENDATION))
    summary = SUMMARY.format(year=dossier.year)
    lines = [
        DossierLine(
            dossier_id=dossier.pk,
            person_id=person_id,
            position=position,
            title_id=titles[MINISTER_STAFF if index < STAFF_FOR_CSTD else COMMENDATION],
            achievement_summary=summary,
            verdict=_verdict(dossier),
        )
        for index, (person_id, _name, position, _born) in enumerate(chosen)
    ]
    lines.append(_unit_line(dossier, unit, titles[COMMENDATION], _verdict(dossier)))
    return lines


def _unit_line(dossier, unit, title_id, verdict):
    summary = SUMMARY.format(year=dossier.year)
    return DossierLine(
        dossier_id=dossier.pk, unit_id=unit.id, title_id=title_id, achievement_summary=summary, verdict=verdict
    )


def _verdict(dossier):
    checked = dossier.state in (Dossier.State.CHECKED, Dossier.State.AT_COUNCIL, Dossier.State.DECIDED)
    return DossierLine.Verdict.ELIGIBLE if checked else DossierLine.Verdict.PENDING
