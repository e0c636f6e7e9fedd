"""Sub-commands of the `headsup` CLI; each module has `add_parser(subparsers)`."""

from dashboard.commands import agencies, importer, serve, store, tokens

COMMANDS = (serve, store, tokens, importer, agencies)
