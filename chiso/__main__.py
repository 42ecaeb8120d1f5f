from chiso.cli import main

raise SystemExit(main())
