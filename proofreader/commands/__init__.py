"""CLI commands, one module each: ``add_parser(subparsers)`` declares it, ``run(args)``
carries it out. Modules import heavy things (pandas, Qt) inside ``run`` only."""
