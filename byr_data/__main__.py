import sys

from byr_data.cli import main

sys.exit(main())
