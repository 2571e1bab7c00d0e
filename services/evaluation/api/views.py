"""Shaping stored documents for JSON replies: ids as `id`, instants as ISO 8601."""
from datetime import date, datetime

from flask import current_app


def evaluation():
    return current_app.extensions["evaluation"]


def uow():
    return evaluation().uow()


def jsonable(value):
    if isinstance(value, dict):
        return {("id" if k == "_id" else k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value
