"""Changing a running plan: one module per adjustment kind, found by name, applied purely.

What lives here: what a kind is (:mod:`.kind`), the kinds themselves (:mod:`.kinds`: hold,
step back, stop at current, pause, dose time, discontinue, undo), what each rule works with
(:mod:`.context`), parsing the options into one request (:mod:`.request`) and applying it with a
new revision and history entry (:mod:`.apply`). It may import core, clinic rules and
:mod:`ldn_titrate.plans.planfile`; never the command line or a renderer.
"""
