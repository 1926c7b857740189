"""Demo youth work in Thái Nguyên: young people outside the Union in Đoàn xã Phú Bình, the
Samsung factory union and the university (workers in the Youth Federation, students in the
Students' Association), one of them on the way to admission; youth opinions across every
topic heard at branch meetings, dialogues, on Zalo, Facebook and TikTok, some answered,
some late; and one survey of Đoàn xã Phú Bình answered by about 60% of its members (the
demo member Ngô Văn Khánh has not answered yet, so "My pages" shows it waiting).

Written through the youth services with the demo accounts; deterministic
(random.Random(2026)) for a given day.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from chudong.accounts.models import User
from chudong.core.paths import subtree_q
from chudong.members.models import CURRENT_STATUSES, Member
from chudong.orgs.models import Unit
from chudong.youth import services
from chudong.youth.models import SurveyResponse

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Dương", "Nông", "Ma", "Lương"]
MIDDLE_M = ["Văn", "Đức", "Minh", "Quang", "Hữu"]
MIDDLE_F = ["Thị", "Thu", "Ngọc", "Thanh", "Phương"]
GIVEN_M = ["Hùng", "Tuấn", "Nam", "Long", "Khải", "Phong", "Quý", "Tài", "Hiếu", "Dũng"]
GIVEN_F = ["Hà", "Linh", "Trang", "Hoa", "Mai", "Nhung", "Thảo", "Yến", "Vân", "Hằng"]

# (unit code, how many, organisation, where they work or study)
HAMLETS = ["Đồng Tâm", "Trung Quân", "Phú Xuân", "Làng Trong"]
GROUPS = [
    ("TN.PB.HS.CD01", 6, "none", "Làm nông nghiệp tại gia đình"),
    ("TN.PB.HS.CD02", 4, "federation", "Công nhân KCN Điềm Thụy"),
    ("TN.PB.XP.CD01", 4, "none", "Lao động tự do"),
    ("TN.PB.UK.CD01", 3, "federation", "Hợp tác xã chè Úc Kỳ"),
    ("TN.KHOI.SEVT", 8, "federation", "Công ty TNHH Samsung Electronics Việt Nam Thái Nguyên"),
    ("TN.DHTN.SP", 5, "students", "Trường Đại học Sư phạm – Đại học Thái Nguyên"),
]

OPINIONS = [
    # (unit code, source, link, topic, sentiment, content, days ago, follow-up)
    ("TN.PB.HS.CD01", "branch_meeting", "", "jobs", "negative",
     "Nhiều bạn trẻ trong xóm học xong THPT chưa có việc làm, mong Đoàn xã kết nối với các "
     "doanh nghiệp trong KCN Điềm Thụy.", 45, "answered"),
    ("TN.PB.HS.CD01", "zalo", "https://zalo.me/g/dongtam-thanhnien", "social_evils", "negative",
     "Nhóm Zalo của xóm phản ánh có thanh niên tụ tập đua xe vào tối thứ Bảy trên đường "
     "tỉnh 261.", 38, "handling"),
    ("TN.PB.HS.CD02", "dialogue", "", "study", "positive",
     "Đề nghị mở lớp tin học văn phòng buổi tối tại nhà văn hóa để đoàn viên đi làm cũng "
     "học được.", 20, "answered"),
    ("TN.PB.HS.CD02", "facebook", "https://www.facebook.com/tuoitrephubinh/posts/1024",
     "policy", "neutral",
     "Thanh niên hỏi về chính sách vay vốn ưu đãi khởi nghiệp qua Ngân hàng Chính sách xã "
     "hội.", 12, "new"),
    ("TN.PB.XP.CD01", "direct", "", "housing", "negative",
     "Gia đình đoàn viên có nhà bị hư hỏng sau bão, mong được hỗ trợ sửa chữa.", 60, "closed"),
    ("TN.PB.XP.CD01", "branch_meeting", "", "health", "neutral",
     "Đề nghị tổ chức khám sức khỏe sinh sản, tư vấn tiền hôn nhân cho thanh niên.", 35, "new"),
    ("TN.PB.UK.CD01", "tiktok", "https://www.tiktok.com/@tuoitreucky/video/7301", "jobs",
     "positive", "Video giới thiệu mô hình trồng chè VietGAP của thanh niên được nhiều bạn "
     "quan tâm, muốn được hướng dẫn làm theo.", 8, "handling"),
    ("TN.PB.UK.CD01", "branch_meeting", "", "other", "positive",
     "Đoàn viên đề xuất làm sân bóng chuyền tại nhà văn hóa xóm.", 5, "new"),
    ("TN.XPB", "dialogue", "", "jobs", "neutral",
     "Tại hội nghị đối thoại với Chủ tịch UBND xã, thanh niên đề nghị thông tin về tuyển "
     "lao động đi làm việc ở nước ngoài theo hợp đồng.", 50, "answered"),
    ("TN.XPB", "youtube", "https://www.youtube.com/watch?v=phubinh2026", "policy", "negative",
     "Bình luận dưới video của xã phản ánh thủ tục đăng ký hộ kinh doanh còn chậm.", 33, "new"),
    ("TN.KHOI.SEVT", "dialogue", "", "housing", "negative",
     "Công nhân trẻ đề nghị tăng số phòng ở ký túc xá Yên Bình, giá thuê trọ bên ngoài cao.",
     40, "answered"),
    ("TN.KHOI.SEVT", "facebook", "https://www.facebook.com/groups/congnhansevt/posts/77",
     "health", "neutral", "Đề nghị bố trí thêm giờ tư vấn tâm lý cho công nhân làm ca đêm.",
     15, "handling"),
    ("TN.KHOI.SEVT", "direct", "", "study", "positive",
     "Nhiều bạn muốn học liên thông đại học vừa làm vừa học.", 25, "new"),
    ("TN.KHOI.SEVT", "branch_meeting", "", "social_evils", "neutral",
     "Cảnh báo lừa đảo việc làm online, vay tiền qua ứng dụng trong công nhân.", 3, "new"),
    ("TN.DHTN.SP", "survey", "", "study", "neutral",
     "Sinh viên mong thư viện mở cửa đến 22 giờ trong mùa thi.", 18, "answered"),
    ("TN.DHTN.SP", "facebook", "https://www.facebook.com/doantruongdhsp/posts/3101",
     "jobs", "negative", "Sinh viên năm cuối lo lắng về việc làm sau khi ra trường.", 31, "new"),
    ("TN.DHTN.SP", "direct", "", "housing", "neutral",
     "Đề nghị giới thiệu nhà trọ an toàn, giá hợp lý cho sinh viên năm nhất.", 9, "handling"),
    ("TN.PDP", "zalo", "https://zalo.me/g/phandinhphung-tn", "policy", "positive",
     "Thanh niên hoan nghênh việc làm căn cước, định danh điện tử lưu động tại tổ dân phố.",
     22, "closed"),
]  # fmt: skip


def _name(rng: random.Random, sex: str) -> str:
    middle, given = (MIDDLE_F, GIVEN_F) if sex == "female" else (MIDDLE_M, GIVEN_M)
    return f"{rng.choice(FAMILY)} {rng.choice(middle)} {rng.choice(given)}"


def _manager(unit: Unit) -> User:
    """The demo account that records youth work for `unit`."""
    if unit.path.startswith(Unit.objects.get(code="TN.KHOI.SEVT").path):
        return User.objects.get(username="bithu.sevt")
    if unit.path.startswith(Unit.objects.get(code="TN.XPB").path):
        return User.objects.get(username="bithu.phubinh")
    return User.objects.get(username="tn.bantochuc")


def build(*, admin: User) -> None:
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    today = timezone.localdate()
    youths = _youths(rng, today)
    _admission(youths, today)
    _opinions(rng, today, youths)
    _survey(rng, today)


def _youths(rng: random.Random, today: dt.date) -> list:
    made = []
    for code, count, organisation, workplace in GROUPS:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            continue
        actor = _manager(unit)
        for _ in range(count):
            sex = rng.choice(["male", "female"])
            year = today.year - rng.randint(16, 27)
            made.append(
                services.youth_create(
                    actor=actor,
                    unit=unit,
                    full_name=_name(rng, sex),
                    sex=sex,
                    birth_year=year,
                    phone=f"09{rng.randint(10000000, 99999999)}",
                    residence="Xóm " + rng.choice(HAMLETS),
                    workplace=workplace,
                    organisation=organisation,
                    status=rng.choice(["contact", "contact", "contact", "candidate", "moved_away"]),
                    notes=rng.choice(
                        [
                            "",
                            "",
                            "Tích cực tham gia Ngày Chủ nhật xanh.",
                            "Đã tham gia lớp bồi dưỡng nhận thức về Đoàn.",
                        ]
                    ),
                )
            )
    return made


def _admission(youths: list, today: dt.date) -> None:
    """One young person of Chi đoàn Đồng Tâm is on the way to admission."""
    branch = Unit.objects.filter(code="TN.PB.HS.CD01").first()
    candidates = [y for y in youths if y.unit_id == getattr(branch, "pk", None)]
    if not candidates:
        return
    youth = candidates[0]
    born = dt.date(max(youth.birth_year, today.year - 25), 3, 15)
    if born.year != youth.birth_year:
        return
    services.youth_admission_start(
        actor=User.objects.get(username="bithu.phubinh"), youth=youth, branch=branch,
        nominated_on=today - dt.timedelta(days=10), date_of_birth=born,
        nomination_note="Đoàn viên Ngô Văn Khánh giới thiệu (1+1)",
    )  # fmt: skip


def _opinions(rng: random.Random, today: dt.date, youths: list) -> None:
    for code, source, link, topic, sentiment, content, days, state in OPINIONS:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            continue
        actor = _manager(unit)
        here = [y for y in youths if y.unit_path.startswith(unit.path)]
        member = (
            Member.objects.filter(subtree_q("unit_path", unit.path), status__in=CURRENT_STATUSES)
            .order_by("id")
            .first()
        )
        who = rng.choice(["member", "youth", "anonymous"])
        if (who == "member" and member is None) or (who == "youth" and not here):
            who = "anonymous"
        opinion = services.opinion_record(
            actor=actor, unit=unit, source=source, link=link, topic=topic, sentiment=sentiment,
            content=content, raised_on=today - dt.timedelta(days=days), raised_by=who,
            member=member if who == "member" else None,
            youth=rng.choice(here) if who == "youth" else None,
        )  # fmt: skip
        if state == "new":
            continue
        answer = ""
        if state in ("answered", "closed"):
            answer = "Đoàn xã đã trao đổi, phối hợp với cơ quan chuyên môn và trả lời trực tiếp."
        services.opinion_follow_up(
            actor=actor, opinion=opinion, status=state, handler=actor,
            action_taken="Báo cáo Ban Thường vụ, làm việc với cơ quan liên quan.", answer=answer,
            answered_on=today - dt.timedelta(days=max(days - 10, 0)) if answer else None,
            closed_on=today - dt.timedelta(days=max(days - 12, 0)) if state == "closed" else None,
        )  # fmt: skip


def _survey(rng: random.Random, today: dt.date) -> None:
    unit = Unit.objects.filter(code="TN.XPB").first()
    if unit is None:
        return
    actor = User.objects.get(username="bithu.phubinh")
    survey = services.survey_create(
        actor=actor, unit=unit, title="Khảo sát nhu cầu học nghề, việc làm của đoàn viên năm 2026",
        description="Đoàn xã Phú Bình khảo sát để xây dựng kế hoạch hỗ trợ thanh niên học nghề, "
        "tìm việc làm. Mỗi đoàn viên trả lời một lần, mất khoảng 2 phút.",
        opens_on=today - dt.timedelta(days=14), closes_on=today + dt.timedelta(days=16),
    )  # fmt: skip
    questions = [
        services.survey_question_add(
            actor=actor, survey=survey, text="Hiện nay bạn đang…", kind="single",
            choices="Đi học\nCó việc làm ổn định\nLàm việc tự do, thời vụ\nChưa có việc làm",
        ),
        services.survey_question_add(
            actor=actor, survey=survey, text="Bạn muốn được hỗ trợ về", kind="multiple",
            choices="Học nghề\nGiới thiệu việc làm\nVay vốn khởi nghiệp\nKỹ năng số",
        ),
        services.survey_question_add(
            actor=actor, survey=survey, text="Đề xuất của bạn với Đoàn xã", kind="text",
            required=False,
        ),
    ]  # fmt: skip
    services.survey_publish(actor=actor, survey=survey)
    suggestions = [
        "Mở lớp kỹ năng số, bán hàng online cho thanh niên nông thôn.",
        "Tổ chức ngày hội việc làm tại xã vào dịp cuối năm.",
        "Giới thiệu đơn hàng đi làm việc ở Nhật Bản, Hàn Quốc uy tín.",
        "Hỗ trợ thủ tục vay vốn Quỹ hỗ trợ thanh niên khởi nghiệp.",
    ]
    members = Member.objects.filter(
        subtree_q("unit_path", unit.path), status__in=CURRENT_STATUSES, user__isnull=True
    ).only("id", "unit_path")
    rows = []
    for member in members:
        if rng.random() > 0.6:
            continue
        answers = {
            str(questions[0].pk): rng.choices(range(4), weights=[3, 4, 3, 2])[0],
            str(questions[1].pk): sorted(rng.sample(range(4), rng.randint(1, 3))),
        }
        if rng.random() < 0.25:
            answers[str(questions[2].pk)] = rng.choice(suggestions)
        rows.append(
            SurveyResponse(
                survey=survey, member=member, unit_path=member.unit_path, answers=answers
            )
        )
    SurveyResponse.objects.bulk_create(rows, batch_size=500)
