"""Sizing shared by the docks: each panel sits in a scroll area, so a dock can be tabbed or
stacked with the others on a 1366×768 screen; the panel scrolls rather than pushing the
window taller than the screen."""

from __future__ import annotations

from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QFrame, QScrollArea, QSizePolicy, QToolButton

# The least a dock asks for: four docks stacked in one dock area fit on a 768-px screen.
DOCK_MIN_WIDTH = 300
DOCK_MIN_HEIGHT = 140


def set_scrolling_panel(dock, panel) -> QScrollArea:
    """Put ``panel`` into ``dock`` inside a frameless, resizable scroll area."""
    area = QScrollArea(dock)
    area.setObjectName(f"{dock.objectName()}Scroll")
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    area.setWidget(panel)
    area.setMinimumSize(DOCK_MIN_WIDTH, DOCK_MIN_HEIGHT)
    dock.setWidget(area)
    return area


def icon_only(*buttons: QToolButton) -> None:
    """Tool buttons that show their icon, with the text as tooltip (compact rows)."""
    for button in buttons:
        if not button.toolTip():
            button.setToolTip(button.text())
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        button.setAutoRaise(True)


def shrinkable(*widgets) -> None:
    """Let combo boxes and line edits shrink below their content's width."""
    for widget in widgets:
        if hasattr(widget, "setSizeAdjustPolicy"):
            widget.setSizeAdjustPolicy(
                widget.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            widget.setMinimumContentsLength(4)
        policy = widget.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Expanding)
        widget.setSizePolicy(policy)
