"""Records of the Charter procedures; see each module."""

from .admission import (
    ADMISSION_OPEN_STATES,
    AdmissionCase,
    AdmissionSensitive,
    AdmissionState,
    ClassResult,
    Collective,
    IntroducerKind,
)
from .common import Document, DocumentKind
from .discipline import (
    DISCIPLINE_OPEN_STATES,
    DisciplineCase,
    DisciplineForm,
    DisciplineState,
    DisciplineViolation,
)
from .records import (
    REISSUE_OPEN_STATES,
    CardOrigin,
    CardReissue,
    CardStatus,
    Commendation,
    CommendationForm,
    CommendationLevel,
    CommendationState,
    HonoraryAdmission,
    HonoraryState,
    MembershipCard,
    ReissueReason,
    ReissueState,
)

__all__ = [
    "ADMISSION_OPEN_STATES",
    "DISCIPLINE_OPEN_STATES",
    "REISSUE_OPEN_STATES",
    "AdmissionCase",
    "AdmissionSensitive",
    "AdmissionState",
    "CardOrigin",
    "CardReissue",
    "CardStatus",
    "ClassResult",
    "Collective",
    "Commendation",
    "CommendationForm",
    "CommendationLevel",
    "CommendationState",
    "DisciplineCase",
    "DisciplineForm",
    "DisciplineState",
    "DisciplineViolation",
    "Document",
    "DocumentKind",
    "HonoraryAdmission",
    "HonoraryState",
    "IntroducerKind",
    "MembershipCard",
    "ReissueReason",
    "ReissueState",
]
