import sys

from vision_desk.main import main

sys.exit(main())
