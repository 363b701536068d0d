"""The handout page's inline style sheet (split from :mod:`html` to keep each module small).

Filled in by :func:`ldn_titrate.render.handout.html.page` with the paper and type sizes.
"""

# Black on white, borders and bold rather than colour, so a black-and-white print loses nothing.
CSS = """\
@page { size: %(page)s; margin: 12mm; }
* { box-sizing: border-box; }
html { font-family: %(family)s; font-size: %(base)s;
  line-height: 1.3; color: #000; background: #fff; }
body { margin: 0; }
h1 { font-size: 1.7rem; margin: 0 0 0.4rem; }
h2 { font-size: 1.3rem; margin: 1rem 0 0.4rem; break-after: avoid; }
tr { break-inside: avoid; }
.per { white-space: nowrap; }
p, ul { margin: 0 0 0.5rem; }
li { margin-bottom: 0.3rem; }
table { border-collapse: collapse; width: 100%%; }
.facts th { text-align: left; font-weight: normal; padding: 0.05rem 1rem 0.05rem 0;
  white-space: nowrap;
  vertical-align: top; width: 1%%; }
.facts td { padding: 0.05rem 0; font-weight: bold; }
.doses th, .doses td { border: 1px solid #000; padding: 0.2rem 0.4rem; text-align: left;
  vertical-align: top; }
.doses .unbroken { white-space: %(date_wrap)s; }
.doses strong { white-space: nowrap; }
.box { border: 3px solid #000; padding: 0.5rem 0.8rem; margin-top: 1rem; break-inside: avoid; }
.box h2 { margin-top: 0; }
.box.before { margin-top: 0; margin-bottom: 0.5rem; }
.keep { break-before: page; break-inside: avoid; }
.box.before ul { margin-bottom: 0; padding-left: 1.2rem; }
.box.before li { margin-bottom: 0.15rem; }
.doses tbody.noted { break-inside: avoid; }
.doses tr.noted td { border-bottom: none; }
.doses tr.note td { border-top: none; padding-top: 0; }
.history { padding-left: 1.2rem; }
.notes { white-space: pre-line; }
.instructions, .month { break-before: page; }
.month { page: month; }
@page month { margin: %(month_margin)s; }
.instructions li { margin-bottom: 0.2rem; }
.month { break-inside: avoid; }
.month-head { display: flex; justify-content: space-between; align-items: baseline;
  gap: 1rem; }
.month h2 { font-size: %(month_title)s; margin: 0 0 0.3rem; }
.month p { margin-bottom: 0.3rem; }
.who { font-weight: bold; }
.key { padding-left: 1.2rem; margin-bottom: 0.3rem; }
.key li { margin-bottom: 0.1rem; font-size: %(key)s; line-height: 1.25; }
.grid { table-layout: fixed; margin-top: 0.4rem; }
.grid th { border: 1px solid #000; padding: 0.2rem; }
.grid td { border: 1px solid #000; height: %(cell)s; padding: 1.2mm 1mm; vertical-align: top;
  line-height: 1.12; }
.grid td.stand-out { box-shadow: inset 0 0 0 3px #000; }
.grid td.off { background: #e6e6e6; }
.grid .tick { float: right; width: 6mm; height: 6mm; border: 2px solid #000; }
.grid .day { display: block; }
.grid .dose { display: block; clear: both; font-weight: bold; font-size: %(dose)s;
  line-height: 1.15; }
.grid .mg { display: block; font-size: %(mark)s; }
.grid .paused { display: block; clear: both; font-size: %(paused)s; }
.grid .when { display: block; font-size: %(mark)s; }
.grid .mark { display: block; font-weight: bold; font-size: %(mark)s; }
.doses .measure { font-size: 1.15em; white-space: normal; }
.doses .syringe { display: block; }
.syringe-line { margin-top: 0.4rem; break-before: avoid; }
.doses tbody.tail { break-inside: avoid; }
.pair { display: grid; grid-template-columns: %(pair)s; gap: 0 6mm; align-items: start; }
.pair .box { margin-top: 0.6rem; }
.chart-box { margin: 0.6rem 0 0; break-inside: avoid; font-size: 0.85em; }
.chart-box svg { display: block; width: 100%%; height: auto; margin-top: 0.2rem; }
.card { width: 85.6mm; min-height: 54mm; border: 2px dashed #000; padding: 3mm;
  margin-top: 1rem; break-inside: avoid; font-size: 10pt; line-height: 1.25; }
.card p { margin: 0 0 1.5mm; }
.card .card-head { font-weight: bold; }
.foot { margin-top: 0.3rem; font-size: %(key)s; }
"""

# Added for a language other than English, whose words run longer: the amount to take may wrap
# between words (a number never leaves its unit: they are joined by a no-break space); an
# instruction section moves to the next page whole rather than leave a line behind; a dose table
# that runs over takes its last three rows with it, the syringe line goes with the table, the
# changes to the plan keep together under their heading;
# a month's key is a point smaller in large print, so the month stays on one page.
LONGER_WORDS = """\
.summary h2 { break-after: avoid; }
.history { break-inside: avoid; }
.instructions h2 { break-after: avoid; }
.instructions ul { break-inside: avoid; }
.key li { font-size: %(key)s; }
"""
