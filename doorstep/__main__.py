"""`python -m doorstep`: the same as the `doorstep` command."""

from doorstep.cli.main import main

raise SystemExit(main())
