"""Sub-commands of the `headsup` CLI; each module has `add_parser(subparsers)`."""

from dashboard.commands import serve, store

COMMANDS = (serve, store)
