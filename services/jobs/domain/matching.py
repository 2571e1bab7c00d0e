"""Matching workers and postings both ways. Pure: a score out of 100 with the reasons that
earned it and what is missing, from a worker profile (kept from the registry's events) and a
posting. A requirement the law lets a posting set (sex, with its stated reason) excludes;
everything else only lowers the score, so staff still see near misses and what they lack."""
import heapq
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from .labels import EDUCATION, INDUSTRIES, WORK_REGIONS, education_rank

CJK_RUN = re.compile(r"[\u3400-\u9fff]+|[A-Za-z0-9]+")
WEIGHTS = {"intention": 25, "skills": 25, "age": 15, "education": 10, "training": 10, "wage": 10,
           "region": 5}
LOOKING = ("surplus", "returned")  # statuses of people who may be looking for work
# the registry's destination codes that the jobs' work regions spell differently
REGISTRY_REGIONS = {"bohai_rim": "bohai"}


@dataclass
class Match:
    score: int
    reasons: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    excluded: bool = False


@lru_cache(maxsize=8192)
def grams(text: str | None) -> frozenset[str]:
    """Bigrams of each CJK run (single characters alone), whole Latin/number words. Cached:
    the same titles and labels come back for every worker matched."""
    out = set()
    for run in CJK_RUN.findall(text or ""):
        if run.isascii():
            out.add(run.lower())
        elif len(run) == 1:
            out.add(run)
        else:
            out.update(run[i:i + 2] for i in range(len(run) - 1))
    return frozenset(out)


def age_on(birth_date: str, today: date) -> int:
    born = date.fromisoformat(birth_date)
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def worker_skills(worker: dict) -> set[str]:
    """Skills from the register plus certified training courses (证书)."""
    skills = {s.strip() for s in worker.get("skills") or [] if s.strip()}
    skills |= {t["course"].strip() for t in worker.get("trainings") or [] if t.get("certified")}
    return skills


@dataclass(frozen=True)
class Prepared:
    """What matching needs of a worker, worked out once for all the postings it is scored on."""
    worker: dict
    wish: frozenset
    have: frozenset
    have_grams: frozenset
    certified: tuple
    certified_grams: frozenset
    age: int | None
    education: int


def prepare(worker: dict, today: date) -> Prepared:
    have = frozenset(worker_skills(worker))
    certified = tuple(t["course"] for t in worker.get("trainings") or [] if t.get("certified"))
    return Prepared(worker, grams(worker.get("job_intention")), have, grams(" ".join(sorted(have))),
                    certified, grams(" ".join(certified)),
                    age_on(worker["birth_date"], today) if worker.get("birth_date") else None,
                    education_rank(worker.get("education")))


def _skill_met(required: str, have) -> bool:
    return any(required == h or required in h or h in required for h in have)


def score(worker: dict, posting: dict, today: date) -> Match:
    return score_prepared(prepare(worker, today), posting)


def score_prepared(w: Prepared, posting: dict) -> Match:
    worker = w.worker
    m = Match(0)
    req = posting.get("requirements") or {}
    if req.get("sex", "any") != "any" and worker.get("sex") != req["sex"]:
        m.excluded = True
        m.missing.append("性别不符合岗位的法定要求")
        return m
    title = grams(posting["title"])
    # intention: the worker's stated wish against the job's title, industry and description
    if w.wish:
        if w.wish & title:
            m.score += WEIGHTS["intention"]
            m.reasons.append(f"求职意向“{worker['job_intention']}”与岗位名称相符")
        elif w.wish & (grams(INDUSTRIES.label(posting["industry"])) | grams(posting.get("description"))):
            m.score += WEIGHTS["intention"] * 3 // 5
            m.reasons.append(f"求职意向“{worker['job_intention']}”与岗位行业相近")
        else:
            m.missing.append("求职意向与岗位不符")
    # skills and certificates
    needed = [s for s in req.get("skills") or [] if s.strip()]
    if needed:
        met = [s for s in needed if _skill_met(s, w.have)]
        m.score += WEIGHTS["skills"] * len(met) // len(needed)
        if met:
            m.reasons.append("具备所需技能:" + "、".join(met))
        lacking = [s for s in needed if s not in met]
        if lacking:
            m.missing.append("缺少技能:" + "、".join(lacking))
    else:
        m.score += WEIGHTS["skills"] * 3 // 5
        m.reasons.append("岗位无技能要求")
        if w.have_grams & title:
            m.score += WEIGHTS["skills"] * 2 // 5
            m.reasons.append("技能与岗位相关:" + "、".join(sorted(w.have)))
    # age
    if w.age is not None:
        lo, hi = req.get("age_min") or 16, req.get("age_max") or 60
        if lo <= w.age <= hi:
            m.score += WEIGHTS["age"]
            m.reasons.append(f"年龄 {w.age} 岁,符合 {lo}-{hi} 岁要求")
        else:
            m.missing.append(f"年龄 {w.age} 岁,不在 {lo}-{hi} 岁要求内")
    # education
    need = req.get("education") or "none"
    if w.education >= education_rank(need):
        m.score += WEIGHTS["education"]
        if need != "none":
            m.reasons.append(f"学历达到{EDUCATION.label(need)}要求")
    else:
        m.missing.append(f"学历须{EDUCATION.label(need)}及以上" + ("" if worker.get("education") else "(档案未填学历)"))
    # training: a certificate of the trade, or training the employer offers before departure
    if w.certified and w.certified_grams & (title | grams(" ".join(needed))):
        m.score += WEIGHTS["training"]
        m.reasons.append("持有相关培训证书:" + "、".join(w.certified))
    elif posting.get("training_offered"):
        m.score += WEIGHTS["training"] // 2
        m.reasons.append("单位提供岗前培训:" + posting["training_offered"])
    # wage expectation
    expected = worker.get("wage_expectation")
    if expected:
        if posting["salary_max"] >= expected:
            m.score += WEIGHTS["wage"]
            m.reasons.append(f"工资 {posting['salary_min']}-{posting['salary_max']} 元可达期望 {expected} 元")
        else:
            m.missing.append(f"期望月薪 {expected} 元高于岗位最高 {posting['salary_max']} 元")
    else:
        m.score += WEIGHTS["wage"] // 2
    # region preference (the registry's intended regions; one code in older profiles)
    prefers = region_preferences(worker)
    wanted = "、".join(WORK_REGIONS.label(r) for r in prefers)
    if posting["work_region"] in prefers:
        m.score += WEIGHTS["region"]
        m.reasons.append(f"工作地区为意向地区{WORK_REGIONS.label(posting['work_region'])}")
    elif prefers:
        m.missing.append(f"工作地不在意向地区{wanted}")
    return m


def region_preferences(worker: dict) -> tuple[str, ...]:
    prefers = worker.get("region_preferences")
    if prefers is None:
        prefers = [worker["region_preference"]] if worker.get("region_preference") else []
    return tuple(prefers)


def rank(pairs, today: date, limit: int = 20) -> list[tuple[dict, Match]]:
    """(item, worker, posting) triples -> the best `limit` (item, match), ties broken by id.
    Each worker is prepared once, however many postings it is scored on."""
    prepared: dict[int, Prepared] = {}
    scored = []
    for item, worker, posting in pairs:
        w = prepared.get(id(worker))
        if w is None:
            w = prepared[id(worker)] = prepare(worker, today)
        m = score_prepared(w, posting)
        if not m.excluded:
            scored.append((item, m))
    return heapq.nsmallest(limit, scored, key=lambda x: (-x[1].score, x[0]["_id"]))


def apply_person_event(profile: dict | None, event: dict) -> dict:
    """A worker profile after a registry event (only the contract's listed fields are read)."""
    d = event["data"]
    p = dict(profile or {"_id": d["person_id"], "trainings": []})
    t = event["type"]
    if t in ("person.registered", "person.updated"):
        for k in ("township_code", "village_code", "sex", "birth_date", "status", "education", "skills",
                  "job_intention"):
            p[k] = d.get(k)
        p["skills"] = p.get("skills") or []
        # optional in the contract (older events lack them): an absent field leaves the profile's
        # value, an event that carries it (null or [] included) sets it
        if "expected_wage" in d:
            p["wage_expectation"] = d["expected_wage"]
        if "intended_regions" in d:
            p["region_preferences"] = [REGISTRY_REGIONS.get(r, r) for r in d["intended_regions"] or []]
    elif t == "person.status_changed":
        p.update(township_code=d["township_code"], village_code=d["village_code"], status=d["to_status"])
    elif t == "training.recorded":
        if not any(x["training_id"] == d["training_id"] for x in p["trainings"]):
            p["trainings"] = p["trainings"] + [{"training_id": d["training_id"], "course": d["course"],
                                                "hours": d["hours"], "certified": d["certified"],
                                                "ended_on": d["ended_on"]}]
        p.setdefault("township_code", d["township_code"])
    p["version_seen"] = event["occurred_at"]
    return p
