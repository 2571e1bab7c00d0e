"""Who is acting: the plain value the domain and the use cases see (not a token, not a request)."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    id: str
    username: str
    role: str
    department: str | None = None
    region_code: str | None = None

    def audit(self) -> dict:
        """How a change is attributed: who, in which role."""
        return {"user_id": self.id, "username": self.username, "role": self.role}


ANONYMOUS = Actor(id="anonymous", username="anonymous", role="anonymous")
