"""Sub-commands of the `headsup` CLI; each module has `add_parser(subparsers)`."""

from dashboard.commands import kiosk, serve, store, users

COMMANDS = (serve, store, users, kiosk)
