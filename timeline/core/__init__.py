"""The core: times, the models of the file format, checks, and ``Timeline``.

No charting, dataframe, language or file-format library is imported here."""
