"""Page tests over fakes: a service's app with a stand-in for the gateway's token."""
from flask import Flask, g, request


def as_test_users(app: Flask, users: dict) -> Flask:
    """The X-Test-User header names the user of a request (the gateway's token, in tests)."""
    @app.before_request
    def _as_user():
        who = request.headers.get("X-Test-User")
        if who:
            g.user = users[who]
    return app
