"""Sub-commands of the `headsup` CLI; each module has `add_parser(subparsers)`."""

from dashboard.commands import agencies, serve, store

COMMANDS = (serve, store, agencies)
