"""The licences of what Vision Desk ships: THIRD-PARTY-NOTICES.txt, generated.

Plain Python (no Qt, no third-party import), so that the bundle's build, the About
box and ``vision-desk about`` all use the same code. ``python -m vision_desk.licences
--out FILE`` writes the notices of the installed distributions.
"""

from vision_desk.licences.distributions import LicenceText
from vision_desk.licences.document import (
    PYTHON_DISTRIBUTION,
    ReadSection,
    Section,
    python_distributions,
    read_sections,
)
from vision_desk.licences.notices import NOTICES_NAME, generate_notices
from vision_desk.licences.system import LicenceTextMissingError, referenced_common_licences

__all__ = [
    "NOTICES_NAME",
    "PYTHON_DISTRIBUTION",
    "LicenceText",
    "LicenceTextMissingError",
    "ReadSection",
    "Section",
    "generate_notices",
    "python_distributions",
    "read_sections",
    "referenced_common_licences",
]
