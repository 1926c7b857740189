"""The Youth Union's unit kinds (domain.md 2.11 and 3.3), as data."""

import datetime

from django.db import migrations

KINDS = [
    # code, name, name_en, grassroots, branch, children, 2fa, historical, order
    ("central", "Trung ương Đoàn", "Central Youth Union", False, False, True, True, False, 10),
    ("province", "Tỉnh đoàn / Thành đoàn", "Provincial / city union", False, False, True, True, False, 20),
    ("direct", "Đoàn trực thuộc (Đoàn Khối, Đoàn UBND...)", "Union directly under the province (bloc, People's Committee...)", False, False, True, False, False, 30),
    ("district", "Huyện đoàn / Quận đoàn / Thị đoàn (trước 1/7/2025)", "District union (before 1/7/2025)", False, False, True, False, True, 35),
    ("upper-grassroots", "Đoàn cấp trên cơ sở", "Upper-grassroots union", False, False, True, False, False, 40),
    ("commune", "Đoàn xã / phường / đặc khu", "Commune / ward / special-zone union", True, False, True, False, False, 50),
    ("school", "Đoàn cơ sở trường học", "School or university union", True, False, True, False, False, 52),
    ("enterprise", "Đoàn cơ sở doanh nghiệp", "Enterprise union", True, False, True, False, False, 54),
    ("agency", "Đoàn cơ sở cơ quan", "Agency union", True, False, True, False, False, 56),
    ("armed", "Đoàn cơ sở lực lượng vũ trang", "Armed forces union", True, False, True, False, False, 58),
    ("grassroots-branch", "Chi đoàn cơ sở", "Grassroots branch", True, True, True, False, False, 60),
    ("section", "Đoàn bộ phận", "Section union", False, False, True, False, False, 70),
    ("federated-branch", "Liên chi đoàn", "Federated branch", False, False, True, False, False, 75),
    ("branch", "Chi đoàn", "Branch", False, True, True, False, False, 80),
    ("sub-branch", "Phân đoàn", "Sub-branch", False, False, False, False, False, 90),
]


def seed(apps, schema_editor):
    UnitKind = apps.get_model("orgs", "UnitKind")
    for code, name, name_en, grassroots, branch, children, two_fa, historical, order in KINDS:
        UnitKind.objects.update_or_create(
            code=code,
            defaults={
                "name": name, "name_en": name_en, "is_grassroots": grassroots,
                "is_branch": branch, "may_have_children": children, "requires_2fa": two_fa,
                "available_until": datetime.date(2025, 6, 30) if historical else None, "order": order,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("orgs", "UnitKind").objects.filter(code__in=[k[0] for k in KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("orgs", "0002_postgres_paths")]
    operations = [migrations.RunPython(seed, unseed)]
