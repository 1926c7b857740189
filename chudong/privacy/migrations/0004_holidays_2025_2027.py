"""Public holidays of 2025 and 2027 (data), beside the 2026 ones of 0002_seed.

2025: the days of the Labour Code 2019, Article 112, and the Government's notice for Tết
Ất Tỵ (25/01–02/02) and National Day (01–02/09). 2027: the Labour Code's days with the
days off in lieu its clause 3 gives when a holiday falls on a weekend; the Tết break and
the day next to National Day are set each year by the Prime Minister's notice, so they are
marked "dự kiến" (provisional): the central administrator corrects them at
/privacy/holidays/ when the notice is out. Lunar dates (Tết, Hùng Kings on 10/3) are
computed for UTC+7, the Vietnamese calendar.
"""

import datetime

from django.db import migrations

D = datetime.date
CODE = "Bộ luật Lao động 2019, Điều 112"
PROVISIONAL = "dự kiến — đối chiếu thông báo nghỉ lễ của Thủ tướng Chính phủ"

HOLIDAYS = [
    # date, name, source
    (D(2025, 1, 1), "Tết Dương lịch", CODE),
    *[(D(2025, 1, 25) + datetime.timedelta(days=i), "Tết Nguyên đán Ất Tỵ",
       f"{CODE}; thông báo của Chính phủ về lịch nghỉ Tết 2025 (25/01–02/02/2025)")
      for i in range(9)],
    (D(2025, 4, 7), "Giỗ Tổ Hùng Vương (10/3 âm lịch)", CODE),
    (D(2025, 4, 30), "Ngày Chiến thắng", CODE),
    (D(2025, 5, 1), "Ngày Quốc tế Lao động", CODE),
    (D(2025, 9, 1), "Quốc khánh (ngày liền kề)",
     f"{CODE}; thông báo của Chính phủ về lịch nghỉ Quốc khánh 2025"),
    (D(2025, 9, 2), "Quốc khánh", CODE),
    (D(2027, 1, 1), "Tết Dương lịch", CODE),
    # 30 Tết to mùng 4 (05–09/02/2027), and two days in lieu of Saturday 6 and Sunday 7.
    *[(D(2027, 2, 5) + datetime.timedelta(days=i), "Tết Nguyên đán Đinh Mùi",
       f"{CODE}, khoản 1 và 3 ({PROVISIONAL})")
      for i in range(7)],
    (D(2027, 4, 16), "Giỗ Tổ Hùng Vương (10/3 âm lịch)", CODE),
    (D(2027, 4, 30), "Ngày Chiến thắng", CODE),
    (D(2027, 5, 1), "Ngày Quốc tế Lao động", CODE),
    (D(2027, 5, 3), "Nghỉ bù Ngày Quốc tế Lao động (1/5 rơi vào thứ Bảy)",
     f"{CODE}, khoản 3 ({PROVISIONAL})"),
    (D(2027, 9, 2), "Quốc khánh", CODE),
    (D(2027, 9, 3), "Quốc khánh (ngày liền kề)", f"{CODE} ({PROVISIONAL})"),
]  # fmt: skip


def seed(apps, schema_editor):
    Holiday = apps.get_model("privacy", "Holiday")
    for date, name, source in HOLIDAYS:
        Holiday.objects.get_or_create(date=date, defaults={"name": name, "source": source})


def unseed(apps, schema_editor):
    Holiday = apps.get_model("privacy", "Holiday")
    for date, name, _source in HOLIDAYS:
        Holiday.objects.filter(date=date, name=name).delete()


class Migration(migrations.Migration):
    dependencies = [("privacy", "0003_postgres_paths")]
    operations = [migrations.RunPython(seed, unseed)]
