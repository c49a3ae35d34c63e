"""The review memo as a PDF, made from a domain snapshot: the only package that
imports reportlab (and HarfBuzz, which it needs for right-to-left text). It depends on ``vision_desk.domain`` alone.

The entry point is ``vision_desk.export.memo.render_memo(snapshot, fonts_dir)``.
The rest, in the order the memo is made:

- ``fonts``: the shipped Noto fonts, registered with reportlab; glyphs HarfBuzz
  picks are kept searchable through the fonts' ToUnicode maps.
- ``text``: typed text cleaned and set as plain text, program markup, or by the
  memo's own layout; dates and counts as the memo words them.
- ``plain``, ``headed``: fast flowables for plain text and the heads above it.
- ``bidi_levels``, ``direction``, ``shaping``, ``rtl``: right-to-left and mixed text
  (the Unicode bidi levels from ICU through PyICU, a font per script, HarfBuzz
  shaping, lines broken in logical order, drawn in display order).
- ``styles``, ``chart``, ``pages``: the look, the summary chart, page templates
  with the marking, "Page X of Y" and bookmarks.
- ``kit``, ``front``, ``sections``, ``parties``, ``clauses``, ``signoff``,
  ``annex``: the memo's parts, from the memo block to the annexes (``parties``:
  clauses assessed party by party, reciprocity, the index of each party).
"""
