"""The desk's colour for each status, as plain data: one palette for the window and
the printed memo.

The desk's status badges and chart (``vision_desk.ui.style``) draw them: red for
"not started" and "breached", amber for "initiated" and "strained", blue for
"advanced", green for "completed" and "upheld", greys for what is not a score. They
are hex strings, free of any toolkit, so that the window (Qt) and the memo
(reportlab) can both read them; each draws them its own way (the window as a tint
behind text in the palette's own colour, the memo as tones of these hues that
stay apart in greyscale print, ``vision_desk.export.palette``).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from vision_desk.domain.status import Status

STATUS_HUES: Mapping[Status, str] = MappingProxyType(
    {
        Status.NOT_ASSESSED: "#8a8f98",
        Status.NOT_STARTED: "#c62828",
        Status.INITIATED: "#ef8f00",
        Status.ADVANCED: "#1565c0",
        Status.COMPLETED: "#2e7d32",
        Status.OVERTAKEN: "#6d6d6d",
        Status.UPHELD: "#2e7d32",
        Status.STRAINED: "#ef8f00",
        Status.BREACHED: "#c62828",
    }
)
