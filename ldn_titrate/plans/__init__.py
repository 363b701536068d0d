"""Plans: building a checked schedule, reading a saved one, changing it, asking it, batching it.

What lives here: obtaining the schedule a command outputs (:mod:`.planning`), reading the plan
file back (:mod:`.planfile`), ``status`` (:mod:`.status`), adjustments (:mod:`.adjust`, a
registry of kinds) and the clinic batch (:mod:`.batch`). It may import core, clinic rules and
the renderers (a batch writes every patient's files); never the command line.
"""
