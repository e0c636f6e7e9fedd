"""Heads-Up: a live shared picture of operations, protests, notifications and responses.

Kept light on purpose: `import dashboard.domain` must not build the app. The app is made
by `dashboard.factory.create_app`.
"""
