"""Plain HTML pages for sign-in, sign-out, first setup and kiosks (no scripts, own CSS only)."""

from __future__ import annotations

from typing import Any

from flask import Response, render_template_string, session

from dashboard.security.tokens import new_token, same

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Heads-Up · {{ title }}</title>
<link rel="icon" href="/favicon.ico">
<link rel="stylesheet" href="/assets/headsup.css"><link rel="stylesheet" href="/assets/auth.css">
</head><body class="auth-body"><main class="auth-card">
<div class="brand">Heads-Up</div><h1>{{ title }}</h1>
{% if message %}<p class="auth-message" role="alert">{{ message }}</p>{% endif %}
{% if link %}<p><a class="auth-link" href="{{ link[0] }}">{{ link[1] }}</a></p>{% endif %}
{% if fields is not none %}
<form method="post" action="{{ action }}" class="auth-form">
<input type="hidden" name="csrf" value="{{ csrf }}">
{% for name, value in hidden.items() %}<input type="hidden" name="{{ name }}" value="{{ value }}">
{% endfor %}
{% for name, label, kind, autocomplete in fields %}
<label for="{{ name }}">{{ label }}</label>
<input id="{{ name }}" name="{{ name }}" type="{{ kind }}" autocomplete="{{ autocomplete }}"
 required{% if loop.first %} autofocus{% endif %}>
{% endfor %}
<button type="submit" id="auth-submit">{{ submit }}</button>
</form>{% endif %}
</main></body></html>"""

LOGIN_FIELDS = [
    ("username", "User name", "text", "username"),
    ("password", "Password", "password", "current-password"),
]
SETUP_FIELDS = [
    ("username", "Admin user name", "text", "username"),
    ("password", "Password (12 characters or more)", "password", "new-password"),
    ("password2", "Password again", "password", "new-password"),
]


def csrf_token() -> str:
    """Return this browser's CSRF token, making one if needed."""
    if "csrf" not in session:
        session["csrf"] = new_token()
    return str(session["csrf"])


def csrf_ok(submitted: str | None) -> bool:
    """Tell whether a submitted form carries this browser's CSRF token."""
    expected = session.get("csrf")
    return bool(submitted and expected and same(str(submitted), str(expected)))


def page(
    title: str,
    message: str = "",
    fields: list | None = None,
    action: str = "",
    submit: str = "",
    hidden: dict[str, str] | None = None,
    link: tuple[str, str] | None = None,
) -> str:
    """Render a small form page; Jinja escapes every value."""
    return render_template_string(
        PAGE,
        title=title,
        message=message,
        fields=fields,
        action=action,
        submit=submit,
        hidden=hidden or {},
        link=link,
        csrf=csrf_token() if fields is not None else "",
    )


def answer(status: int, title: str, message: str = "", *args: Any, **kwargs: Any) -> Response:
    """Return a page as an HTML response: errors are pages too, never raw text."""
    body = page(title, message, *args, **kwargs)
    return Response(body, status=status, mimetype="text/html")
