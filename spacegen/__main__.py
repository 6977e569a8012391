"""``python -m spacegen``."""

from spacegen.cli import main

raise SystemExit(main())
