"""Valid 身份证号 for tests, unique within a run."""
import itertools
import random
from datetime import date, timedelta

from services.registry.domain.id_number import check_char

_counter = itertools.count(random.randrange(0, 5_000_000))


def make_id_number(born: date | None = None, male: bool | None = None, area: str = "411325") -> str:
    n = next(_counter)
    born = born or date(1960, 1, 1) + timedelta(days=n // 500 % 15000)
    seq = n % 500 * 2 + (1 if (male if male is not None else n % 2 == 0) else 0)
    first17 = f"{area}{born:%Y%m%d}{seq:03d}"[:17]
    return first17 + check_char(first17)
