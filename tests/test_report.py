"""``report``: the course report for the clinician (issue 26), read with a real HTML parser."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from tests.conftest import Cli


class Rows(HTMLParser):
    """The text of each table row, and of the proposal box."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, str]] = []  # (class, text)
        self.row: list[str] | None = None
        self.cls = ""
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.row, self.cls = [], dict(attrs).get("class") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr" and self.row is not None:
            self.rows.append((self.cls, " | ".join(self.row)))
            self.row = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self.row is not None and data.strip():
            self.row.append(data.strip())


def test_the_course_report_shows_every_checkin_change_and_the_proposal(
    cli: Cli, tmp_path: Path
) -> None:
    p = [tmp_path / f"p{n}.json" for n in range(6)]
    steps = [
        ("plan", "--start-date", "2026-11-01", "--opioids", "none", "--goal", "pain -30%",
         "-f", "json", "-o", str(p[0])),
        ("checkin", str(p[0]), "--on", "2026-10-30", "--pain", "8", "--note", "<script>x</script>",
         "-o", str(p[1])),
        ("checkin", str(p[1]), "--on", "2026-11-05", "--pain", "9", "-o", str(p[2])),
        ("checkin", str(p[2]), "--void", "2", "--reason", "wrong patient", "-o", str(p[3])),
        ("adjust", str(p[3]), "--hold", "3", "--on", "2026-11-08", "--reason", "dreams", "-o",
         str(p[4])),
        ("checkin", str(p[4]), "--on", "2026-11-20", "--pain", "6", "--side-effect",
         "vivid-dreams:moderate", "-o", str(p[5])),
    ]  # fmt: skip
    for args in steps:
        result = cli(*args)
        assert result.exit_code == 0, result.output
    out = tmp_path / "course.html"
    result = cli("report", str(p[5]), "--on", "2026-11-21", "-o", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<script>" not in page
    parsed = Rows()
    parsed.feed(page)
    text = "".join(parsed.text)
    assert "&lt;script&gt;" in page
    checkins = [row for row in parsed.rows if row[1].split(" | ")[0] in ("1", "2", "3")]
    assert [row[1].split(" | ")[1] for row in checkins][:3] == [
        "Fri 30 Oct 2026", "Thu 5 Nov 2026", "Fri 20 Nov 2026",
    ]  # fmt: skip
    voided = [row for row in parsed.rows if "VOIDED" in row[1]]
    assert voided[0][0] == "void"
    assert "wrong patient" in voided[0][1]
    assert "before night 1" in checkins[0][1]  # the baseline's dose column
    assert "held 3 nights — dreams" in text
    assert "Proposal " in text
    assert "hold 7 nights" in text
    assert "Goal: pain -30 % from a baseline of 8" in text
    assert "<svg" in page


def test_the_report_is_html(cli: Cli, tmp_path: Path) -> None:
    plan = tmp_path / "p.json"
    assert cli("plan", "--start-date", "2026-11-01", "-f", "json", "-o", str(plan)).exit_code == 0
    result = cli("report", str(plan), "-o", str(tmp_path / "r.pdf"))
    assert result.exit_code == 2
    assert "the course report is HTML" in result.output
    shown = cli("report", str(plan), "--on", "2026-11-10", "-o", "-")
    assert "No check-ins recorded." in shown.stdout
    assert "No proposal" in shown.stdout
