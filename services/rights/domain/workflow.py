"""The case's and the referral's state machines (tables, as the registry's Workflow wants)."""
from services.common.domain.workflow import Workflow

from .codes import CASE_STATES, REFERRAL_STATES

CASE_ACTIONS = {"accept": "立案", "investigate": "开始调查", "resolve": "办结",
                "close": "结案", "reject": "不予受理", "merge": "合并到其他案件"}
CASE_WORKFLOW = Workflow(
    name="case",
    transitions={
        ("received", "accept"): "accepted",
        ("received", "reject"): "rejected",
        ("accepted", "investigate"): "investigating",
        ("accepted", "reject"): "rejected",
        ("accepted", "resolve"): "resolved",
        ("investigating", "resolve"): "resolved",
        ("resolved", "close"): "closed",
        # a duplicate ends as rejected, pointing at the case it joined (merged_into)
        ("received", "merge"): "rejected",
        ("accepted", "merge"): "rejected",
        ("investigating", "merge"): "rejected",
    },
    state_labels=CASE_STATES.as_dict(),
    action_labels=CASE_ACTIONS,
)

REFERRAL_ACTIONS = {"accept": "接收", "reject": "退回", "revoke": "撤回"}
REFERRAL_WORKFLOW = Workflow(
    name="referral",
    transitions={
        ("pending", "accept"): "accepted",
        ("pending", "reject"): "rejected",
        ("pending", "revoke"): "revoked",
        # an accepted co-handling can still be called back by the department that asked
        ("accepted", "revoke"): "revoked",
    },
    state_labels=REFERRAL_STATES.as_dict(),
    action_labels=REFERRAL_ACTIONS,
)
