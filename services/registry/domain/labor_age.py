"""Who counts as labor (劳动力): rural residents able to work, men 16-60 and women 16-55 by
default. The bounds are settings (LABOR_AGE_* in the environment), not code."""
from dataclasses import dataclass
from datetime import date


def age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


@dataclass(frozen=True)
class LaborAges:
    minimum: int = 16
    male_maximum: int = 60
    female_maximum: int = 55

    @classmethod
    def from_env(cls, env) -> "LaborAges":
        """env: a mapping such as os.environ (kept out of the domain's imports)."""
        def num(key, default):
            value = env.get(key)
            return int(value) if value and value.isascii() and value.isdigit() else default
        return cls(num("LABOR_AGE_MIN", 16), num("LABOR_AGE_MALE_MAX", 60),
                   num("LABOR_AGE_FEMALE_MAX", 55))

    def maximum(self, sex: str) -> int:
        return self.male_maximum if sex == "male" else self.female_maximum

    def problem(self, sex: str, birth: date, today: date) -> str | None:
        """None when of working age; otherwise why not, in Chinese."""
        age = age_on(birth, today)
        if age < self.minimum:
            return f"未满 {self.minimum} 周岁,不属于劳动力"
        if age > self.maximum(sex):
            who = "男性" if sex == "male" else "女性"
            return f"{who}超过 {self.maximum(sex)} 周岁,不属于劳动力"
        return None


AGE_BANDS = [("16-25", 16, 25), ("26-35", 26, 35), ("36-45", 36, 45), ("46-60", 46, 60)]


def age_band(age: int) -> str:
    for code, lo, hi in AGE_BANDS:
        if lo <= age <= hi:
            return code
    return "other"
