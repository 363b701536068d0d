"""The handout family: the sheet a patient takes home, as HTML, Markdown or PDF.

What lives here: the checked handout options (:mod:`.common`, with the patient's language), the
words (:mod:`.words`, :mod:`.periods`, :mod:`.safety`, :mod:`.changes`, :mod:`.card`), the labels
the renderers place (:mod:`.labels`), the content every format lays out (:mod:`.content`, with
the month pages in :mod:`.months`) and one module per format (:mod:`.html`, :mod:`.markdown`,
:mod:`.pdf`, which prints the HTML page with WeasyPrint and is the only module importing it),
with the fonts the page names (:mod:`.fonts`, with the bundled DejaVu Sans). Every
patient-facing string is a catalog message said in the patient's language; the renderers never
translate. It may import core, clinic rules and the rest of render; never plans or the command
line.
"""
