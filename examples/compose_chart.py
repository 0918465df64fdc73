"""Compose the timeline chart with another Altair chart and save both as one offline page.

python examples/compose_chart.py [OUT.html]
"""

from __future__ import annotations

import sys
from collections import Counter

import altair as alt

import timeline
from timeline.output.atomic import write_atomic
from timeline.output.render import spec_to

events = timeline.load(timeline.bundled_events())
autumn = events.between("2025-10-20", "2025-11-15", tz="Europe/Berlin")

chart = autumn.chart(tz="Europe/Berlin", width=700)

per_country = Counter(e.place.country for e in autumn if e.place)
counts = (
    alt.Chart(alt.Data(values=[{"country": c, "events": n} for c, n in per_country.items()]))
    .mark_bar()
    .encode(
        x=alt.X("events:Q", title="Events"),
        y=alt.Y("country:N", sort="-x", title="Country"),
    )
    .properties(width=200, title="Where the autumn events took place")
)

# A chart from timeline is a normal Altair chart: concatenate, layer or facet it.
# Configuration lives on the top-level chart only, so take it off the timeline layer first.
config = chart.config
chart.config = alt.Undefined
page = alt.hconcat(chart, counts)
page.config = config

out = sys.argv[1] if len(sys.argv) > 1 else "composed.html"
write_atomic(out, spec_to(page.to_dict(), "html"))
print(f"wrote {out} ({len(autumn)} events between 20 Oct and 15 Nov 2025, Berlin time)")
