"""Realistic synthetic timelines for the benchmark: the same N events as YAML, JSON and JSON Lines.

Events look like the bundled ones: several zones (Berlin, New York, London and Sydney change
their clocks; Tokyo, Moscow, Kolkata do not), timed ranges, instants and date-only days, a
place that fits the zone, participants from an actors registry, one to three sources, and
relations (part_of to earlier events; follows and responds_to to events that began before).
The same seed gives the same files.

    python benchmarks/generate.py 100000 --out /tmp/bench   # events-100000.{yaml,json,jsonl}
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import zoneinfo
from collections.abc import Iterator
from pathlib import Path
from typing import Any

PLACES = [  # (zone, country, cities)
    ("Asia/Tokyo", "JP", ["Tokyo", "Osaka", "Kyoto"]),
    ("Europe/Berlin", "DE", ["Berlin", "Munich", "Hamburg"]),
    ("America/New_York", "US", ["New York", "Washington, D.C.", "Boston"]),
    ("Europe/Moscow", "RU", ["Moscow", "Saint Petersburg", "Kazan"]),
    ("Asia/Shanghai", "CN", ["Beijing", "Shanghai", "Shenzhen"]),
    ("Australia/Sydney", "AU", ["Sydney", "Canberra"]),
    ("Asia/Kolkata", "IN", ["New Delhi", "Mumbai"]),
    ("Europe/London", "GB", ["London", "Edinburgh"]),
    ("Europe/Zurich", "CH", ["Zürich", "Geneva", "Davos"]),
    ("Asia/Almaty", "KZ", ["Almaty", "Astana"]),
]
KINDS = [
    "signing",
    "meeting",
    "summit",
    "dinner",
    "state_visit",
    "visit",
    "ceremony",
    "conference",
    "announcement",
    "report",
    "other",
]
PUBLISHERS = [
    ("Reuters", "reuters.com", "en"),
    ("Associated Press", "apnews.com", "en"),
    ("taz", "taz.de", "de"),
    ("ZDF", "zdf.de", "de"),
    ("Kyodo News", "english.kyodonews.net", "en"),
    ("Nikkei Asia", "asia.nikkei.com", "en"),
    ("The Moscow Times", "themoscowtimes.com", "en"),
    ("Le Monde", "lemonde.fr", "fr"),
    ("Folha de S.Paulo", "folha.uol.com.br", "pt"),
    ("Ministry of Foreign Affairs", "mofa.go.jp", "ja"),
]
TOPICS = [
    "rare-earth",
    "critical minerals",
    "lithium",
    "trade",
    "energy",
    "grain corridor",
    "semiconductor",
    "port access",
    "rail link",
    "climate finance",
    "fisheries",
    "nickel",
]
ACTIONS = ["talks on", "deal on", "statement on", "visit over", "forum on", "memorandum on"]
TAGS = ["rare-earths", "critical-minerals", "trade", "energy", "eu", "g7", "brics", "asean"]
WORDS = [
    "leaders",
    "met",
    "at",
    "the",
    "venue",
    "and",
    "agreed",
    "to",
    "deepen",
    "cooperation",
    "on",
    "supply",
    "chains",
    "while",
    "officials",
    "said",
    "the",
    "talks",
    "were",
    "constructive",
    "and",
    "a",
    "further",
    "round",
    "is",
    "planned",
    "before",
    "the",
    "end",
    "of",
    "the",
    "year",
]


def actors(rng: random.Random, count: int) -> dict[str, dict[str, str]]:
    registry = {}
    for i in range(count):
        _zone, country, _cities = rng.choice(PLACES)
        registry[f"actor-{i:04d}"] = {
            "name": f"Minister {i:04d}",
            "role": rng.choice(["Foreign Minister", "Trade Minister", "President", "Envoy"]),
            "country": country,
        }
    return registry


def wall_time(moment: dt.datetime, zone: str) -> str:
    """``moment`` as an events file writes a local time in ``zone``, valid however the zone's
    clocks change: one hour later if the clocks skip it, with the first offset if it happens
    twice (Almaty's 24:00 became 23:00 on 29 February 2024)."""
    tz = zoneinfo.ZoneInfo(zone)
    first, second = moment.replace(tzinfo=tz, fold=0), moment.replace(tzinfo=tz, fold=1)
    if first.utcoffset() == second.utcoffset():
        return moment.strftime("%Y-%m-%d %H:%M")
    if first.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None) != moment:  # skipped
        return wall_time(moment + dt.timedelta(hours=1), zone)
    offset = int(first.utcoffset().total_seconds()) // 60  # type: ignore[union-attr]
    sign = "-" if offset < 0 else "+"
    return (
        moment.strftime("%Y-%m-%dT%H:%M") + f"{sign}{abs(offset) // 60:02d}:{abs(offset) % 60:02d}"
    )


def events(n: int, seed: int = 7, actor_count: int = 500) -> Iterator[dict[str, Any]]:
    """``n`` valid events in random time order (files are rarely sorted)."""
    rng = random.Random(seed)
    base = dt.datetime(2015, 1, 1)
    span_days = 11 * 365
    begins: list[dt.datetime] = []  # when each event's period begins, for its followers
    for i in range(n):
        zone, country, cities = rng.choice(PLACES)
        city = rng.choice(cities)
        kind = rng.choice(KINDS)
        topic = rng.choice(TOPICS)
        day = base + dt.timedelta(days=rng.randrange(span_days))
        # Hours 08–22 keep clear of the night-time daylight-saving changes of these zones.
        start = day.replace(hour=rng.randrange(8, 22), minute=rng.choice([0, 10, 15, 30, 40, 45]))
        shape = rng.random()
        event: dict[str, Any] = {
            "id": f"e{i:07d}-{topic.replace(' ', '-')}",
            "title": f"{city} {rng.choice(ACTIONS)} {topic} ({i})",
            "kind": kind,
            "timezone": zone,
        }
        if shape < 0.45:  # a timed range, sometimes into the next day
            finish = start + dt.timedelta(minutes=rng.choice([30, 45, 60, 90, 120, 180, 600]))
            if finish.hour < 8:
                finish = finish.replace(hour=23, minute=30) - dt.timedelta(days=1)
            event["start"] = wall_time(start, zone)
            event["end"] = wall_time(max(finish, start), zone)
        elif shape < 0.70:  # an instant
            event["start"] = wall_time(start, zone)
        elif shape < 0.95:  # a day, or several
            event["start"] = start.strftime("%Y-%m-%d")
            if rng.random() < 0.3:
                event["end"] = (start + dt.timedelta(days=rng.randrange(1, 4))).strftime("%Y-%m-%d")
        else:  # a month
            event["start"] = start.strftime("%Y-%m")
        begins.append(start.replace(day=1) if shape >= 0.95 else start)
        if rng.random() < 0.08:
            event["approximate"] = True
        place: dict[str, str] = {"city": city, "country": country}
        if rng.random() < 0.4:
            place = {"venue": f"{city} Conference Centre", **place}
        event["place"] = place
        event["participants"] = [
            f"actor-{rng.randrange(actor_count):04d}" for _ in range(rng.randrange(1, 4))
        ]
        event["sources"] = [_source(rng, start, topic, j) for j in range(rng.randrange(1, 4))]
        event["summary"] = " ".join(rng.choices(WORDS, k=rng.randrange(12, 30))).capitalize()
        if rng.random() < 0.3:
            event["outcomes"] = [f"Agreement on {topic}", "Joint statement"]
        event["tags"] = rng.sample(TAGS, rng.randrange(1, 3))
        if i > 10 and rng.random() < 0.15:
            event["part_of"] = f"e{rng.randrange(i):07d}"
        # An event follows or responds to one that began before it (days before: zones apart).
        if i > 10 and rng.random() < 0.2 and begins[target := rng.randrange(i)] < _before(start):
            event["follows"] = [f"e{target:07d}"]
        if i > 10 and rng.random() < 0.05 and begins[target := rng.randrange(i)] < _before(start):
            event["responds_to"] = [f"e{target:07d}"]
        yield event


def _before(start: dt.datetime) -> dt.datetime:
    return start.replace(day=1) - dt.timedelta(days=2)


def _source(rng: random.Random, day: dt.datetime, topic: str, j: int) -> dict[str, Any]:
    publisher, host, language = rng.choice(PUBLISHERS)
    slug = topic.replace(" ", "-")
    source: dict[str, Any] = {
        "url": f"https://www.{host}/{day:%Y/%m/%d}/{slug}-{rng.randrange(10**8)}?ref=rss&s={j}",
        "publisher": publisher,
    }
    if rng.random() < 0.3:
        source["title"] = f"{topic.capitalize()}: what was agreed"
        source["published"] = (day + dt.timedelta(days=rng.randrange(0, 3))).strftime("%Y-%m-%d")
    source["language"] = language
    return source


def _fix_ids(rows: list[dict[str, Any]], ids: dict[str, str] | None = None) -> None:
    """Relations above name an index; give them the full id of that event (from ``ids``, the
    ids known so far, when the rows are a batch of a larger file)."""
    if ids is None:
        ids = {row["id"].split("-", 1)[0]: row["id"] for row in rows}
    for row in rows:
        if "part_of" in row:
            row["part_of"] = ids[row["part_of"]]
        for name in ("follows", "responds_to"):
            if name in row:
                row[name] = [ids[t] for t in row[name]]


def document(n: int, seed: int = 7) -> dict[str, Any]:
    rng = random.Random(seed + 1)
    rows = list(events(n, seed))
    _fix_ids(rows)
    return {
        "title": f"Synthetic timeline of {n:,} events",
        "description": "Generated by benchmarks/generate.py for the scale benchmark.",
        "actors": actors(rng, 500),
        "events": rows,
    }


# -- writers -------------------------------------------------------------------------------


def _yaml_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if text[:1] in "[{&*!|>'\"%@`-?" or ": " in text or " #" in text or text.endswith(":"):
        return json.dumps(text, ensure_ascii=False)  # a double-quoted YAML scalar
    return text


def _yaml_lines(key: str, value: Any, indent: str) -> Iterator[str]:
    if isinstance(value, dict):
        yield f"{indent}{key}:"
        for k, v in value.items():
            yield from _yaml_lines(k, v, indent + "  ")
    elif isinstance(value, list) and value and isinstance(value[0], dict):
        yield f"{indent}{key}:"
        for item in value:
            first = True
            for k, v in item.items():
                lines = list(_yaml_lines(k, v, indent + "    "))
                if first:
                    lines[0] = f"{indent}  - " + lines[0].lstrip()
                    first = False
                yield from lines
    elif isinstance(value, list):
        yield f"{indent}{key}: [{', '.join(_yaml_scalar(v) for v in value)}]"
    elif key == "summary":
        yield f"{indent}{key}: >-"
        yield f"{indent}  {value}"
    else:
        yield f"{indent}{key}: {_yaml_scalar(value)}"


def write_yaml(doc: dict[str, Any], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(f"title: {_yaml_scalar(doc['title'])}\n")
        out.write(f"description: {_yaml_scalar(doc['description'])}\n\nactors:\n")
        for key, actor in doc["actors"].items():
            out.write("\n".join(_yaml_lines(key, actor, "  ")) + "\n")
        out.write("\nevents:\n")
        for event in doc["events"]:
            lines = []
            for k, v in event.items():
                lines.extend(_yaml_lines(k, v, "  "))
            lines[0] = "- " + lines[0].lstrip()
            out.write("\n" + "\n".join(lines) + "\n")


def write_json(doc: dict[str, Any], path: Path) -> None:
    try:
        import orjson

        path.write_bytes(orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n")
    except ImportError:  # pragma: no cover
        path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write_jsonl(doc: dict[str, Any], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        header = {k: doc[k] for k in ("title", "description", "actors")}
        out.write(json.dumps(header, ensure_ascii=False) + "\n")
        for event in doc["events"]:
            out.write(json.dumps(event, ensure_ascii=False) + "\n")


# -- a next version, for `timeline diff` ---------------------------------------------------------

EDITS = {"changed": 97, "moved": 101, "removed": 499, "renamed": 997, "added": 1009}
"""Every so many events, one is changed (its title), moved (a day later), removed, renamed (its
id) or followed by a new one; only events no other names are removed or renamed."""


def write_next_version(old: Path, new: Path) -> dict[str, int]:
    """A next version of the JSON Lines file ``old`` at ``new``, edited as ``EDITS`` says,
    line by line; returns how many events of each kind of edit it made."""
    named: set[str] = set()
    with old.open(encoding="utf-8") as lines:
        for line in lines:
            event = json.loads(line)
            named.update([event.get("part_of") or "", *event.get("follows", [])])
            named.update(event.get("responds_to", []))
    made = dict.fromkeys(EDITS, 0)
    with old.open(encoding="utf-8") as lines, new.open("w", encoding="utf-8") as out:
        for number, line in enumerate(lines):
            event = json.loads(line)
            if "id" not in event:  # the header
                out.write(line)
                continue
            free = event["id"] not in named
            if number % EDITS["removed"] == 0 and free:
                made["removed"] += 1
                continue
            if number % EDITS["renamed"] == 0 and free:
                event["id"] += "-renamed"
                made["renamed"] += 1
            elif number % EDITS["changed"] == 0:
                event["title"] += " (corrected)"
                made["changed"] += 1
            elif (
                number % EDITS["moved"] == 0
                and event["start"][:4].isdigit()
                and len(event["start"]) == 10
            ):
                day = dt.date.fromisoformat(event["start"]) + dt.timedelta(days=1)
                event["start"], end = day.isoformat(), event.get("end")
                if end is not None and len(end) == 10 and end < event["start"]:
                    event["end"] = event["start"]
                made["moved"] += 1
            out.write(json.dumps(event, ensure_ascii=False) + "\n")
            if number % EDITS["added"] == 0:
                added = {**event, "id": f"{event['id']}-added", "title": event["title"] + " (new)"}
                for name in ("part_of", "follows", "responds_to"):
                    added.pop(name, None)
                out.write(json.dumps(added, ensure_ascii=False) + "\n")
                made["added"] += 1
    return made


def generate(n: int, folder: Path, seed: int = 7, formats: str = "yaml,json,jsonl") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    wanted = formats.split(",")
    if "parquet" in wanted:  # a batch at a time, without the whole document
        wanted.remove("parquet")
        write_parquet(n, folder / f"events-{n}.parquet", seed)
    if not wanted:
        return
    doc = document(n, seed)
    writers = {"yaml": write_yaml, "json": write_json, "jsonl": write_jsonl}
    for fmt in wanted:
        writers[fmt](doc, folder / f"events-{n}.{fmt}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of events")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/data"))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--formats", default="yaml,json,jsonl")
    args = parser.parse_args()
    generate(args.n, args.out, args.seed, args.formats)


TABLE_COLUMNS = (
    "id", "title", "kind", "start", "end", "timezone", "approximate", "venue", "city", "country",
    "participants", "summary", "outcomes", "tags", "part_of", "follows", "responds_to", "notes",
    "sources",
)  # fmt: skip
"""Our table layout (``timeline export --format csv``'s columns), with lists as lists and
sources as records."""


def table_rows(rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """Events as the columns of a table in our layout."""
    columns: dict[str, list[Any]] = {name: [] for name in TABLE_COLUMNS}
    for event in rows:
        place = event.get("place") or {}
        for name in TABLE_COLUMNS:
            if name in ("venue", "city", "country"):
                value = place.get(name)
            elif name in ("participants", "outcomes", "tags", "follows", "responds_to"):
                value = event.get(name, [])
            elif name == "approximate":
                value = event.get(name, False)
            else:
                value = event.get(name)
            columns[name].append(value)
    return columns


def write_parquet(n: int, path: Path, seed: int = 7, batch: int = 500_000) -> None:
    """The same events as ``document(n)`` as a Parquet table, written a batch at a time (so
    that ten million events need no more memory than half a million)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    source = pa.struct(
        [(k, pa.string()) for k in ("url", "publisher", "title", "published", "language")]
    )
    schema = pa.schema(
        [
            (name, pa.list_(source) if name == "sources" else pa.list_(pa.string()))
            if name in ("participants", "outcomes", "tags", "follows", "responds_to", "sources")
            else (name, pa.bool_() if name == "approximate" else pa.string())
            for name in TABLE_COLUMNS
        ]
    )
    ids: dict[str, str] = {}
    with pq.ParquetWriter(path, schema) as writer:
        pending: list[dict[str, Any]] = []
        for event in events(n, seed):
            ids[event["id"].split("-", 1)[0]] = event["id"]
            pending.append(event)
            if len(pending) >= batch:
                _fix_ids(pending, ids)
                writer.write_table(pa.table(table_rows(pending), schema=schema))
                pending = []
        if pending:
            _fix_ids(pending, ids)
            writer.write_table(pa.table(table_rows(pending), schema=schema))


if __name__ == "__main__":
    main()
