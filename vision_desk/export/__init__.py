"""The desk's outputs, made from domain snapshots: the review memo and the one-page
brief as PDFs, and the calendar as an iCalendar file. The only package that
imports reportlab (with HarfBuzz and ICU for right-to-left text) and icalendar.
It depends on ``vision_desk.domain`` alone.

The entry points are ``memo.render_memo(snapshot, fonts_dir)``,
``brief.render_brief(snapshot, fonts_dir)`` and
``calendar.calendar_bytes(entries, stamp)``. The rest, in the order the memo is
made:

- ``fonts``: the shipped Noto fonts, registered with reportlab; glyphs HarfBuzz
  picks are kept searchable through the fonts' ToUnicode maps.
- ``text``: typed text cleaned and set as plain text, program markup, or by the
  memo's own layout; dates and counts as the memo words them.
- ``plain``, ``headed``, ``blocks``: fast flowables for plain text, the heads above
  it, and tables whose cells may run over pages.
- ``bidi_levels``, ``direction``, ``shaping``, ``rtl``: right-to-left and mixed text
  (the Unicode bidi levels from ICU through PyICU, a font per script, HarfBuzz
  shaping, lines broken in logical order, drawn in display order).
- ``styles``, ``palette``, ``chart``, ``pages``: the look, the summary chart, page
  templates with the marking, "Page X of Y" and bookmarks.
- ``kit``, ``front``, ``sections``, ``parties``, ``disputed``, ``clauses``,
  ``evidence``, ``signoff``, ``annex``: the memo's parts, from the memo block to
  the annexes (``parties``: clauses assessed party by party, reciprocity, the index
  of each party; ``disputed``: the parties' stated positions beside ours;
  ``evidence``: the items cited for each assessment, with their grades).
- ``brief``, ``brief_head``, ``brief_lists``, ``brief_fit``, ``brief_style``: the
  brief, whose lists are cut to fit its one page.
- ``calendar``: deadlines and reviews as RFC 5545 events.
"""
