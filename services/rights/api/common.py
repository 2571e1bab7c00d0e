"""What the rights routes share: the composition root, the caller's view of a case."""
from flask import current_app

from services.common.auth import current_user

from ..domain.case import case_view
from ..service_layer.cases import today


def rights():
    return current_app.extensions["rights"]


def view(case: dict) -> dict:
    return case_view(case, current_user(), today())


VERSIONED = {"type": "object", "additionalProperties": False,
             "properties": {"reason": {"type": "string", "maxLength": 500},
                            "version": {"type": "integer", "minimum": 1}}}
