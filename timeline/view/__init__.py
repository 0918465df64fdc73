"""The chart: its layout, the density view of large timelines, themes, and its words in each
language."""
