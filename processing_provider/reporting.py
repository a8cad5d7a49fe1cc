"""What the analysis algorithms tell the user in the Processing log: repaired input
features, the roles of constraint layers, the area rule; and core progress mapped onto
the feedback. A mixin (``class X(ReportingMixin, EcoZoningAlgorithm)``)."""

from __future__ import annotations


class ReportingMixin:
    """Log messages shared by the algorithms (needs ``EcoZoningAlgorithm`` beside it)."""

    def area_rule_text(self, rule) -> str:
        """Which area rule the areas follow (``area.AreaRule``), for the log."""
        if rule.epsg is None:
            return self.tr("planar area in the layer's CRS")
        if rule.rule == "ellipsoidal":
            return self.tr("ellipsoidal area on the CGCS2000 ellipsoid")
        return self.tr("planar area in the CGCS2000 3-degree Gauss-Krüger zone of each feature")

    def log_repairs(self, feedback, repairs) -> None:
        """One log line per repaired or dropped input feature (layer, fid, what was done)."""
        if repairs is None or len(repairs) == 0:
            return
        for row in repairs.itertuples(index=False):
            if row.action == "dropped":
                text = self.tr("Layer {0}, feature {1}: no usable geometry after repair, left out")
            else:
                text = self.tr("Layer {0}, feature {1}: invalid geometry repaired ({2})")
            feedback.pushWarning(text.format(row.layer, row.fid, row.detail or "-"))

    def log_roles(self, feedback, layers) -> None:
        """The role of each constraint layer (guessed or chosen) and its consequence."""
        rows = layers.to_dict("records") if hasattr(layers, "to_dict") else layers
        for row in rows:
            if row["role"] == "":
                feedback.pushWarning(
                    self.tr(
                        "Constraint layer {0}: role unknown (not recognised from its name). Give "
                        "it as a role parameter or choose its role in the project screening "
                        "panel; until then projects on it are concluded 待补充信息."
                    ).format(row["constraint"])
                )
                continue
            how = self.tr("guessed from its name") if row["guessed"] else self.tr("chosen")
            feedback.pushInfo(
                self.tr("Constraint layer {0}: {1} ({2}), {3}").format(
                    row["constraint"], row["role_label"], how, row["consequence"]
                )
            )

    def check_role(self, feedback, layer, expected: str) -> None:
        """Warn when a layer given for a role (say the red line) looks like another role."""
        from ..plugin.adapters.compliance_data import layer_role
        from ..plugin.core import roles

        if layer is None:
            return
        key, _ = layer_role(layer)
        if key not in (roles.UNKNOWN, expected):
            feedback.pushWarning(
                self.tr(
                    "Layer {0} is given as {1}, but its name or saved role says {2}: check the "
                    "parameters."
                ).format(layer.name(), roles.role(expected).label_zh, roles.role(key).label_zh)
            )

    @staticmethod
    def progress_callback(feedback, start: float = 0.0, end: float = 100.0):
        """A core-style progress(percent) callback mapped into [start, end] of the feedback."""

        def report(percent: float) -> None:
            feedback.setProgress(start + (end - start) * max(0.0, min(100.0, percent)) / 100.0)

        return report
