"""动态更新: re-delineate only the counties a changed input layer touches."""

from __future__ import annotations

from qgis.core import (
    QgsFeature,
    QgsFeatureRequest,
    QgsProcessingException,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingUtils,
)

from ...plugin.adapters.fields import qgs_fields
from ...plugin.compat import SourceType, WkbType
from ...plugin.core import schema, tables
from ..base import EcoZoningAlgorithm
from ..delineation_inputs import DelineationInputsMixin
from ..inputs import InputsMixin
from ..outputs import OutputsMixin


class UpdateUnits(DelineationInputsMixin, InputsMixin, OutputsMixin, EcoZoningAlgorithm):
    NAME = "updateunits"
    GROUP = "filing"

    UNITS = "UNITS"
    CHANGED_OLD = "CHANGED_OLD"
    CHANGED_NEW = "CHANGED_NEW"
    OUTPUT = "OUTPUT"
    OUTPUT_IMPACT = "OUTPUT_IMPACT"
    OUTPUT_CHANGES = "OUTPUT_CHANGES"
    OUTPUT_REPORT = "OUTPUT_REPORT"

    def displayName(self):  # noqa: N802
        return self.tr("Update units (dynamic update)")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Dynamic update after an input layer changed (a new red line, water-source zone, "
            "protected area or park). Give the current units, the previous and the new version "
            "of each changed layer (in the same order), and the delineation inputs as they are "
            "now. The land each changed layer gained or lost is overlaid with the current units "
            "(area gained and lost per unit); only the counties it touches are delineated again, "
            "with the current units as previous units, so continuing units keep their codes, new "
            "units take new serials and retired codes are never reused. Units of untouched "
            "counties are copied unchanged (same attributes, same geometry). The comparison with "
            "the current units is written as a change layer and, optionally, a report."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        polygon = [SourceType.VectorPolygon]

        self.addParameter(
            QgsProcessingParameterFeatureSource(self.UNITS, self.tr("Current units"), polygon)
        )
        self.addParameter(
            QgsProcessingParameterMultipleLayers(
                self.CHANGED_OLD,
                self.tr("Changed layers: previous versions"),
                SourceType.VectorPolygon,
            )
        )
        self.addParameter(
            QgsProcessingParameterMultipleLayers(
                self.CHANGED_NEW,
                self.tr("Changed layers: new versions (same order)"),
                SourceType.VectorPolygon,
            )
        )
        self.add_delineation_inputs()
        self.add_place_names()
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, self.tr("Updated units"), SourceType.VectorPolygon
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT_IMPACT,
                self.tr("Units touched by the change"),
                SourceType.Vector,
                optional=True,
                createByDefault=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT_CHANGES,
                self.tr("Unit changes"),
                SourceType.VectorPolygon,
                optional=True,
                createByDefault=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFolderDestination(
                self.OUTPUT_REPORT, self.tr("Report folder (HTML and PDF)"), optional=True
            )
        )

    # --- steps ---------------------------------------------------------------------

    def changed_layers(self, parameters, context, feedback, work_crs):
        from ...plugin.adapters.layers import read_frame

        old = self.input_layers(parameters, self.CHANGED_OLD, context, feedback)
        new = self.input_layers(parameters, self.CHANGED_NEW, context, feedback)
        if len(old) != len(new) or not old:
            raise QgsProcessingException(
                self.tr(
                    "Give each changed layer twice, its previous and its new version in the same "
                    "order ({0} previous, {1} new)."
                ).format(len(old), len(new))
            )
        changed = []
        for before, after in zip(old, new):
            frames = [
                read_frame(layer, work_crs, [], context.transformContext(), feedback)
                for layer in (before, after)
            ]
            changed.append((after.name(), frames[0]["geometry"], frames[1]["geometry"]))
        return changed

    def neighbours(self, admin, code_field, counties, work_crs, context, feedback) -> list:
        """The touched counties and the counties next to them (townships may straddle a
        county line: their county is decided among these, as in a full delineation)."""
        import numpy as np
        import shapely

        from ...plugin.adapters.layers import read_frame

        frame = read_frame(admin, work_crs, [code_field], context.transformContext(), feedback)
        codes = np.array(
            [schema.normalise_county_code(v) or str(v) for v in frame[code_field]], dtype=object
        )
        geoms = frame["geometry"].to_numpy()
        touched = np.isin(codes, counties) & ~shapely.is_missing(geoms)
        tree = shapely.STRtree(geoms)
        hits = tree.query(shapely.buffer(geoms[touched], 1.0), predicate="intersects")[1]
        return sorted(set(codes[hits]) | set(counties))

    def delineate(self, parameters, context, feedback, counties, current, units_source, work_crs):
        """Child delineation of the touched counties (with their neighbours, whose units are
        discarded); returns the new units of the touched counties."""
        import processing

        admin = self.input_source(parameters, "ADMIN", context, feedback)
        code_field = self.parameterAsString(parameters, "ADMIN_CODE_FIELD", context)
        around = self.neighbours(admin, code_field, counties, work_crs, context, feedback)
        quoted = ",".join("'" + c.replace("'", "''") + "'" for c in around)
        request = QgsFeatureRequest().setFilterExpression(
            f'to_string("{code_field}") IN ({quoted})'
        )
        admin_subset = admin.materialize(request)
        if admin_subset.featureCount() == 0:
            raise QgsProcessingException(
                self.tr("The county layer has no county with code {0}.").format(", ".join(counties))
            )
        child = {k: parameters[k] for k in self.PASS_THROUGH if k in parameters}
        child.update(
            ADMIN=admin_subset,
            PREVIOUS=self.previous_layer(
                current, around, units_source, self.code_history(parameters, context)
            ),
            OUTPUT_CRS=units_source.sourceCrs(),
            OUTPUT="memory:",
        )
        results = processing.run(
            "ecozoning:delineateunits",
            child,
            context=context,
            feedback=feedback,
            is_child_algorithm=True,
        )
        if not results:
            return None
        layer = QgsProcessingUtils.mapLayerFromString(results["OUTPUT"], context)
        quoted = ",".join("'" + c.replace("'", "''") + "'" for c in counties)
        layer.setSubsetString(f'"{schema.UNIT_COUNTY_CODE}" IN ({quoted})')
        return layer

    def previous_layer(self, current, counties, units_source, history=()):
        """The current units of the touched counties as a memory layer, plus a geometry-less
        row for each other code of ``history`` (codes of earlier versions and the journal:
        reserved, never given again; a code of another county reserves nothing here)."""
        from ...plugin.adapters.changes_io import units_layer
        from ...plugin.adapters.code_history import reserved_rows

        subset = current[current[schema.UNIT_COUNTY_CODE].isin(counties)]
        layer = units_layer(subset, units_source.sourceCrs(), "PREVIOUS")
        held = set(subset[schema.UNIT_CODE])
        reserved = [c for c in history if c not in held]
        if reserved:
            layer.dataProvider().addFeatures(reserved_rows(reserved, layer.fields()))
        return layer

    def code_history(self, parameters, context) -> list:
        """Codes the units' project database ever gave out (none outside a GeoPackage)."""
        from ...plugin.adapters.code_history import codes_in_history
        from ...plugin.adapters.journal import gpkg_of

        layer = self.parameterAsVectorLayer(parameters, self.UNITS, context)
        return codes_in_history(gpkg_of(layer))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        self.require_core()
        from ...plugin.adapters.area_rule import rule_for
        from ...plugin.adapters.changes_io import UnitFieldsMissing, read_units, write_report
        from ...plugin.core import area, changes, update

        source = self.input_source(parameters, self.UNITS, context, feedback)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.UNITS))
        name = self.layer_name(parameters, self.UNITS, context)
        work_crs = self.working_crs(source, name)
        try:
            current_work = read_units(source, work_crs, context, feedback)
            current_own = read_units(source, source.sourceCrs(), context, feedback)
        except UnitFieldsMissing as error:
            raise QgsProcessingException(
                self.tr("Layer {0} has no field {1}.").format(name, str(error))
            ) from None
        changed = self.changed_layers(parameters, context, feedback, work_crs)
        with area.using(rule_for(work_crs)):
            impact, counties = update.impact(current_work, changed)
        self.log_impact(feedback, impact, counties)
        feedback.setProgress(15)
        new_layer = None
        if counties:
            new_layer = self.delineate(
                parameters, context, feedback, counties, current_own, source, work_crs
            )
            if new_layer is None:
                raise self.cancelled()
        self.stop_if_cancelled(feedback)
        feedback.setProgress(80)
        features, new_work = self.unit_features(source, counties, new_layer, work_crs, context)
        retired = update.retired_codes(
            current_work[schema.UNIT_CODE], new_work[schema.UNIT_CODE], counties
        )
        if retired:
            feedback.pushInfo(self.tr("Codes retired: {0}").format(", ".join(retired)))
        with area.using(rule_for(work_crs)):
            result = changes.compare(current_work, new_work)
        impact_fields = qgs_fields(tables.UNIT_IMPACT)
        change_fields = qgs_fields(tables.CHANGES)
        outputs = [
            (self.OUTPUT, qgs_fields(schema.UNIT_FIELDS), WkbType.MultiPolygon,
             source.sourceCrs(), features, True),
            self.table_output(self.OUTPUT_IMPACT, impact, impact_fields, feedback),
            (self.OUTPUT_CHANGES, change_fields, WkbType.MultiPolygon, work_crs,
             self.prepare(result.changes, change_fields, feedback, dimension=2), False),
        ]  # fmt: skip
        results = self.commit_outputs(parameters, context, feedback, outputs)
        folder = self.parameterAsString(parameters, self.OUTPUT_REPORT, context)
        if folder:
            write_report(folder, result, new_work, work_crs, self.tr("Comparison of unit versions"))
            results[self.OUTPUT_REPORT] = folder
        for change, count in sorted(result.counts.items()):
            feedback.pushInfo(f"{changes.CHANGE_LABELS_ZH[change]}: {count}")
        return results

    # --- writing -------------------------------------------------------------------

    def log_impact(self, feedback, impact, counties) -> None:
        for row in impact.itertuples(index=False):
            feedback.pushInfo(
                self.tr("{0}: unit {1} gains {2:.1f} m², loses {3:.1f} m²").format(
                    row[0], row[1], row[5], row[6]
                )
            )
        feedback.pushInfo(
            self.tr("Counties touched by the change: {0}").format(", ".join(counties) or "—")
        )

    def _copies(self, source, counties, fields, mapping):
        """(code, feature) of every current unit outside ``counties``, unchanged."""
        county_field = mapping[schema.UNIT_COUNTY_CODE]
        kept = []
        for feature in source.getFeatures():
            county = schema.normalise_county_code(feature[county_field]) or str(
                feature[county_field]
            )
            if county in counties:
                continue
            copy = QgsFeature(fields)
            for spec in schema.UNIT_FIELDS:
                if spec.name in mapping:
                    copy[spec.name] = feature[mapping[spec.name]]
            copy.setGeometry(feature.geometry())
            kept.append((str(feature[mapping[schema.UNIT_CODE]]), copy))
        return kept

    def unit_features(self, source, counties, new_layer, work_crs, context):
        """The updated units as features in code order (untouched ones copied, the touched
        counties' new ones added), and as a frame in the 3° zone for the comparison."""
        import pandas as pd

        from ...plugin.adapters.changes_io import read_units

        fields = qgs_fields(schema.UNIT_FIELDS)
        mapping = schema.guess_field_mapping(source.fields().names())
        features = self._copies(source, counties, fields, mapping)
        frames = []
        if new_layer is not None:
            for feature in new_layer.getFeatures():
                copy = QgsFeature(fields)
                for spec in schema.UNIT_FIELDS:
                    copy[spec.name] = feature[spec.name]
                copy.setGeometry(feature.geometry())
                features.append((str(feature[schema.UNIT_CODE]), copy))
            frames.append(read_units(new_layer, work_crs, context))
        current = read_units(source, work_crs, context)
        untouched = current[~current[schema.UNIT_COUNTY_CODE].isin(counties)]
        ordered = [feature for _, feature in sorted(features, key=lambda item: item[0])]
        return ordered, pd.concat([untouched, *frames], ignore_index=True)
