"""Domain exceptions: what went wrong in the language of the rules. The API layer maps each
class to an HTTP status in one place (services/common/errors.py); the domain knows no HTTP."""


class DomainError(Exception):
    code = "rule_broken"

    def __init__(self, message: str, fields: dict | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        if code:
            self.code = code


class InvalidField(DomainError):
    """A value is malformed or out of range: names the field and why."""
    code = "validation_failed"


class NotAllowed(DomainError):
    """The actor's role may not do this."""
    code = "forbidden_role"


class OutOfRegion(DomainError):
    """The record belongs to a region outside the actor's."""
    code = "out_of_region"


class NotFound(DomainError):
    code = "not_found"


class Duplicate(DomainError):
    code = "duplicate"


class StaleVersion(DomainError):
    """The client edited a version that has changed since it read it."""
    code = "stale_version"


class InvalidTransition(DomainError):
    """A workflow action not allowed from the record's current state."""
    code = "invalid_transition"


class RuleBroken(DomainError):
    """Well-formed, but a business rule forbids it."""
    code = "rule_broken"
