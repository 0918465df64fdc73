"""Render the README gallery: a PNG and its Vega-Lite spec for each picture.

python examples/gallery.py [FOLDER]      (FOLDER defaults to docs/gallery)

Each picture NAME is written as NAME.png and NAME.vl.json. The specs are deterministic, and
tests/test_gallery.py checks the committed ones against what this script makes now.

PAGES are screenshots of the HTML page of the bundled events, as readers see it on a phone
(phone.png: the events down the page) and on a desktop (desktop.png), taken in Chromium through
playwright (from the test extras; `apt-get install chromium`).
"""

from __future__ import annotations

import json
import shutil
import struct
import sys
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import timeline
from timeline import Actor, Event, Timeline

SCALE = 2  # as `timeline render --out chart.png` draws: sharp on high-density screens


def bundled() -> Timeline:
    return timeline.load(timeline.bundled_events())


def autumn() -> Timeline:
    """The close-up: `timeline render --from 2025-10-20 --to 2025-11-15 --tz Europe/Berlin`."""
    return bundled().filter(start="2025-10-20", end="2025-11-15", tz="Europe/Berlin")


# Six places in six zones, from UTC+9 to UTC-3, so one day of events spans two calendar days.
PLACES = [
    ("JP", "Asia/Tokyo", "Tokyo"),
    ("KR", "Asia/Seoul", "Seoul"),
    ("CN", "Asia/Shanghai", "Beijing"),
    ("DE", "Europe/Berlin", "Berlin"),
    ("US", "America/New_York", "Washington"),
    ("BR", "America/Sao_Paulo", "Brasília"),
]
WHAT = [
    ("meeting", "Trade ministers meet"),
    ("signing", "Supply agreement signed"),
    ("announcement", "Export quota announced"),
    ("conference", "Battery-materials forum"),
    ("dinner", "Working dinner"),
    ("report", "Customs data published"),
    ("meeting", "Talks on graphite prices"),
    ("visit", "Delegation visits a refinery"),
]


def dense() -> Timeline:
    """48 made-up events in one week in six countries: enough to crowd the chart.

    The numbers are arithmetic on the event's index, so every run builds the same timeline.
    """
    actors = {
        f"minister-{country.lower()}": Actor(name=f"Minister of Trade ({country})", country=country)
        for country, _, _ in PLACES
    }
    events = [
        Event.model_validate(
            {
                "id": "minerals-week",
                "title": "Critical-minerals week",
                "kind": "conference",
                "timezone": "Europe/Berlin",
                "start": "2025-11-03",
                "end": "2025-11-07",
                "place": {"city": "Berlin", "country": "DE"},
                "sources": [{"url": "https://example.org/gallery/minerals-week"}],
            }
        )
    ]
    for i in range(47):
        country, zone, city = PLACES[i % len(PLACES)]
        kind, what = WHAT[i % len(WHAT)]
        day = 3 + (i * 3) % 5  # 3..7 November
        hour, minute = 8 + (i * 7) % 11, (i * 13) % 4 * 15
        fields: dict[str, Any] = {
            "id": f"event-{i:02d}",
            "title": f"{what}, {city}" + (" (second round)" if i % 9 == 4 else ""),
            "kind": kind,
            "timezone": zone,
            "start": f"2025-11-{day:02d} {hour:02d}:{minute:02d}",
            "place": {"city": city, "country": country},
            "participants": [f"minister-{country.lower()}"],
            "sources": [{"url": f"https://example.org/gallery/event-{i:02d}"}],
            "part_of": "minerals-week",
        }
        if i % 4 == 0:  # a span of a few hours
            fields["end"] = f"2025-11-{day:02d} {min(hour + 2 + i % 3, 23):02d}:{minute:02d}"
        if i % 7 == 3:  # the time is not known: the whole day
            fields["start"] = f"2025-11-{day:02d}"
            fields.pop("end", None)
        if i % 5 == 2:
            fields["approximate"] = True
            fields["notes"] = "Scheduled time."
        # talks that follow the previous round in the same place, when it was on an earlier day
        if i >= 6 and i % 6 == 1 and 3 + ((i - 6) * 3) % 5 < day:
            fields["follows"] = [f"event-{i - 6:02d}"]
        events.append(Event.model_validate(fields))
    return Timeline(events, title="Critical-minerals week (made-up data)", actors=actors)


HERE = Path(__file__).resolve().parent
COSMOLOGY = HERE.parent.parent / "shared" / "fixtures" / "timelinejs" / "cosmo.json"
"""TimelineJS's cosmology example, from the fixtures beside the project (not copied into it)."""


def uncertain() -> Timeline:
    """Every kind of uncertain date, on made-up events: `examples/uncertain-dates.yaml`."""
    return timeline.load(HERE / "uncertain-dates.yaml")


def cosmos() -> Timeline:
    """TimelineJS's cosmology example, from the Big Bang on: `timeline import cosmo.json`."""
    return timeline.import_events(COSMOLOGY)


PICTURES: dict[str, tuple[Callable[[], Timeline], dict[str, Any]]] = {
    "default": (bundled, {}),
    "german": (bundled, {"lang": "de", "tz": "Europe/Berlin"}),
    "dark": (bundled, {"theme": "dark"}),
    "dense": (dense, {"group_by": "country", "tz": "UTC"}),
    "autumn": (autumn, {"tz": "Europe/Berlin"}),
    "reported": (autumn, {"tz": "Europe/Berlin", "reported": True}),
    "uncertain": (uncertain, {}),
    "cosmos": (cosmos, {}),
}


def unavailable() -> set[str]:
    """Pictures whose input is not here: the fixtures are beside the project, not in it."""
    return set() if COSMOLOGY.is_file() else {"cosmos"}


PAGES = {"phone": 360, "desktop": 1280}
"""Screenshots of the page: name and the window's width in CSS pixels."""


def draft(folder: Path) -> Path:
    """An earlier draft of the bundled events, as `draft.yaml` in ``folder``, with the errors
    the fact sheet's corrections name: the Trump–Xi meeting in Gyeongju, the Boeing/Wabtec
    deals at the C5+1 summit, the C5+1 dinner on 7 November (Life.ru), the state visit under
    the fact sheet's id, no Abraham Accords announcement, and the 'Tokyo Declaration' that one
    site claims was signed at the Kantei (unsupported, so the fact check removed it)."""
    data = bundled().to_dict()
    events = {event["id"]: event for event in data["events"]}
    events["trump-xi-busan"]["place"]["city"] = "Gyeongju"
    events["boeing-wabtec-unga-deals"]["start"] = "2025-11-06"
    events["boeing-wabtec-unga-deals"]["place"]["city"] = "Washington, D.C."
    events["c5plus1-dinner"]["start"] = "2025-11-07"
    events["tokayev-moscow-visit"]["id"] = "tokayev-moscow-state-visit"
    for event in data["events"]:
        if event["part_of"] == "tokayev-moscow-visit":
            event["part_of"] = "tokayev-moscow-state-visit"
    data["events"] = [
        *(e for e in data["events"] if e["id"] != "kazakhstan-abraham-accords-announcement"),
        {
            "id": "tokyo-kantei-declaration",
            "title": "Tokyo Declaration for Strategic Partnership and Prosperity",
            "kind": "signing",
            "timezone": "Asia/Tokyo",
            "start": "2025-10-28",
            "place": {"venue": "Kantei", "city": "Tokyo", "country": "JP"},
            "notes": "Claimed by one site only; contradicts MOFA.",
        },
    ]
    path = folder / "draft.yaml"
    draft_timeline = timeline.loads(json.dumps(data, ensure_ascii=False), format="json")
    path.write_text(timeline.export(draft_timeline, "yaml"), encoding="utf-8")
    return path


DIFF_WINDOW = {"start": "2025-09-15", "end": "2025-11-15"}
"""Where the changes are: the draft's errors are all in the autumn."""


def diff_to(out: Path) -> timeline.Diff:
    """`timeline diff draft.yaml events.yaml --from 2025-09-15 --to 2025-11-15 --out OUT`, the
    draft against the bundled events."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        shutil.copy(timeline.bundled_events(), folder / "events.yaml")
        return timeline.diff(draft(folder), folder / "events.yaml", out=out, **DIFF_WINDOW)


def specs() -> dict[str, dict[str, Any]]:
    """The Vega-Lite spec of every picture, as written to NAME.vl.json."""
    found = {
        name: make().chart(**options).to_dict()
        for name, (make, options) in PICTURES.items()
        if name not in unavailable()
    }
    with tempfile.TemporaryDirectory() as name:
        diff_to(Path(name) / "diff.vl.json")
        found["diff"] = json.loads((Path(name) / "diff.vl.json").read_text(encoding="utf-8"))
    return found


def recompressed(png: bytes) -> bytes:
    """The same PNG, its pixel data compressed harder: a fifth of the size, for the repository.

    vl-convert compresses for speed. The filtered scanlines stay as they are; only their zlib
    stream is made again, at level 9, and written as one IDAT chunk with its checksum.
    """
    chunks: list[tuple[bytes, bytes]] = []
    position = 8  # after the signature
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        chunks.append((png[position + 4 : position + 8], png[position + 8 : position + 8 + length]))
        position += 12 + length
    pixels = zlib.compress(zlib.decompress(b"".join(b for t, b in chunks if t == b"IDAT")), 9)
    out = [png[:8]]
    for kind, body in chunks:
        if kind == b"IDAT":
            if pixels is None:
                continue  # the first IDAT chunk holds all of them now
            body, pixels = pixels, None
        out.append(struct.pack(">I", len(body)) + kind + body)
        out.append(struct.pack(">I", zlib.crc32(kind + body)))
    return b"".join(out)


def page_pictures(folder: Path) -> None:
    """phone.png and desktop.png: the page of the bundled events at PAGES' widths. The phone's
    shows the first screen of the list of events; the desktop's the whole page."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as p:
        page_file = timeline.render(bundled(), Path(scratch) / "chart.html")
        browser = p.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for name, width in PAGES.items():
            page = browser.new_page(viewport={"width": width, "height": 800})
            page.goto(page_file.as_uri())
            page.wait_for_selector(".tl.tl-js")
            page.wait_for_timeout(1500)  # the chart drawn, at its width
            if name == "phone":
                top = page.evaluate("document.querySelector('.tl-stage').offsetTop")
                clip = {"x": 0, "y": top - 8, "width": width, "height": 760}
                png = page.screenshot(clip=clip, full_page=True)
            else:
                png = page.screenshot(full_page=True)
            (folder / f"{name}.png").write_bytes(recompressed(png))
            page.close()
            print(f"wrote {folder / name}.png (the page, {width} px wide)")
        browser.close()


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (make, options) in PICTURES.items():
        if name in unavailable():
            print(f"skipped {name}: its input is not here")
            continue
        shown = make()
        picture = timeline.render(shown, folder / f"{name}.png", scale=SCALE, **options)
        picture.write_bytes(recompressed(picture.read_bytes()))
        timeline.render(shown, folder / f"{name}.vl.json", **options)
        print(f"wrote {folder / name}.png and .vl.json ({len(shown)} events)")
    page_pictures(folder)
    picture = folder / "diff.png"
    diff_to(picture)
    picture.write_bytes(recompressed(picture.read_bytes()))
    diff_to(folder / "diff.vl.json")
    print(f"wrote {folder / 'diff'}.png and .vl.json")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/gallery"))
