"""State machines with a transition log (as les-emplois' job applications): each workflow is a
table of (state, action) -> new state; applying an action returns the new state and the log
entry that records who did it, when and why."""
from dataclasses import dataclass
from datetime import datetime

from .actor import Actor
from .errors import InvalidTransition


@dataclass(frozen=True)
class Workflow:
    name: str
    transitions: dict[tuple[str, str], str]   # (from state, action) -> to state
    state_labels: dict[str, str]
    action_labels: dict[str, str]

    def actions_from(self, state: str) -> list[str]:
        return [a for (s, a) in self.transitions if s == state]

    def next_state(self, state: str, action: str) -> str:
        try:
            return self.transitions[(state, action)]
        except KeyError:
            raise InvalidTransition(
                f"当前状态“{self.state_labels.get(state, state)}”下不能执行“"
                f"{self.action_labels.get(action, action)}”",
                {"state": state, "action": action}) from None

    def apply(self, state: str, action: str, actor: Actor, at: datetime,
              reason: str | None = None) -> tuple[str, dict]:
        to = self.next_state(state, action)
        entry = {"action": action, "from": state, "to": to, "at": at, "by": actor.audit(),
                 "reason": reason}
        return to, entry
