"""Every file from other projects' test suites (../shared/fixtures/peers/, MANIFEST.tsv says
whose) imports without a crash or a hang, and nothing goes missing silently: for each file, the
items that became events and the items reported as skipped add up to the items in it, counted
here independently of the readers (BEGIN:VEVENT/VTODO/VJOURNAL lines, slides, data rows)."""

from __future__ import annotations

import csv
import io
import json
import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from timeline.core.errors import TimelineError
from timeline.formats import import_document
from timeline.formats.mapping import ImportOptions

from .conftest import SHARED

PEERS = SHARED / "fixtures" / "peers"
FORMATS = {"ics": "ics", "timelinejs": "timelinejs", "csv": "csv"}
FILES = sorted(PEERS.glob("*/*.*")) if PEERS.is_dir() else []
ITEM = re.compile(r"^BEGIN:(VEVENT|VTODO|VJOURNAL)\s*$", re.IGNORECASE | re.MULTILINE)

# Files refused as a whole, and why: the times need a zone the file does not give
# (--timezone imports them), or nothing in the file is an event (each item is listed as skipped).
REFUSED = {
    "ics/festival-multiday-rrule.ics": "needs-timezone",
    "ics/floating-dtstart-custom-vtimezone.ics": "needs-timezone",
    "ics/multiple_timezones.ics": "needs-timezone",
    "ics/tripit-location-escaping.ics": "needs-timezone",
    "ics/dates.ics": "empty",
    "ics/empty.ics": "empty",
    "ics/multiple_root_components.ics": "empty",
    "ics/big_bad_calendar.ics": "skipped",
    "ics/broken_dtstart.ics": "skipped",
    "ics/broken_ical.ics": "skipped",
    "ics/event_with_unicode_organizer.ics": "skipped",
    "ics/issue_1081_invalid_start_and_end.ics": "skipped",
    "ics/issue_1561_image_value.ics": "skipped",
    "ics/issue_798_related_to.ics": "skipped",
    "ics/office_365_invalid_timezone.ics": "skipped",
    "ics/rfc_5545_RDATE_example.ics": "skipped",
    "ics/rfc_7986_conferences.ics": "skipped",
    "ics/small_bad_calendar.ics": "skipped",
    "ics/utf8-french-calendar.ics": "skipped",
}


def items_in(path: Path) -> int:
    """The items in a file, counted without the readers."""
    text = path.read_text(encoding="utf-8-sig")
    if path.parent.name == "ics":
        return len(ITEM.findall(text))
    if path.parent.name == "timelinejs":
        data = json.loads(text)
        inner = data.get("timeline", data)
        slides = inner.get("date") or inner.get("slides") or inner.get("events") or []
        eras = inner.get("era") or inner.get("eras") or []
        return len(slides) + len(eras)
    rows = [
        r for r in csv.DictReader(io.StringIO(text)) if any((v or "").strip() for v in r.values())
    ]
    # TimelineJS's sheets hold their title slide as a row: the file's title, not an event.
    return sum(1 for r in rows if (r.get("Type") or "").strip().lower() != "title")


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    def hang(*_: object) -> None:
        raise TimeoutError(f"still importing after {seconds} s")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.skipif(not FILES, reason=f"{PEERS} is absent")
@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_peer_file_imports_whole_or_says_why(path: Path) -> None:
    key = f"{path.parent.name}/{path.name}"
    with deadline(120):
        try:
            timeline, report, document = import_document(
                path, format=FORMATS[path.parent.name], max_problems=None
            )
        except TimelineError as exc:  # a clean refusal of the whole file is not a crash
            pytest.fail(f"{key} refused outright: {exc}")
    skipped = [p for p in report.problems if p.code == "skipped" and p.line is not None]
    if timeline is None:
        assert report.errors, key
        assert {p.code for p in report.errors} & {REFUSED.get(key, "?"), "skipped"}, (
            f"{key}: {report}"
        )
        if REFUSED.get(key) == "skipped":
            assert len(skipped) == items_in(path), f"{key}: {report}"
        return
    assert key not in REFUSED, f"{key} imports now: take it off the list"
    events = document.data["events"]
    origins = {document.locate(("events", i)) for i in range(len(events))}
    assert None not in origins, f"{key}: an event with no place in the source"
    assert len(timeline) == len(events)
    assert len(origins) + len(skipped) == items_in(path), f"{key}: {report}"


@pytest.mark.skipif(not FILES, reason=f"{PEERS} is absent")
@pytest.mark.parametrize("folder", sorted(FORMATS))
def test_at_least_95_percent_of_the_peer_files_that_hold_events_import(folder: str) -> None:
    """Of the files with at least one item that can be an event, the share that import, with
    --timezone where the file says it needs one."""
    holding = [
        p
        for p in FILES
        if p.parent.name == folder and REFUSED.get(f"{folder}/{p.name}") in (None, "needs-timezone")
    ]
    imported = 0
    for path in holding:
        zone = "UTC" if f"{folder}/{path.name}" in REFUSED else None
        with deadline(120):
            found, _, _ = import_document(
                path, format=FORMATS[folder], options=ImportOptions(timezone=zone)
            )
        imported += found is not None and len(found) > 0
    assert imported >= 0.95 * len(holding), f"{imported} of {len(holding)}"
