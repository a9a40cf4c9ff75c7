"""Command line: thin subcommands, each parsing arguments and calling one service."""
