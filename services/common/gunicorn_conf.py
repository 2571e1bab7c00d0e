"""gunicorn settings every web process shares (`gunicorn -c python:services.common.gunicorn_conf`);
command-line options still override them."""
import gunicorn.http.wsgi

# Each master would otherwise open the same ~/.gunicorn/gunicorn.ctl, and the first to stop
# removes it for all. Nobody here uses gunicornc, so none at all.
control_socket_disable = True

# gunicorn has no setting for its `Server` header; every response would say "gunicorn".
# Responses read this module global when they are built, in the workers forked after this.
gunicorn.http.wsgi.SERVER = "lex"
