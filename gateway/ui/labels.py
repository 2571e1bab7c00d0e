"""Chinese names of roles and departments for the shell's header: read from the one table in
services/common/domain/roles.py."""
from services.common.domain.roles import DEPARTMENTS, ROLES

ROLE_NAMES = ROLES.as_dict()
DEPARTMENT_NAMES = DEPARTMENTS.as_dict()
