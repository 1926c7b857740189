"""Roles and the capabilities they bundle, as data (architecture.md, Access)."""

from django.db import migrations

VIEW = ["units.view", "history.view", "members.view", "care.view", "work.view",
        "advisory.view", "recognition.view", "reports.view"]
LEAD = VIEW + ["units.manage", "members.manage", "members.sensitive", "care.manage",
               "notices.send", "work.manage", "advisory.manage", "recognition.submit"]
ALL = LEAD + ["units.restructure", "roles.manage", "members.decide", "recognition.review",
              "audit.view"]

ROLES = [
    # code, name, name_en, capabilities, leadership, order
    ("central-admin", "Quản trị hệ thống Trung ương", "Central administrator", ALL, False, 5),
    ("staff", "Cán bộ chuyên trách (Ban Tổ chức – Kiểm tra)", "Full-time staff (Organisation & Inspection)",
     [c for c in ALL if c != "audit.view"], False, 10),
    ("secretary", "Bí thư", "Secretary", LEAD + ["units.restructure", "roles.manage", "members.decide"], True, 20),
    ("deputy-secretary", "Phó Bí thư", "Deputy secretary", LEAD + ["units.restructure", "roles.manage", "members.decide"], True, 30),
    ("standing-committee", "Ủy viên Ban Thường vụ", "Standing committee member", LEAD, True, 40),
    ("executive-committee", "Ủy viên Ban Chấp hành", "Executive committee member", VIEW + ["work.manage", "care.manage"], True, 50),
    ("inspection-committee", "Ủy viên Ủy ban Kiểm tra", "Inspection committee member", VIEW, True, 60),
    ("data-protection", "Cán bộ bảo vệ dữ liệu cá nhân", "Data-protection officer", ["units.view", "history.view", "audit.view"], False, 70),
    ("member", "Đoàn viên", "Member", ["units.view"], False, 90),
]


def seed(apps, schema_editor):
    Role = apps.get_model("access", "Role")
    for code, name, name_en, caps, leadership, order in ROLES:
        Role.objects.update_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "capabilities": sorted(set(caps)),
                      "is_leadership": leadership, "order": order},
        )


def unseed(apps, schema_editor):
    apps.get_model("access", "Role").objects.filter(code__in=[r[0] for r in ROLES]).delete()


class Migration(migrations.Migration):
    dependencies = [("access", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
