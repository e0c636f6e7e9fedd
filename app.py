"""Serve Heads-Up: `python app.py` runs the demo on SQLite; gunicorn uses `app:server`."""

from dashboard.factory import build_or_exit
from dashboard.runtime import runtime

app = build_or_exit()
server = app.server

if __name__ == "__main__":
    config = runtime(server).config
    app.run(host=config.host, port=config.port, debug=config.debug)
