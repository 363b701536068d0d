"""The handout family: the sheet a patient takes home, as HTML, Markdown or PDF.

What lives here: the checked handout options (:mod:`.common`), the words (:mod:`.words`,
:mod:`.safety`, :mod:`.changes`), the content every format lays out (:mod:`.content`) and one
module per format (:mod:`.html`, :mod:`.markdown`, :mod:`.pdf` with :mod:`.pdf_parts`; only
these import fpdf), with the bundled fonts. It may import core, clinic rules and the rest of
render; never plans or the command line.
"""
