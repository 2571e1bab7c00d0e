"""Who may do what in the jobs service (roles come from services/common/domain/roles.py)."""
# the labor office and the township stations keep employers, postings, orders and placements
KEEPERS = ("county_admin", "township_staff")
# the county office alone reviews and files postings (统一把关、审核、备案)
REVIEWERS = ("county_admin",)
READERS = KEEPERS + ("leader",)
# who may see a worker profile, matches and placements: the register's keepers of that region
MATCHERS = ("county_admin", "township_staff", "village_liaison")
