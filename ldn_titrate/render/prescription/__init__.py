"""The prescription pack: what a prescriber sends to a pharmacy and enters in a records system.

What lives here: the e-prescription directions text (:mod:`.directions`), the order sheet for
the compounding pharmacy (:mod:`.order_sheet` content, :mod:`.order_html` and
:mod:`.order_markdown` layouts), and the plan as numbered dose lines for a records system's
taper order (:mod:`.dose_lines`), with the options every one takes (:mod:`.options`). These are
clinician and pharmacy documents, in English. Like every renderer they may import core and
clinic rules; never plans or the command line.
"""
