import sys

from khuyencong.cli import main

sys.exit(main())
