"""Members with ten years of history: admission (unit and status periods, a timeline
event), transfers between branches (a second unit period), status changes (working far,
matured, struck off...), sensitive data and family for a share of them, and the
maintained per-unit counts computed on the way. Texts and sort keys are made by the
functions the member services use, so search and name order work on the result.

This is the hot loop of the generator (6.5 million members at scale 1): draws are plain
`random()` calls against cumulative tables, dates are day ordinals looked up in a table
of ISO strings, and the names' texts are computed once per distinct name.
"""

from __future__ import annotations

import datetime as dt
from array import array
from bisect import bisect_right

from django.utils import translation
from django.utils.translation import gettext

from chudong.core.text import fold, name_sort_key, split_full_name
from chudong.members.models import FORMER_STATUSES, MemberStatus
from chudong.members.services._common import clean_full_name

from .. import data
from ..loading import next_id
from ..world import ANCHOR, TIMESTAMP, MemberBlock, World

MEMBER_COLUMNS = (
    "id", "unit_id", "unit_path", "family_name", "middle_name", "given_name", "full_name",
    "full_name_folded", "sort_key", "sex", "date_of_birth", "birth_year_only", "hometown",
    "birthplace", "permanent_residence", "current_residence", "phone", "email", "national_id",
    "card_number", "education_level", "professional_qualification", "political_theory",
    "foreign_languages", "occupation", "workplace", "party_status", "party_date",
    "admission_date", "admission_place", "admission_decision", "is_honorary", "photo",
    "status", "status_since", "version", "created_at", "updated_at", "merged_into_id", "user_id",
)  # fmt: skip
UNIT_PERIOD_COLUMNS = ("id", "member_id", "unit_id", "start", '"end"', "reason", "note")
STATUS_PERIOD_COLUMNS = ("id", "member_id", "status", "start", '"end"', "reason")
EVENT_COLUMNS = (
    "id", "member_id", "kind", "date", "title", "detail", "unit_id", "actor_id", "source_type_id",
    "source_id", "created_at",
)  # fmt: skip
SENSITIVE_COLUMNS = (
    "member_id", "ethnicity", "religion", "health", "family_background", "family_notes",
    "version", "updated_at",
)  # fmt: skip
FAMILY_COLUMNS = (
    "id", "member_id", "relation", "full_name", "birth_year", "occupation", "workplace",
    "residence", '"order"',
)  # fmt: skip
COUNT_COLUMNS = ("unit_id", "unit_path", "active", "total")

# Status codes kept per member in World.status (one byte each).
STATUSES = [
    MemberStatus.ACTIVE, MemberStatus.TEMPORARY_ELSEWHERE, MemberStatus.WORKING_FAR,
    MemberStatus.MATURED, MemberStatus.STRUCK_OFF, MemberStatus.EXPELLED,
    MemberStatus.DECEASED, MemberStatus.TRANSFERRED_OUT,
]  # fmt: skip
STATUS_CODE = {status: index for index, status in enumerate(STATUSES)}
FORMER = {STATUS_CODE[s] for s in FORMER_STATUSES}
STATUS_REASONS = {
    MemberStatus.TEMPORARY_ELSEWHERE: "Sinh hoạt tạm thời nơi học tập, làm việc",
    MemberStatus.WORKING_FAR: "Đi làm ăn xa",
    MemberStatus.MATURED: "Trưởng thành Đoàn",
    MemberStatus.STRUCK_OFF: "Bỏ sinh hoạt 3 tháng không có lý do chính đáng",
    MemberStatus.EXPELLED: "Kỷ luật khai trừ",
    MemberStatus.DECEASED: "Từ trần",
    MemberStatus.TRANSFERRED_OUT: "Chuyển sinh hoạt Đoàn ra ngoài tỉnh",
}
# Chance per 1,000 members of a status other than active, by kind of union.
STATUS_PER_MILLE = {
    "commune": {"working_far": 45, "temporary_elsewhere": 10, "struck_off": 10,
                "transferred_out": 12, "deceased": 1, "expelled": 0.3},
    "university": {"temporary_elsewhere": 30, "struck_off": 5, "transferred_out": 8},
    "default": {"working_far": 3, "temporary_elsewhere": 5, "struck_off": 6,
                "transferred_out": 10, "deceased": 0.5, "expelled": 0.2},
}  # fmt: skip
OVER_AGE_SHARE = {"commune": 0.05, "agency": 0.05, "small-agency": 0.05, "enterprise": 0.03}
TRANSFER_SHARE = 0.10
SENSITIVE_SHARE = 0.40
FAMILY_SHARE = 0.08
PHONE_PREFIXES = ["09", "03", "08", "07", "05"]
GIVEN_OF_FAMILY = [("Văn", 5), ("Đức", 1), ("Quang", 1), ("Hữu", 1)]


class _Table:
    """Values with cumulative weights normalised to 1: `values[bisect(cum, random())]`."""

    __slots__ = ("cum", "values")

    def __init__(self, pairs):
        self.values = [v for v, _w in pairs]
        total = float(sum(w for _v, w in pairs))
        running = 0.0
        self.cum = []
        for _v, weight in pairs:
            running += weight
            self.cum.append(running / total)
        self.cum[-1] = 1.0 + 1e-9  # random() < 1: the last value always catches it

    def pick(self, r: float):
        return self.values[bisect_right(self.cum, r)]


# How a group's full names are put together.
PLAIN, GIVEN_FIRST, FAMILY_FIRST_PREFIX = 0, 1, 2


def name_spec(region: str, group: str, sex: str) -> tuple:
    """(pattern, families, middles, givens) for one ethnic group and sex."""
    spec = data.ETHNIC_NAMES.get(group, {})
    families = _Table(spec["family"] if "family" in spec else data.FAMILY[region])
    if spec.get("prefix"):
        givens = _Table([(g, 1) for g in data.HIGHLAND_GIVEN[sex]])
        pattern = FAMILY_FIRST_PREFIX if group == "Gia Rai" else GIVEN_FIRST
        return pattern, families, None, givens
    middles = _Table(spec["middle"][sex] if "middle" in spec else data.MIDDLE[sex])
    givens = _Table(spec["given"][sex] if "given" in spec else data.GIVEN[sex])
    return PLAIN, families, middles, givens


_TEXTS: dict[str, tuple[str, str, str, str, str, str]] = {}


def name_texts(full_name: str) -> tuple[str, str, str, str, str, str]:
    """(family, middle, given, full name, folded, sort key) exactly as
    members.services._common.apply_texts stores them; cached per distinct name."""
    texts = _TEXTS.get(full_name)
    if texts is None:
        clean = clean_full_name(full_name)
        family, middle, given = split_full_name(clean)
        texts = (family, middle, given, clean, fold(clean), name_sort_key(family, middle, given))
        _TEXTS[full_name] = texts
    return texts


def _status_table(key: str) -> _Table:
    rates = STATUS_PER_MILLE.get(key, STATUS_PER_MILLE["default"])
    pairs = [(STATUS_CODE[MemberStatus(s)], per_mille) for s, per_mille in rates.items()]
    pairs.append((0, 1000 - sum(per_mille for _s, per_mille in pairs)))
    return _Table(pairs)


def build_members(world: World) -> None:
    cursor = world.cursor
    sink = world.sink
    world.first_member_id = member_id = next_id(cursor, "members_member")
    ids = {
        "unit_period": next_id(cursor, "members_memberunitperiod"),
        "status_period": next_id(cursor, "members_memberstatusperiod"),
        "event": next_id(cursor, "members_memberevent"),
        "family": next_id(cursor, "members_familyrelation"),
    }
    out = {
        "member": sink.lines("members_member", MEMBER_COLUMNS),
        "unit_period": sink.lines("members_memberunitperiod", UNIT_PERIOD_COLUMNS),
        "status_period": sink.lines("members_memberstatusperiod", STATUS_PERIOD_COLUMNS),
        "event": sink.lines("members_memberevent", EVENT_COLUMNS),
        "sensitive": sink.lines("members_membersensitive", SENSITIVE_COLUMNS),
        "family": sink.lines("members_familyrelation", FAMILY_COLUMNS),
        "count": sink.lines("members_unitmembercount", COUNT_COLUMNS),
    }
    with translation.override("vi"):
        labels = {
            "registered": gettext("Registered in %(unit)s"),
            "moved": gettext("Moved from %(old)s to %(new)s"),
            "status": {
                status: gettext("Status: %(status)s") % {"status": status.label}
                for status in STATUSES
            },
        }
    world.admitted_on = array("i")
    world.status = array("b")
    branches_by_province: dict[int, list] = {}
    for branch in world.branches:
        branches_by_province.setdefault(branch.province, []).append(branch)
    for index, province in enumerate(data.PROVINCES):
        generator = _ProvinceMembers(
            world, province, index, branches_by_province.get(index, []), ids, out, labels
        )
        member_id = generator.run(member_id)
    world.log(f"  {world.member_count:,} members")


# Day ordinals of the dataset (birth days 40 years back to the anchor) as ISO text.
FIRST_DAY = ANCHOR.toordinal() - 366 * 40
DAYS = [dt.date.fromordinal(o).isoformat() for o in range(FIRST_DAY, ANCHOR.toordinal() + 1)]
Y2000 = dt.date(2000, 1, 1).toordinal()


class _ProvinceMembers:
    """Every member of one province, branch by branch, from its own random source."""

    def __init__(self, world, province, index, branches, ids, out, labels):
        self.world = world
        self.province = province
        self.branches = branches
        self.ids = ids
        self.out = out
        self.labels = labels
        self.rng = world.rng("members", province.code)
        groups = [group for group, _share in province.ethnic]
        self.groups = groups
        self.ethnic = _Table([(i, share) for i, (_g, share) in enumerate(province.ethnic)])
        # Name specs by group index * 2 + (1 for female).
        self.name_specs = [
            name_spec(province.region, group, sex) for group in groups for sex in ("male", "female")
        ]
        self.religion = _Table(data.RELIGIONS[province.region])
        self.health = _Table(data.HEALTH)
        self.background = _Table(data.FAMILY_BACKGROUND)
        self.qualification = _Table(data.QUALIFICATIONS)
        self.minority_heavy = dict(province.ethnic).get("Kinh", 0) < 0.7
        self.hometowns = [
            f"{data.HAMLET_WORD[province.region]} {a} {b}, {province.place}"
            for a, b in zip(data.PLACE_WORDS[::2], data.PLACE_WORDS[1::2], strict=False)
        ]
        neighbours = [p.place for p in data.PROVINCES if p.region == province.region]
        self.birthplaces = _Table([(province.place, 85)] + [(n, 1) for n in neighbours])
        self.national_ids = [0] * 400  # serial per (gender and century) × birth year
        self.cards = 0

    def run(self, member_id: int) -> int:
        for branch in self.branches:
            member_id = self.branch(branch, member_id)
            self.world.sink.maybe_flush()
        return member_id

    def branch(self, branch, member_id: int) -> int:
        world, out, ids, labels = self.world, self.out, self.ids, self.labels
        count = branch.weight if isinstance(branch.weight, int) else 0
        world.member_blocks.append(MemberBlock(branch, member_id, count))
        if count == 0:
            return member_id
        rnd = self.rng.random
        bis = bisect_right
        days = DAYS
        first_day = FIRST_DAY
        anchor = ANCHOR.toordinal()
        ten_years_ago = anchor - 3652
        key = branch.type
        low, high = data_ages(branch)
        span = high - low + 1
        over_age = OVER_AGE_SHARE.get(key, 0.0)
        statuses = _status_table(key)
        status_v, status_c = statuses.values, statuses.cum
        occupations = _Table(data.OCCUPATIONS[key])
        occ_v, occ_c = occupations.values, occupations.cum
        eth_v, eth_c = self.ethnic.values, self.ethnic.cum
        groups, specs = self.groups, self.name_specs
        birth_v, birth_c = self.birthplaces.values, self.birthplaces.cum
        qual_v, qual_c = self.qualification.values, self.qualification.cum
        rel_v, rel_c = self.religion.values, self.religion.cum
        health_v, health_c = self.health.values, self.health.cum
        back_v, back_c = self.background.values, self.background.cum
        hometowns = self.hometowns
        n_hometowns = len(hometowns)
        national_ids = self.national_ids
        secretary = world.secretary_of.get(branch.id)
        union = branch.parent if branch.kind == "branch" else branch
        while union.type == "federated":
            union = union.parent
        union_secretary = world.secretary_of.get(union.id) if union is not branch else None
        if union_secretary in world.user_names:
            union_secretary = None
        province_branches = self.branches
        n_branches = len(province_branches)
        workplace = "" if key == "commune" else branch.locality
        residence = branch.locality if key == "commune" else hometowns[branch.id % n_hometowns]
        student = key in ("school", "university")
        unit_id, path, name = branch.id, branch.path, branch.name
        registered = labels["registered"]
        registered_here = registered % {"unit": name}
        moved_label = labels["moved"]
        status_labels = labels["status"]
        add_member = out["member"].append
        add_unit_period = out["unit_period"].append
        add_status_period = out["status_period"].append
        add_event = out["event"].append
        add_sensitive = out["sensitive"].append
        add_family = out["family"].append
        admitted_on = world.admitted_on.append
        status_of = world.status.append
        unit_period_id = ids["unit_period"]
        status_period_id = ids["status_period"]
        event_id = ids["event"]
        family_id = ids["family"]
        active = 0
        sensitive_share = 0.7 if self.minority_heavy else SENSITIVE_SHARE
        family_share = FAMILY_SHARE / sensitive_share
        citizen = self.province.citizen_code
        card_prefix = self.province.code
        ts = TIMESTAMP
        for position in range(count):
            female = rnd() < 0.5
            sex = "female" if female else "male"
            group_index = eth_v[bis(eth_c, rnd())]
            pattern, families, middles, givens = specs[group_index * 2 + female]
            last = families.values[bis(families.cum, rnd())]
            given_name = givens.values[bis(givens.cum, rnd())]
            if pattern == PLAIN:
                middle_name = middles.values[bis(middles.cum, rnd())]
                raw = f"{last} {middle_name} {given_name}"
            elif pattern == GIVEN_FIRST:
                raw = f"H'{given_name} {last}" if female else f"Y {given_name} {last}"
            else:
                raw = f"{last} H'{given_name}" if female else f"{last} {given_name}"
            texts = _TEXTS.get(raw) or name_texts(raw)
            family, middle, given, full, folded, sort = texts
            age = low + int(rnd() * span)
            if over_age and rnd() < over_age:
                age = 31 + int(rnd() * 4)
            born = anchor - int(age * 365.25) - int(rnd() * 365)
            start = born + 5844  # sixteenth birthday
            if start < ten_years_ago:
                start = ten_years_ago
            end = anchor - 40
            admitted = start + int(rnd() * (end - start)) if end > start else end
            status = status_v[bis(status_c, rnd())]
            if age >= 30 and rnd() < 0.4:
                status = 3  # matured at 30
            moved = 0
            if rnd() < TRANSFER_SHARE and admitted < anchor - 150 and n_branches > 1:
                moved = admitted + 60 + int(rnd() * (anchor - admitted - 80))
            status_day = 0
            if status:
                earliest = (moved if moved > admitted else admitted) + 1
                if status == 3 and born + 10958 > earliest:
                    earliest = born + 10958
                status_day = earliest + int(rnd() * 400)
                if status_day > anchor:
                    status_day = anchor
                if status_day < earliest:
                    status, status_day = 0, 0
            born_text = days[born - first_day]
            admitted_text = days[admitted - first_day]
            yy = int(born_text[2:4])
            gender = (2 if born >= Y2000 else 0) + female
            slot = gender * 100 + yy
            serial = national_ids[slot] + 1
            national_ids[slot] = serial
            national_id = (
                f"{citizen}{gender}{yy:02d}{serial * 7919 % 1000000:06d}"
                if rnd() >= 0.04
                else "\\N"
            )
            if rnd() < 0.85:
                self.cards += 1
                card = f"{card_prefix}{admitted_text[2:4]}{self.cards:07d}"
            else:
                card = "\\N"
            phone = f"{PHONE_PREFIXES[int(rnd() * 5)]}{int(rnd() * 1e8):08d}" if rnd() < 0.9 else ""
            hometown = hometowns[int(rnd() * n_hometowns)]
            if age >= 21 and not student:
                qualification = qual_v[bis(qual_c, rnd())]
                education = "12/12"
            else:
                qualification = ""
                education = "12/12" if age >= 18 else f"{age - 6}/12"
            party, party_day = "none", "\\N"
            if age >= 22 and rnd() < 0.08:
                party = "full" if rnd() < 0.6 else "probationary"
                party_day = days[admitted + int(rnd() * (anchor - admitted)) - first_day]
            user = "\\N"
            if position == 0 and secretary:
                user = secretary
                world.user_names[secretary] = full
            elif position == 1 and union_secretary:
                user = union_secretary
                world.user_names[union_secretary] = full
            status_name = STATUSES[status]
            since = days[status_day - first_day] if status else admitted_text
            earlier = None
            if moved:
                earlier = province_branches[int(rnd() * n_branches)]
                if earlier is branch:
                    earlier = province_branches[(province_branches.index(branch) + 1) % n_branches]
            add_member(
                f"{member_id}\t{unit_id}\t{path}\t{family}\t{middle}\t{given}\t{full}\t{folded}\t"
                f"{sort}\t{sex}\t{born_text}\tf\t{hometown}\t{birth_v[bis(birth_c, rnd())]}\t"
                f"{hometown}\t{residence}\t{phone}\t\t{national_id}\t{card}\t{education}\t"
                f"{qualification}\t{'elementary' if rnd() < 0.12 else ''}\t"
                f"{'Tiếng Anh' if rnd() < 0.3 else ''}\t{occ_v[bis(occ_c, rnd())]}\t{workplace}\t"
                f"{party}\t{party_day}\t{admitted_text}\t"
                f"{earlier.name if earlier else name}\t{10 + int(rnd() * 240)}-QĐ/ĐTN\tf\t\t"
                f"{status_name}\t{since}\t1\t{ts}\t{ts}\t\\N\t{user}"
            )
            admitted_on(admitted)
            status_of(status)
            # Unit periods and the timeline.
            end_text = since if status in FORMER else "\\N"
            if earlier is not None:
                moved_text = days[moved - first_day]
                add_unit_period(
                    f"{unit_period_id}\t{member_id}\t{earlier.id}\t{admitted_text}\t"
                    f"{moved_text}\tadmitted\t"
                )
                add_unit_period(
                    f"{unit_period_id + 1}\t{member_id}\t{unit_id}\t{moved_text}\t"
                    f"{end_text}\ttransferred\t"
                )
                unit_period_id += 2
                add_event(
                    f"{event_id}\t{member_id}\tregistered\t{admitted_text}\t"
                    f"{registered % {'unit': earlier.name}}\t\t{earlier.id}\t\\N\t\\N\t\\N\t{ts}"
                )
                add_event(
                    f"{event_id + 1}\t{member_id}\tunit_changed\t{moved_text}\t"
                    f"{moved_label % {'old': earlier.name, 'new': name}}\t\t{unit_id}\t\\N\t"
                    f"\\N\t\\N\t{ts}"
                )
                event_id += 2
            else:
                add_unit_period(
                    f"{unit_period_id}\t{member_id}\t{unit_id}\t{admitted_text}\t{end_text}\t"
                    f"admitted\t"
                )
                unit_period_id += 1
                add_event(
                    f"{event_id}\t{member_id}\tregistered\t{admitted_text}\t"
                    f"{registered_here}\t\t{unit_id}\t\\N\t\\N\t\\N\t{ts}"
                )
                event_id += 1
            if status:
                reason = STATUS_REASONS[status_name]
                add_status_period(
                    f"{status_period_id}\t{member_id}\tactive\t{admitted_text}\t{since}\t"
                )
                add_status_period(
                    f"{status_period_id + 1}\t{member_id}\t{status_name}\t{since}\t\\N\t{reason}"
                )
                status_period_id += 2
                add_event(
                    f"{event_id}\t{member_id}\tstatus_changed\t{since}\t"
                    f"{status_labels[status_name]}\t{reason}\t{unit_id}\t\\N\t\\N\t\\N\t{ts}"
                )
                event_id += 1
            else:
                add_status_period(
                    f"{status_period_id}\t{member_id}\tactive\t{admitted_text}\t\\N\t"
                )
                status_period_id += 1
            if status not in FORMER:
                active += 1
            # Sensitive data and family, for the records that hold them.
            if rnd() < sensitive_share:
                add_sensitive(
                    f"{member_id}\t{groups[group_index]}\t{rel_v[bis(rel_c, rnd())]}\t"
                    f"{health_v[bis(health_c, rnd())]}\t{back_v[bis(back_c, rnd())]}\t\t1\t{ts}"
                )
                if rnd() < family_share:
                    born_year = int(born_text[:4])
                    father = f"{family} {_GIVEN_FATHER.pick(rnd())} {_MALE.pick(rnd())}".strip()
                    add_family(
                        f"{family_id}\t{member_id}\tfather\t{father}\t"
                        f"{born_year - 22 - int(rnd() * 10)}\tLàm ruộng\t\t{hometown}\t0"
                    )
                    add_family(
                        f"{family_id + 1}\t{member_id}\tmother\t"
                        f"{_FAMILY_NORTH.pick(rnd())} Thị {_FEMALE.pick(rnd())}\t"
                        f"{born_year - 20 - int(rnd() * 10)}\tNội trợ\t\t{hometown}\t1"
                    )
                    family_id += 2
            member_id += 1
        ids["unit_period"] = unit_period_id
        ids["status_period"] = status_period_id
        ids["event"] = event_id
        ids["family"] = family_id
        self.out["count"].append(f"{unit_id}\t{path}\t{active}\t{count}")
        return member_id


_GIVEN_FATHER = _Table(GIVEN_OF_FAMILY)
_MALE = _Table(data.GIVEN["male"])
_FEMALE = _Table(data.GIVEN["female"])
_FAMILY_NORTH = _Table(data.FAMILY["north"])


def data_ages(branch) -> tuple[int, int]:
    """Age range of a branch's members: its kind of union's, or its class's grade."""
    if branch.type == "school" and "lớp " in branch.name:
        grade = int(branch.name.split("lớp ")[1][:2])
        return grade + 6, grade + 6
    for gtype in data.GRASSROOTS_TYPES:
        if gtype.key == branch.type:
            return gtype.ages
    return 16, 30
