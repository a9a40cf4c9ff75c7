"""One module per `registry-app` subcommand: each defines `register(sub)` and `run(args)`."""
