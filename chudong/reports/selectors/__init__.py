"""Every read the reports need, scoped to the actor's reporting capability."""

from .dashboard import Dashboard, StatusFigure, SubUnitRow, dashboard, dashboard_roots
from .structure import StructureReport, StructureRow, report_roots, structure

__all__ = [
    "Dashboard",
    "StatusFigure",
    "StructureReport",
    "StructureRow",
    "SubUnitRow",
    "dashboard",
    "dashboard_roots",
    "report_roots",
    "structure",
]
