"""The OpenAPI document is derived from the app's own routes, so it cannot drift from them:
a view declares its body schema with @accepts and its roles with @require_roles."""
import functools
import re

from flask import Flask

from .validation import BodySchema, json_body


def accepts(schema: dict):
    """The view receives `body`, already checked against `schema` (which the doc shows too).
    Put it under @require_roles so that a caller without rights gets 401/403, not 400."""
    checker = BodySchema(schema)

    def wrap(fn):
        @functools.wraps(fn)
        def inner(*args, **kwargs):
            return fn(*args, body=checker.parse(json_body()), **kwargs)
        inner.body_schema = schema
        return inner
    return wrap


def build_openapi(app: Flask, title: str, version: str = "0.1.0") -> dict:
    paths: dict = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        view = app.view_functions[rule.endpoint]
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            op = {"operationId": f"{rule.endpoint}.{method.lower()}",
                  "summary": (view.__doc__ or "").strip().split("\n")[0],
                  "responses": {"200": {"description": "OK"},
                                "4XX": {"description": "错误 {error: {code, message, fields}}"}}}
            params = [{"name": a, "in": "path", "required": True, "schema": {"type": "string"}}
                      for a in rule.arguments]
            if params:
                op["parameters"] = params
            schema = getattr(view, "body_schema", None)
            if schema and method in ("POST", "PUT", "PATCH"):
                op["requestBody"] = {"required": True,
                                     "content": {"application/json": {"schema": schema}}}
            roles = getattr(view, "required_roles", None)
            if roles is not None:
                op["security"] = [{"bearer": []}]
                op["x-roles"] = list(roles)
            paths.setdefault(path, {})[method.lower()] = op
    return {"openapi": "3.1.0", "info": {"title": title, "version": version}, "paths": paths,
            "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                                          "bearerFormat": "JWT"}}}}
