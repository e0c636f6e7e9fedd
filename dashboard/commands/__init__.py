"""Sub-commands of the `headsup` CLI; each module has `add_parser(subparsers)`."""

from dashboard.commands import agencies, importer, kiosk, reference, serve, store, tokens, users

COMMANDS = (serve, store, tokens, importer, agencies, reference, users, kiosk)
