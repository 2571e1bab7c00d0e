"""The gateway's published event contracts: a user's tokens were revoked. Every service's
worker consumes them into its own revocation list (services/common/revocation.py), which
`current_user` checks, so a deactivated user or an old password stops working everywhere,
not only when the short-lived access token expires."""
from pathlib import Path

from services.common.events.catalog import EventContracts, register

USER_TOPIC = "gateway.user"
# A token carries its user's token generation (`gen`); revoking raises the generation.
DEACTIVATED = "user.deactivated"          # every token of the user, whatever its generation
PASSWORD_CHANGED = "user.password_changed"  # tokens of a generation below min_generation

CONTRACTS = register(EventContracts(
    source="gateway",
    events={DEACTIVATED: (USER_TOPIC, 1), PASSWORD_CHANGED: (USER_TOPIC, 1)},
    schema_dir=Path(__file__).parent / "schemas",
))
