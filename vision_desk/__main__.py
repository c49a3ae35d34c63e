import sys

from vision_desk.cli.main import main

sys.exit(main())
