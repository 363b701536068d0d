"""Clinic rules: what a clinic's policy allows, and what a request or a plan means under it.

What lives here: the policy models and the built-in policy (:mod:`.policy`,
:mod:`.builtin_policy`), reading a clinic's TOML file (:mod:`.policy_file`), the checks of a
request against the bounds (:mod:`.checks`), the one re-check of a plan's doses
(:mod:`.dose_bounds`), the safety screen and the opioid washout (:mod:`.screening`,
:mod:`.washout`), and the formulation arithmetic: volumes, capsules and what is dispensed
(:mod:`.formulation`, :mod:`.dispensing`, :mod:`.prescribing`). It may import core only.
"""
