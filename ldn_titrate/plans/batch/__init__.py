"""A clinic's batch: one CSV row per patient, each planned, rendered and written on its own.

What lives here: reading the CSV into the same option values the command line gives
(:mod:`.table`), planning and rendering rows on every core (:mod:`.run`) and writing each row's
files all or nothing, with the report (:mod:`.output`), each format rendered with its family's
options and the row's own words (:mod:`.row_files`). It may import core, clinic rules, the
rest of plans and the renderers (chosen from the format registry); never the command line.
"""
