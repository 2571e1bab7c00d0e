"""Page tests over fakes: a service's app with a stand-in for the gateway's token."""
from flask import Flask, g, request

_APPS: dict = {}


def shared_app(name: str, build) -> Flask:
    """One app per service for the whole test session, built by `build()` the first time:
    building one compiles its ~100 routes, and several test modules use the same service's.
    Each test brings its own fakes (app.extensions) and each module its users."""
    if name not in _APPS:
        _APPS[name] = build()
    return _APPS[name]


def as_test_users(app: Flask, users: dict) -> Flask:
    """The X-Test-User header names the user of a request (the gateway's token, in tests),
    one of `users` (a module's own cast: the latest call's users are the app's)."""
    if "test_users" not in app.extensions:
        @app.before_request
        def _as_user():
            who = request.headers.get("X-Test-User")
            if who:
                g.user = app.extensions["test_users"][who]
    app.extensions["test_users"] = users
    return app
