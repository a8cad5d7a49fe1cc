"""外业核查 (field review): the Qt-free core of the offline package and its merge back.

``snapshot`` records what was exported (id and hash of the editable fields of every row);
``merge`` decides, from that snapshot, the office copy and the field copies, what is
appended, applied, put in conflict or skipped. Nothing here touches QGIS.
"""
