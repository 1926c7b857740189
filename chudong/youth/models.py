"""Young people the Union works with beyond its members (criterion 1.1 and the start of
admission and 1+1 referrals), their opinions, and the short surveys a unit sends to its
members.

- `Youth` (thanh niên ngoài Đoàn): a young person in the unit's area or workplace who is not
  (yet) a member. Admission starts from the record (procedures.AdmissionCase.youth_id) and
  the record follows the case: admitted → linked to the new member.
- `Opinion` (tâm tư, nguyện vọng): what a member or young person thinks or needs, where it
  was heard, and its follow-up until answered. Opinions may be political views (personal
  data law): names and content are read with members.sensitive only, and logged.
- `Survey` with its `SurveyQuestion`s and one `SurveyResponse` per member.

Every record carries a copy of its unit's path so that the roll-ups of a subtree are one
indexed range.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chudong.members.models import Member, Sex
from chudong.members.models.member import phone_validator
from chudong.orgs.models import Unit
from chudong.procedures.models import AdmissionCase


class YouthStatus(models.TextChoices):
    CONTACT = "contact", _("In contact")
    CANDIDATE = "candidate", _("Candidate for admission")
    ADMITTED = "admitted", _("Admitted (now a member)")
    MOVED_AWAY = "moved_away", _("Moved away")


class Organisation(models.TextChoices):
    FEDERATION = "federation", _("Vietnam Youth Federation (Hội LHTN Việt Nam)")
    STUDENTS = "students", _("Vietnam Students' Association (Hội Sinh viên)")
    NONE = "none", _("No organisation")
    OTHER = "other", _("Another organisation")


class Youth(models.Model):
    """A young person who is not (yet) a Union member (thanh niên ngoài Đoàn)."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit of the area")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    full_name = models.CharField(_("full name"), max_length=202)
    full_name_folded = models.CharField(max_length=202, editable=False)
    sort_key = models.CharField(max_length=500, editable=False)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"))
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=10, blank=True, validators=[phone_validator])
    zalo = models.CharField(_("Zalo"), max_length=100, blank=True)
    residence = models.CharField(_("lives at"), max_length=300, blank=True)
    workplace = models.CharField(_("works or studies at"), max_length=300, blank=True)
    organisation = models.CharField(
        _("organisation"), max_length=12, choices=Organisation.choices, default=Organisation.NONE
    )
    organisation_other = models.CharField(_("which organisation"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=YouthStatus.choices, default=YouthStatus.CONTACT
    )
    admission_case = models.ForeignKey(
        AdmissionCase,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("admission case"),
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member record"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["full_name_folded", "sort_key", "updated_at"])

    class Meta:
        ordering = ["sort_key", "id"]
        verbose_name = _("young person outside the Union (thanh niên ngoài Đoàn)")
        verbose_name_plural = _("young people outside the Union")
        indexes = [
            # The register of a subtree in name order, optionally by status.
            models.Index(fields=["unit_path", "sort_key"], name="youth_path_name"),
            models.Index(fields=["status", "unit_path"], name="youth_status_path"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="admitted", member__isnull=False)
                | (~Q(status="admitted") & Q(member__isnull=True)),
                name="youth_admitted_has_member",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class OpinionSource(models.TextChoices):
    BRANCH_MEETING = "branch_meeting", _("Branch meeting")
    DIALOGUE = "dialogue", _("Dialogue with leaders")
    SURVEY = "survey", _("Survey")
    ZALO = "zalo", _("Zalo post")
    FACEBOOK = "facebook", _("Facebook post")
    YOUTUBE = "youtube", _("YouTube video or comment")
    TIKTOK = "tiktok", _("TikTok post")
    DIRECT = "direct", _("Direct contact")
    OTHER = "other", _("Other")


# Sources that are posts on a social network: they carry the post's link, on its host.
SOCIAL_HOSTS: dict[str, tuple[str, ...]] = {
    OpinionSource.ZALO: ("zalo.me", "zalo.vn", "chat.zalo.me"),
    OpinionSource.FACEBOOK: ("facebook.com", "fb.com", "fb.watch", "m.facebook.com"),
    OpinionSource.YOUTUBE: ("youtube.com", "youtu.be"),
    OpinionSource.TIKTOK: ("tiktok.com",),
}


class Topic(models.TextChoices):
    JOBS = "jobs", _("Jobs and income")
    STUDY = "study", _("Study")
    HOUSING = "housing", _("Housing")
    HEALTH = "health", _("Health and medical care")
    SOCIAL_EVILS = "social_evils", _("Social evils")
    POLICY = "policy", _("Policy and law")
    OTHER = "other", _("Other")


class Sentiment(models.TextChoices):
    POSITIVE = "positive", _("Positive")
    NEUTRAL = "neutral", _("Neutral")
    NEGATIVE = "negative", _("Negative")


class RaisedBy(models.TextChoices):
    MEMBER = "member", _("A member")
    YOUTH = "youth", _("A young person of the register")
    ANONYMOUS = "anonymous", _("Anonymous")


class OpinionStatus(models.TextChoices):
    NEW = "new", _("New")
    HANDLING = "handling", _("Being handled")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


OPEN_OPINION_STATES: tuple[str, ...] = (OpinionStatus.NEW, OpinionStatus.HANDLING)


class Opinion(models.Model):
    """A thought, need or aspiration (tâm tư, nguyện vọng) and its follow-up."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by (unit)")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    source = models.CharField(_("source"), max_length=16, choices=OpinionSource.choices)
    link = models.URLField(_("link to the post"), max_length=500, blank=True)
    # Where it came from in another app (e.g. "meetings.meeting:42"), for a link back.
    source_ref = models.CharField(max_length=80, blank=True, editable=False)
    topic = models.CharField(_("topic"), max_length=16, choices=Topic.choices)
    sentiment = models.CharField(
        _("sentiment"), max_length=8, choices=Sentiment.choices, default=Sentiment.NEUTRAL
    )
    raised_by = models.CharField(_("raised by"), max_length=10, choices=RaisedBy.choices)
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member"),
    )
    youth = models.ForeignKey(
        Youth,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinions",
        verbose_name=_("young person"),
    )
    raised_on = models.DateField(_("raised on"))
    content = models.TextField(_("content"))
    # Follow-up.
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    action_taken = models.TextField(_("what was done"), blank=True)
    answer = models.TextField(_("answer given"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=OpinionStatus.choices, default=OpinionStatus.NEW
    )
    # raised_on + the rule youth.opinion_answer_days in force that day: the warning counts
    # open opinions past it with one range per status.
    due_on = models.DateField(_("to be answered by"))
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    survey_response = models.ForeignKey(
        "SurveyResponse",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("survey answer"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-raised_on", "-id"]
        verbose_name = _("youth opinion (tâm tư, nguyện vọng)")
        verbose_name_plural = _("youth opinions")
        indexes = [
            # The summary: a subtree's counts by topic and status read from the index alone.
            models.Index(fields=["unit_path", "topic", "status"], name="youth_op_path_topic"),
            # The list of a subtree, newest first.
            models.Index(fields=["unit_path", "raised_on"], name="youth_op_path_day"),
            # The overdue warning: open opinions of a subtree past their due day.
            models.Index(fields=["status", "unit_path", "due_on"], name="youth_op_overdue"),
            models.Index(fields=["member"], name="youth_op_member"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(raised_by="member", member__isnull=False, youth__isnull=True)
                | Q(raised_by="youth", member__isnull=True, youth__isnull=False)
                | Q(raised_by="anonymous", member__isnull=True, youth__isnull=True),
                name="youth_op_raised_by_matches",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} ({self.raised_on:%d/%m/%Y})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_OPINION_STATES


class Survey(models.Model):
    """A short survey a unit sends to the members of its subtree."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("sent by (unit)")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("introduction"), blank=True)
    opens_on = models.DateField(_("open from"))
    closes_on = models.DateField(_("open until"))
    published_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-opens_on", "-id"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        indexes = [models.Index(fields=["unit_path", "closes_on"], name="youth_survey_path")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="youth_survey_dates"
            )
        ]

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("One choice")
    MULTIPLE = "multiple", _("Several choices")
    TEXT = "text", _("Short text")


class SurveyQuestion(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("answered by"), max_length=8, choices=QuestionKind.choices)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    required = models.BooleanField(_("answer required"), default=True)

    class Meta:
        ordering = ["survey_id", "position"]
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        constraints = [
            models.UniqueConstraint(fields=["survey", "position"], name="youth_question_position")
        ]

    def __str__(self) -> str:
        return self.text


class SurveyResponse(models.Model):
    """One member's answers to a survey: {question id: choice index, [indexes] or text}."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255, editable=False)
    answers = models.JSONField(default=dict)
    answered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["survey_id", "answered_at"]
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(fields=["survey", "member"], name="youth_one_response")
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.member_id}"
