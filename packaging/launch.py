"""The bundle's entry point: the same as ``python -m vision_desk`` or the ``vision-desk``
script, the desk by default and every command on the command line."""

import sys

from vision_desk.main import main

if __name__ == "__main__":
    sys.exit(main())
