"""Coverage-keeping edits of control units (单元边界编辑), Qt-free.

``operations`` reshapes the units of one county (move a shared boundary, split, merge,
reclassify part, follow another layer's feature) on the precision grid so the county stays
tiled exactly; ``live_check`` checks only the neighbourhood of the touched units;
``journal`` turns an edit into change-journal rows.
"""
