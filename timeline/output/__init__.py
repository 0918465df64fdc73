"""Outputs: the rendered chart (HTML page, PNG, SVG, PDF), exports, the terminal table, and
files written atomically."""
