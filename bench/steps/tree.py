"""The unit tree: Trung ương → 34 provinces → direct-under unions → grassroots unions
(communes and wards, schools, universities with federated branches, enterprises,
agencies, armed forces) → branches, with paths, versions and the founding records exactly
as `chudong.orgs.services.unit_create` writes them."""

from __future__ import annotations

from chudong.core.paths import depth_of, encode_step
from chudong.core.text import fold, sort_key

from .. import data
from ..loading import next_id
from ..world import FOUNDED, TIMESTAMP, GenUnit, World

UNIT_COLUMNS = (
    "id", "code", "name", "name_folded", "sort_key", "kind_id", "parent_id", "path", "depth",
    "child_seq", "status", "founded_on", "valid_from", "valid_to", "address", "phone", "email",
)  # fmt: skip
VERSION_COLUMNS = (
    "id", "unit_id", "name", "kind_id", "parent_id", "valid_from", "valid_to", "restructuring_id",
)  # fmt: skip
RESTRUCTURING_COLUMNS = (
    "id", "kind", "effective_on", "decision_number", "reason", "actor_id", "created_at", "details",
)  # fmt: skip
LINK_COLUMNS = ("id", "restructuring_id", "unit_id", "role")


class _TreeBuilder:
    def __init__(self, world: World, first_id: int, root_step: int):
        self.world = world
        self.next_id = first_id
        self.root_step = root_step

    def add(self, parent: GenUnit | None, *, code, name, kind, type, province, locality=""):
        if parent is None:
            path = encode_step(self.root_step)
        else:
            path = parent.path + encode_step(len(parent.children))
        unit = GenUnit(
            id=self.next_id,
            code=code,
            name=name,
            kind=kind,
            parent=parent,
            path=path,
            province=province,
            type=type,
            locality=locality,
        )
        self.next_id += 1
        if parent is not None:
            parent.children.append(unit)
        self.world.units.append(unit)
        return unit


def _split(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights` (largest remainders), summing exactly."""
    if not weights:
        return []
    scale = total / sum(weights)
    raw = [w * scale for w in weights]
    parts = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


_PAIRS = [f"{a} {b}" for a in data.PLACE_WORDS for b in data.PLACE_WORDS if a != b]


def _place_names(rng, count: int) -> list[str]:
    """`count` two-word place names, distinct while the pairs last."""
    if count <= len(_PAIRS):
        return rng.sample(_PAIRS, count)
    return [_PAIRS[int(rng.random() * len(_PAIRS))] for _ in range(count)]


def build_tree(world: World) -> None:
    cursor = world.cursor
    cursor.execute("SELECT COUNT(*) FROM orgs_unit WHERE parent_id IS NULL")
    root_step = cursor.fetchone()[0]
    cursor.execute("SELECT 1 FROM orgs_unit WHERE code = 'TW'")
    if cursor.fetchone():
        raise SystemExit("This database already holds generated data (unit TW).")
    builder = _TreeBuilder(world, next_id(cursor, "orgs_unit"), root_step)
    world.root = builder.add(
        None, code="TW", name="Trung ương Đoàn", kind="central", type="central", province=-1
    )
    total_weight = sum(p.members_k for p in data.PROVINCES)
    for index, province in enumerate(data.PROVINCES):
        rng = world.rng("tree", province.code)
        members = round(data.NATIONAL_MEMBERS * world.scale * province.members_k / total_weight)
        share = province.members_k / total_weight
        unit = builder.add(
            world.root,
            code=province.code,
            name=province.union_name,
            kind="province",
            type="province",
            province=index,
        )
        unit.weight = members
        world.provinces.append(unit)
        _province(builder, rng, unit, province, members, share, world.scale)
    _write(world)


def _province(builder, rng, unit, province, members, share, scale) -> None:
    """The grassroots unions and branches of one province, sized from its membership."""
    plan = []  # (type, unions, members)
    commune_members = members
    for gtype in data.GRASSROOTS_TYPES[1:]:
        unions = round(gtype.count * scale * share * rng.uniform(0.8, 1.2))
        type_members = round(members * gtype.member_share)
        if unions == 0 or type_members == 0:
            continue
        plan.append((gtype, unions, type_members))
        commune_members -= type_members
    communes = max(1, round(data.GRASSROOTS_TYPES[0].count * scale * share))
    plan.insert(0, (data.GRASSROOTS_TYPES[0], communes, max(commune_members, 0)))

    directs: dict[str, GenUnit] = {}
    places = _place_names(rng, communes + 200)
    for gtype, unions, type_members in plan:
        parent = unit
        if gtype.parent is not None:
            parent = directs.get(gtype.parent)
            if parent is None:
                number = len(directs) + 1
                parent = builder.add(
                    unit,
                    code=f"{province.code}.K{number:02d}",
                    name=data.DIRECT_UNIONS[gtype.parent].format(place=province.place),
                    kind="direct",
                    type="direct",
                    province=unit.province,
                )
                directs[gtype.parent] = parent
        _grassroots(builder, rng, parent, gtype, unions, type_members, province, places)


_PREFIX = {
    "commune": "X",
    "school": "T",
    "university": "DH",
    "enterprise": "DN",
    "agency": "CQ",
    "small-agency": "CB",
    "police": "CA",
    "military": "QS",
}


def _grassroots(builder, rng, parent, gtype, unions, members, province, places) -> None:
    width = max(3, len(str(unions)))
    weights = [rng.uniform(0.5, 1.5) for _ in range(unions)]
    shares = _split(members, weights)
    for number in range(1, unions + 1):
        union_members = shares[number - 1]
        code = f"{parent.code}.{_PREFIX[gtype.key]}{number:0{width}d}"
        name, locality = _union_name(rng, gtype.key, number, province, places)
        union = builder.add(
            parent,
            code=code,
            name=name,
            kind=gtype.kind,
            type=gtype.key,
            province=parent.province,
            locality=locality,
        )
        if gtype.kind == "grassroots-branch":
            union.weight = union_members
            builder.world.branches.append(union)
            continue
        branches = max(1, round(union_members / gtype.branch_mean))
        _branches(builder, rng, union, gtype, branches, union_members, province)


def _union_name(rng, key, number, province, places) -> tuple[str, str]:
    place = places[number % len(places)] if key != "commune" else places[number - 1]
    if key == "commune":
        ward = rng.random() < (0.6 if province.is_city else 0.15)
        word = "phường" if ward else "xã"
        return f"Đoàn {word} {place}", f"{word} {place}, {province.place}"
    if key == "school":
        school = rng.choice(data.SCHOOL_NAMES)
        return f"Đoàn trường THPT {school}", f"{place}, {province.place}"
    if key == "university":
        field_name = rng.choice(data.UNIVERSITY_NAMES)
        if field_name.startswith("Cao đẳng"):
            return f"Đoàn trường {field_name} {province.name}", province.place
        return f"Đoàn trường Đại học {field_name} {province.name}", province.place
    if key == "enterprise":
        company = f"{rng.choice(data.COMPANY_KINDS)} {rng.choice(data.COMPANY_WORDS)} {place}"
        return f"Đoàn cơ sở {company}", company
    if key in ("agency", "small-agency"):
        agency = f"{rng.choice(data.AGENCIES)} {place}"
        prefix = "Chi đoàn cơ sở" if key == "small-agency" else "Đoàn cơ sở"
        return f"{prefix} {agency}", agency
    if key == "police":
        unit = rng.choice(data.POLICE_UNITS)
        if unit.startswith("Công an"):
            unit = f"{unit} {place}"
        return f"Đoàn cơ sở {unit}", f"Công an {province.place}"
    unit = rng.choice(data.MILITARY_UNITS)
    return f"Đoàn cơ sở {unit} {number}", f"Bộ Chỉ huy Quân sự {province.place}"


def _branches(builder, rng, union, gtype, count, members, province) -> None:
    union.weight = members
    union.branch_mean = gtype.branch_mean
    parents = [union]
    if gtype.key == "university" and count >= 4:
        faculties = max(2, min(len(data.FACULTIES), count // 6))
        parents = []
        for index in range(faculties):
            parents.append(
                builder.add(
                    union,
                    code=f"{union.code}.K{index + 1:02d}",
                    name=f"Liên chi đoàn khoa {data.FACULTIES[index]}",
                    kind="federated-branch",
                    type="federated",
                    province=union.province,
                    locality=union.locality,
                )
            )
    hamlet = "bản" if province.mountain else data.HAMLET_WORD[province.region]
    ward = union.name.startswith("Đoàn phường")
    hamlets = _place_names(rng, count)
    for index in range(count):
        parent = parents[index % len(parents)]
        number = len(parent.children) + 1
        if gtype.key == "commune":
            name = f"Chi đoàn khu phố {number}" if ward else f"Chi đoàn {hamlet} {hamlets[index]}"
        elif gtype.key == "school":
            name = f"Chi đoàn lớp {10 + index % 3}A{index // 3 + 1}"
        elif gtype.key == "university":
            faculty = data.FACULTY_CODES[parents.index(parent) % len(data.FACULTY_CODES)]
            name = f"Chi đoàn lớp {faculty}{22 + number % 4}{chr(65 + number // 4 % 26)}"
        elif gtype.key == "enterprise":
            name = (
                f"Chi đoàn Phân xưởng {number}"
                if rng.random() < 0.6
                else f"Chi đoàn {rng.choice(data.DEPARTMENTS)}"
            )
        elif gtype.key == "agency":
            name = f"Chi đoàn {data.DEPARTMENTS[index % len(data.DEPARTMENTS)]}"
        elif gtype.key == "police":
            name = f"Chi đoàn Đội {number}"
        else:
            name = f"Chi đoàn Đại đội {number}"
        branch = builder.add(
            parent,
            code=f"{parent.code}.{number:02d}",
            name=name,
            kind="branch",
            type=gtype.key,
            province=union.province,
            locality=union.locality,
        )
        branch.weight = rng.uniform(0.5, 1.5)
        builder.world.branches.append(branch)
    # Members of the union, spread over its branches in proportion to their weights.
    branches = [b for p in parents for b in p.children] if parents[0] is not union else None
    branches = branches or union.children
    for branch, share in zip(branches, _split(members, [b.weight for b in branches]), strict=True):
        branch.weight = share


def _write(world: World) -> None:
    """Units, their open versions, and a 'founded' restructuring with its links each."""
    cursor = world.cursor
    kinds = world.kinds
    sink = world.sink
    units = sink.lines("orgs_unit", UNIT_COLUMNS)
    versions = sink.lines("orgs_unitversion", VERSION_COLUMNS)
    restructurings = sink.lines("orgs_restructuring", RESTRUCTURING_COLUMNS)
    links = sink.lines("orgs_restructuringlink", LINK_COLUMNS)
    version_id = next_id(cursor, "orgs_unitversion")
    restructuring_id = next_id(cursor, "orgs_restructuring")
    link_id = next_id(cursor, "orgs_restructuringlink")
    founded = FOUNDED.isoformat()
    keys: dict[str, tuple[str, str]] = {}
    for unit in world.units:
        texts = keys.get(unit.name)
        if texts is None:
            texts = keys[unit.name] = (fold(unit.name), sort_key(unit.name))
        kind = kinds[unit.kind]
        parent = str(unit.parent.id) if unit.parent is not None else "\\N"
        units.append(
            f"{unit.id}\t{unit.code}\t{unit.name}\t{texts[0]}\t{texts[1]}\t{kind}\t{parent}\t"
            f"{unit.path}\t{depth_of(unit.path)}\t{len(unit.children)}\tactive\t{founded}\t"
            f"{founded}\t\\N\t\t\t"
        )
        restructurings.append(f"{restructuring_id}\tcreate\t{founded}\t\t\t\\N\t{TIMESTAMP}\t{{}}")
        versions.append(
            f"{version_id}\t{unit.id}\t{unit.name}\t{kind}\t{parent}\t{founded}\t\\N\t"
            f"{restructuring_id}"
        )
        links.append(f"{link_id}\t{restructuring_id}\t{unit.id}\ttarget")
        link_id += 1
        if unit.parent is not None:
            links.append(f"{link_id}\t{restructuring_id}\t{unit.parent.id}\tnew_parent")
            link_id += 1
        version_id += 1
        restructuring_id += 1
        sink.maybe_flush()
