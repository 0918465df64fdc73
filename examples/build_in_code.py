"""Build a timeline in code, filter it, and print it as JSON and as a table.

python examples/build_in_code.py
"""

from __future__ import annotations

import timeline
from timeline import Actor, Event, Timeline

actors = {
    "trump": Actor(name="Donald Trump", role="President of the United States", country="US"),
    "takaichi": Actor(name="Sanae Takaichi", role="Prime Minister of Japan", country="JP"),
    "xi-jinping": Actor(name="Xi Jinping", role="President of China", country="CN"),
}

# Times are written as local wall-clock time at the place, in the event's own zone,
# exactly as in events.yaml; pydantic checks every field.
events = [
    Event.model_validate(
        {
            "id": "trump-xi-busan",
            "title": "Trump–Xi meeting in Busan",
            "kind": "meeting",
            "timezone": "Asia/Seoul",
            "start": "2025-10-30 11:00",
            "end": "2025-10-30 12:40",
            "approximate": True,
            "place": {"venue": "Gimhae Air Base", "city": "Busan", "country": "KR"},
            "participants": ["trump", "xi-jinping"],
            "sources": [
                {
                    "url": "https://www.n-tv.de/politik/Trump-und-Xi-einigen-sich-auf-Deal-ueber-seltene-Erden-article26129611.html",
                    "publisher": "n-tv",
                    "language": "de",
                }
            ],
        }
    ),
    Event.model_validate(
        {
            "id": "tokyo-signing",
            "title": "US–Japan critical-minerals framework signed",
            "kind": "signing",
            "timezone": "Asia/Tokyo",
            "start": "2025-10-28 10:40",
            "place": {"venue": "Akasaka Palace", "city": "Tokyo", "country": "JP"},
            "participants": ["trump", "takaichi"],
            "sources": [
                {
                    "url": "https://www.mofa.go.jp/na/na1/us/pageite_000001_01338.html",
                    "publisher": "MOFA",
                }
            ],
        }
    ),
]

built = Timeline(events, title="Two days in Asia", actors=actors)  # checked and ordered
print([event.id for event in built])  # tokyo-signing first: it is earlier in UTC

with_xi = built.filter(actor="xi-jinping")
print(with_xi.to_json())
print(timeline.format_table(built, tz="Europe/Berlin"))
