"""The EcoZoning Processing provider (id ``ecozoning``)."""

from __future__ import annotations

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from .base import ICON_DIR


def algorithm_classes():
    from .algorithms.check_units import CheckUnits
    from .algorithms.compare_versions import CompareVersions
    from .algorithms.compliance import Compliance
    from .algorithms.create_project import CreateProjectDatabase
    from .algorithms.delineate_units import DelineateUnits
    from .algorithms.export_access_list import ExportAccessList
    from .algorithms.export_field_package import ExportFieldPackage
    from .algorithms.export_filing import ExportFiling
    from .algorithms.export_webmap import ExportWebMap
    from .algorithms.import_access_list import ImportAccessList
    from .algorithms.import_field_review import ImportFieldReview
    from .algorithms.import_filing import ImportFiling
    from .algorithms.load_version import LoadVersion
    from .algorithms.merge_units import MergeUnits
    from .algorithms.overlap_analysis import OverlapAnalysis
    from .algorithms.publish_project import PublishProject
    from .algorithms.reclassify_units import ReclassifyUnits
    from .algorithms.save_version import SaveVersion
    from .algorithms.screen_leads import ScreenLeads
    from .algorithms.split_units import SplitUnits
    from .algorithms.tracking_indicators import TrackingIndicators
    from .algorithms.unit_statistics import UnitStatistics
    from .algorithms.update_units import UpdateUnits

    return [
        CreateProjectDatabase,
        DelineateUnits,
        UnitStatistics,
        CheckUnits,
        OverlapAnalysis,
        ImportAccessList,
        ExportAccessList,
        Compliance,
        ScreenLeads,
        TrackingIndicators,
        SaveVersion,
        LoadVersion,
        CompareVersions,
        UpdateUnits,
        ExportFiling,
        ImportFiling,
        ExportFieldPackage,
        ImportFieldReview,
        SplitUnits,
        MergeUnits,
        ReclassifyUnits,
        ExportWebMap,
        PublishProject,
    ]


class EcoZoningProvider(QgsProcessingProvider):
    def id(self) -> str:
        return "ecozoning"

    def name(self) -> str:
        return QCoreApplication.translate("EcoZoning", "EcoZoning (ecological-environment zoning)")

    def longName(self) -> str:  # noqa: N802
        return self.name()

    def icon(self) -> QIcon:
        return QIcon(str(ICON_DIR / "ecozoning.svg"))

    def svgIconPath(self) -> str:  # noqa: N802
        return str(ICON_DIR / "ecozoning.svg")

    def loadAlgorithms(self) -> None:  # noqa: N802
        for cls in algorithm_classes():
            self.addAlgorithm(cls())
