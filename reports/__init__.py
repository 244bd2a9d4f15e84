"""简报: the office's briefing (首都精神文明建设情况简报) written from the warehouse.

One module per job:

- `period`      a quarter such as "2023Q3": its months, the quarter before (环比) and a year before (同比)
- `figures`     every number of the brief: rows of named queries (`queries.run`), the same the pages state
- `wording`     phrases that change with the data (上升/下降/持平, 第一/最后, against target), via ui.narrative and ui.formats
- `content`     the brief as text: masthead, headline, one section per "创城+" line, tables, chart list
- `charts`      the brief's charts, built with `ui.charts` and fitted to an A4 page
- `images`      Plotly figure → PNG in Debian's headless Chromium (kaleido), with nothing fetched from outside
- `docx_writer` the Word document (python-docx) in the brief's own form
- `pdf`         the same brief as PDF through LibreOffice, when it is installed
- `brief`       `generate(...)` for the page and `python -m reports.brief` for the command line
"""
