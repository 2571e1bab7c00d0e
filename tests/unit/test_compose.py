"""docker-compose.yml checked against the code, without Docker.

The settings each container needs are not listed here: they are derived from the source.
- The settings loaders (`Settings.load` for a service's web and worker processes,
  `GatewaySettings.load` for the gateway) are run against an empty, recording environment,
  so every name they ask for is seen, however it is spelled in the code.
- Every other read of the environment in services/ and gateway/ (`env(...)`,
  `os.environ.get/[...]`, `os.getenv`, `in os.environ`) is found by parsing the source and
  is required in every container whose entry module imports that file.
So adding a setting to the code without adding it to docker-compose.yml fails here.
"""
import ast
import functools
import hashlib
import os
import re
import shlex
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from gateway.config import SERVICES, GatewaySettings
from tests.support.keys import session_key
from tests.support.source_scan import facts, import_nodes, source, tree
from services.common.config import Settings

REPO = Path(__file__).resolve().parents[2]
COMPOSE_FILE = REPO / "docker-compose.yml"
CODE_PACKAGES = ("services", "gateway", "deploy")
SCANNED = ("services", "gateway")

# Read by the code, deliberately absent from docker-compose.yml.
NOT_DEPLOYMENT_SETTINGS = {
    "FAULT_CRASH_AT": "crash points for the recovery tests; must never be set in production",
    "NEW_USER_PASSWORD": "input of the one-off `python -m gateway.manage create-user`, per run",
}
# Which containers call which settings loader (class name -> role).
LOADER_ROLES = {"Settings": "service", "GatewaySettings": "gateway"}

DATA_DIRS = {  # image name prefix -> where that image keeps its data
    "mongo": ["/data/db"],
    "docker.elastic.co/elasticsearch/elasticsearch": ["/usr/share/elasticsearch/data"],
}


# ---- compose -----------------------------------------------------------------------------

def load_compose() -> dict:
    # libyaml's safe loader when PyYAML has it (the same documents; 7x faster than Python's)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(COMPOSE_FILE.read_text(encoding="utf-8"), Loader=loader)


COMPOSE = load_compose()
CONTAINERS: dict = COMPOSE["services"]


def environment(name: str) -> dict:
    env = CONTAINERS[name].get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return {k: (None if v is None else str(v)) for k, v in env.items()}


def command(name: str) -> list[str]:
    cmd = CONTAINERS[name].get("command") or []
    return shlex.split(cmd) if isinstance(cmd, str) else [str(c) for c in cmd]


def mounts(name: str) -> dict:
    """target -> (source, read_only) for the container's volumes."""
    out = {}
    for v in CONTAINERS[name].get("volumes") or []:
        if isinstance(v, str):
            parts = v.split(":")
            source, target = (parts[0], parts[1]) if len(parts) > 1 else (None, parts[0])
            out[target] = (source, len(parts) > 2 and "ro" in parts[2].split(","))
        else:
            out[v["target"]] = (v.get("source"), bool(v.get("read_only")))
    return out


def depends_on(name: str) -> dict:
    deps = CONTAINERS[name].get("depends_on") or {}
    if isinstance(deps, list):
        deps = {d: {"condition": "service_started"} for d in deps}
    return deps


def one_shot(name: str) -> bool:
    return str(CONTAINERS[name].get("restart", "no")) == "no"


def has_healthcheck(name: str) -> bool:
    hc = CONTAINERS[name].get("healthcheck") or {}
    return bool(hc.get("test")) and not hc.get("disable") and hc.get("test") != ["NONE"]


def healthcheck_text(name: str) -> str:
    test = (CONTAINERS[name].get("healthcheck") or {}).get("test") or []
    return " ".join(test) if isinstance(test, list) else str(test)


def ours(name: str) -> bool:
    """A container that runs this repository's code (built from our Dockerfile)."""
    return "build" in CONTAINERS[name]


def web_container(svc: str) -> list[str]:
    return [n for n in CONTAINERS if ours(n) and "gunicorn" in " ".join(command(n))
            and f"services.{svc}.app:create_app()" in command(n)]


def worker_container(svc: str) -> list[str]:
    return [n for n in CONTAINERS if ours(n) and command(n)[-2:] == ["-m", f"services.{svc}.worker"]]


def gateway_container() -> list[str]:
    return [n for n in CONTAINERS if ours(n) and "gateway.app:create_app()" in command(n)]


def dockerfile(name: str) -> Path:
    build = CONTAINERS[name]["build"]
    if isinstance(build, str):
        return REPO / build / "Dockerfile"
    return REPO / build.get("context", ".") / build.get("dockerfile", "Dockerfile")


def app_port() -> int:
    """The port gunicorn binds inside every web container (set in the Dockerfile)."""
    ports = set()
    for name in CONTAINERS:
        if ours(name) and dockerfile(name).exists():
            m = re.search(r"--bind[ =](?:0\.0\.0\.0)?:(\d+)", dockerfile(name).read_text())
            if m:
                ports.add(int(m.group(1)))
    assert len(ports) == 1, f"one gunicorn --bind port expected in the Dockerfiles, found {ports}"
    return ports.pop()


# ---- the code's reads of the environment --------------------------------------------------

class Read:
    def __init__(self, names, module, line, scope, loader):
        self.names, self.module, self.line, self.scope, self.loader = names, module, line, scope, loader

    def __repr__(self):
        return f"{self.module}:{self.line} {sorted(self.names) if self.names else 'UNRESOLVED'}"


def _is_environ(node) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "environ") or \
        (isinstance(node, ast.Name) and node.id == "environ")


def _names_of(arg) -> set[str] | None:
    """Names an argument can take: a literal, or an f-string over the services
    (`f"{s.upper()}_URL"`), expanded with gateway.config.SERVICES. None if unknown."""
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return {arg.value}
    if isinstance(arg, ast.JoinedStr):
        names = set()
        for svc in SERVICES:
            text = ""
            for part in arg.values:
                if isinstance(part, ast.Constant):
                    text += str(part.value)
                elif isinstance(part.value, ast.Name):
                    text += svc
                elif (isinstance(part.value, ast.Call) and isinstance(part.value.func, ast.Attribute)
                      and part.value.func.attr == "upper" and isinstance(part.value.func.value, ast.Name)):
                    text += svc.upper()
                else:
                    return None
            names.add(text)
        return names
    return None


class _EnvReads(ast.NodeVisitor):
    def __init__(self, module: str):
        self.module, self.scope, self.reads = module, [], []

    def _scoped(self, node):
        self.scope.append(node.name)
        self.generic_visit(node)
        self.scope.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _scoped

    def _add(self, arg, node):
        if self.scope and self.scope[-1] == "env" and isinstance(arg, ast.Name):
            return  # the env() helper itself, reading its parameter
        loader = None
        if len(self.scope) >= 2 and self.scope[-1] == "load" and self.scope[-2].endswith("Settings"):
            loader = self.scope[-2]
        self.reads.append(Read(_names_of(arg), self.module, node.lineno, ".".join(self.scope), loader))

    def visit_Call(self, node):
        f = node.func
        if node.args and ((isinstance(f, ast.Name) and f.id in ("env", "getenv"))
                          or (isinstance(f, ast.Attribute) and f.attr == "getenv")
                          or (isinstance(f, ast.Attribute) and f.attr in ("get", "setdefault", "pop")
                              and _is_environ(f.value))):
            self._add(node.args[0], node)
        self.generic_visit(node)

    def visit_Subscript(self, node):
        if _is_environ(node.value) and isinstance(node.ctx, ast.Load):
            self._add(node.slice, node)
        self.generic_visit(node)

    def visit_Compare(self, node):
        if any(isinstance(op, (ast.In, ast.NotIn)) for op in node.ops) and _is_environ(node.comparators[-1]):
            self._add(node.left, node)
        self.generic_visit(node)


def module_files() -> dict[str, Path]:
    files = {}
    for pkg in CODE_PACKAGES:
        for path in (REPO / pkg).rglob("*.py"):
            parts = list(path.relative_to(REPO).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            files[".".join(parts)] = path
    return files


MODULES = module_files()


# what the parse finds in a file is kept between runs (source_scan.facts) under this file's
# own hash too: a change to the parse above reads every file again
_PARSE = "env reads " + hashlib.blake2b(Path(__file__).read_bytes(), digest_size=8).hexdigest()


def _reads_in(module: str, path: Path) -> list[Read]:
    def parse(p):
        visitor = _EnvReads(module)
        visitor.visit(tree(p))
        return [[sorted(r.names) if r.names is not None else None, r.line, r.scope, r.loader]
                for r in visitor.reads]
    return [Read(set(names) if names is not None else None, module, line, scope, loader)
            for names, line, scope, loader in facts(path, _PARSE, parse)]


@functools.cache
def env_reads() -> tuple[Read, ...]:
    reads = []
    for module, path in MODULES.items():
        # a module that never says "env" reads no environment (skips parsing most files)
        if module.split(".")[0] in SCANNED and "env" in source(path):
            reads += _reads_in(module, path)
    return tuple(reads)


@functools.cache
def imports_of(module: str) -> frozenset[str]:
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in import_nodes(path):
        targets = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            targets = [base] + [f"{base}.{a.name}" for a in node.names]
        for target in targets:
            parts = target.split(".")
            for i in range(1, len(parts) + 1):  # a module imports its parent packages too
                if ".".join(parts[:i]) in MODULES:
                    found.add(".".join(parts[:i]))
    return frozenset(found)


def reachable(entry: str) -> set[str]:
    seen, todo = set(), [entry]
    while todo:
        module = todo.pop()
        if module not in seen and module in MODULES:
            seen.add(module)
            todo += imports_of(module)
    return seen


class _Recorder(dict):
    """An empty environment that remembers every name asked for."""

    def __init__(self):
        super().__init__()
        self.asked = set()

    def get(self, key, default=None):
        self.asked.add(key)
        return default

    def __getitem__(self, key):
        self.asked.add(key)
        raise KeyError(key)

    def __contains__(self, key):
        self.asked.add(key)
        return False


def loader_reads(load) -> set[str]:
    recorder, saved = _Recorder(), os.environ
    os.environ = recorder
    try:
        load()
    finally:
        os.environ = saved
    return recorder.asked


def entry_module(name: str) -> tuple[str, str | None]:
    """(entry module, role) of one of our containers: role is service, gateway or None."""
    cmd = command(name)
    for svc in SERVICES:
        if name in web_container(svc):
            return f"services.{svc}.app", "service"
        if name in worker_container(svc):
            return f"services.{svc}.worker", "service"
    if name in gateway_container():
        return "gateway.app", "gateway"
    if "-m" in cmd:
        return cmd[cmd.index("-m") + 1], None
    raise AssertionError(f"{name}: cannot tell which of our modules it runs: {cmd}")


def required_settings(name: str) -> dict[str, str]:
    """Every environment variable the code run by container `name` reads -> where it is read."""
    entry, role = entry_module(name)
    needed = {}
    # The loader this container calls: what it asked for when run, and what it can read
    # according to the source (a read behind a condition is not seen when run).
    if role == "service":
        svc = next(s for s in SERVICES if entry.startswith(f"services.{s}."))
        for var in loader_reads(lambda: Settings.load(svc)):
            needed[var] = "Settings.load"
    if role == "gateway":
        for var in loader_reads(GatewaySettings.load):
            needed[var] = "GatewaySettings.load"
    modules = reachable(entry)
    for read in env_reads():
        if read.loader is not None and LOADER_ROLES.get(read.loader) != role:
            continue
        if read.loader is None and read.module not in modules:
            continue
        for var in read.names or ():
            needed.setdefault(var, f"{read.module}:{read.line}")
    return {k: v for k, v in needed.items() if k not in NOT_DEPLOYMENT_SETTINGS}


OUR_CONTAINERS = sorted(n for n in CONTAINERS if ours(n))


# ---- tests: the shape of the file --------------------------------------------------------

def test_every_service_has_an_image_or_a_build():
    missing = [n for n, c in CONTAINERS.items() if not (c.get("image") or c.get("build"))]
    assert not missing, f"no image or build: {missing}"


def test_every_long_running_service_has_a_healthcheck():
    missing = [n for n in CONTAINERS if not one_shot(n) and not has_healthcheck(n)]
    assert not missing, f"long-running services without a healthcheck: {missing}"


def test_one_shot_services_are_awaited_until_they_succeed():
    for name in (n for n in CONTAINERS if one_shot(n)):
        waiting = [n for n in CONTAINERS
                   if depends_on(n).get(name, {}).get("condition") == "service_completed_successfully"]
        assert waiting, f"one-shot {name}: nothing waits for it with service_completed_successfully"


def test_services_in_the_code_are_the_services_in_compose():
    on_disk = {p.parent.name for p in (REPO / "services").glob("*/app.py")}
    assert set(SERVICES) == on_disk, "gateway.config.SERVICES and services/*/app.py disagree"


@pytest.mark.parametrize("svc", SERVICES)
def test_each_service_has_one_web_and_one_worker_container(svc):
    assert len(web_container(svc)) == 1, \
        f"{svc}: want one container running gunicorn services.{svc}.app:create_app(), got {web_container(svc)}"
    assert len(worker_container(svc)) == 1, \
        f"{svc}: want one container running python -m services.{svc}.worker, got {worker_container(svc)}"
    assert f"services.{svc}.app" in MODULES and f"services.{svc}.worker" in MODULES
    assert "def create_app" in MODULES[f"services.{svc}.app"].read_text(encoding="utf-8")
    web = web_container(svc)[0]
    assert "/healthz" in healthcheck_text(web) and f":{app_port()}/" in healthcheck_text(web)


def _published(name: str) -> list:
    return CONTAINERS[name].get("ports") or []


def _target_port(spec) -> int:
    if isinstance(spec, dict):
        return int(spec["target"])
    return int(str(spec).rsplit(":", 1)[-1].split("/")[0])


def test_the_gateway_alone_publishes_a_port_8000():
    gateways = gateway_container()
    assert len(gateways) == 1, f"want one container running gateway.app:create_app(), got {gateways}"
    gw = gateways[0]
    assert [_target_port(p) for p in _published(gw)] == [8000]
    assert app_port() == 8000, "the gateway's gunicorn must listen on the published port"
    assert "/healthz" in healthcheck_text(gw)
    others = [n for n in CONTAINERS if n != gw and _published(n)]
    assert not others, f"only the gateway may publish ports, also: {others}"


def _by_image(prefix: str) -> str:
    found = [n for n, c in CONTAINERS.items() if str(c.get("image", "")).startswith(prefix + ":")]
    assert len(found) == 1, f"want one {prefix} container, got {found}"
    return found[0]


def test_databases_keep_their_data_in_named_volumes():
    declared = set((COMPOSE.get("volumes") or {}).keys())
    wanted = dict(DATA_DIRS)
    kafka = _by_image("apache/kafka")
    wanted["apache/kafka"] = environment(kafka)["KAFKA_LOG_DIRS"].split(",")
    for image, dirs in wanted.items():
        name = _by_image(image)
        for target in dirs:
            source = mounts(name).get(target, (None, False))[0]
            assert source in declared, f"{name}: {target} is not on a named volume ({source})"


def test_dockerfiles_exist_and_build_a_production_image():
    for name in OUR_CONTAINERS:
        path = dockerfile(name)
        assert path.is_file(), f"{name}: {path.relative_to(REPO)} does not exist"
        text = path.read_text(encoding="utf-8")
        assert re.search(r"^FROM python:3\.11-slim\b", text, re.M)
        installs = re.findall(r"pip install[^\n]*", text)
        assert any(re.search(r"pip install \.(\s|$)", i) for i in installs), "install the project: pip install ."
        assert not [i for i in installs if ".[" in i], "no embedded/test extras in the image"
        users = re.findall(r"^USER\s+(\S+)", text, re.M)
        assert users and users[-1] not in ("root", "0"), "the image must run as a non-root user"
        assert re.search(r'^CMD \["gunicorn"', text, re.M), "gunicorn is the default command"


def test_depends_on_names_existing_services_with_sensible_conditions():
    for name in CONTAINERS:
        for dep, spec in depends_on(name).items():
            assert dep in CONTAINERS, f"{name} depends on unknown {dep}"
            condition = spec.get("condition", "service_started")
            if one_shot(dep):
                assert condition == "service_completed_successfully", f"{name} -> {dep}: {condition}"
            elif has_healthcheck(dep):
                assert condition == "service_healthy", f"{name} -> {dep}: {condition}"


# ---- tests: the settings ------------------------------------------------------------------

def test_every_read_of_the_environment_can_be_resolved():
    reads = env_reads()
    unresolved = [r for r in reads if r.names is None]
    assert not unresolved, ("env reads whose name cannot be worked out from the source; "
                            f"use a literal or teach tests/unit/test_compose.py: {unresolved}")
    unknown = {r.loader for r in reads if r.loader} - set(LOADER_ROLES)
    assert not unknown, f"settings classes this test does not know who loads: {unknown}"
    # The parse must see at least what the loaders ask for when run, or it is missing a form.
    for cls, load in ((Settings, lambda: Settings.load(SERVICES[0])), (GatewaySettings, GatewaySettings.load)):
        parsed = set().union(*(r.names for r in reads if r.loader == cls.__name__))
        assert loader_reads(load) <= parsed, f"{cls.__name__}.load reads {loader_reads(load) - parsed} unseen by the parse"


@pytest.mark.parametrize("name", OUR_CONTAINERS)
def test_every_setting_the_code_reads_is_set(name):
    env = environment(name)
    missing = {var: where for var, where in required_settings(name).items()
               if env.get(var) in (None, "")}
    assert not missing, f"{name}: not set in docker-compose.yml: {missing}"


@pytest.mark.parametrize("name", OUR_CONTAINERS)
def test_settings_have_values_when_the_host_sets_nothing(name):
    for var, value in environment(name).items():
        assert value is not None and not re.fullmatch(r"\$\{\w+\}", value), \
            f"{name}: {var}={value!r} is empty unless the host defines it; give a default (${{X:-...}})"
    assert "FAULT_CRASH_AT" not in environment(name), f"{name}: fault injection set in production"


@pytest.mark.parametrize("svc", SERVICES)
def test_web_and_worker_of_a_service_share_their_settings(svc):
    web, worker = web_container(svc)[0], worker_container(svc)[0]
    for var in required_settings(web).keys() | required_settings(worker).keys():
        assert environment(web).get(var) == environment(worker).get(var), f"{svc}: {var} differs"


def test_services_use_separate_databases():
    dbs = [environment(web_container(s)[0])["MONGO_DB"] for s in SERVICES]
    dbs.append(environment(gateway_container()[0])["MONGO_DB"])
    assert len(set(dbs)) == len(dbs), dbs


def test_gateway_runs_in_production_mode():
    assert environment(gateway_container()[0]).get("DEMO_MODE") == "0"


def test_addresses_point_at_the_compose_services():
    mongo = _by_image("mongo")
    mongo_cmd = command(mongo)
    replica_set = mongo_cmd[mongo_cmd.index("--replSet") + 1]
    kafka = _by_image("apache/kafka")
    advertised = environment(kafka)["KAFKA_ADVERTISED_LISTENERS"]
    elastic = _by_image("docker.elastic.co/elasticsearch/elasticsearch")
    for name in OUR_CONTAINERS:
        env, deps = environment(name), depends_on(name)
        if "MONGO_URL" in env:
            url = urlsplit(env["MONGO_URL"])
            query = parse_qs(url.query)
            assert url.hostname == mongo and mongo in deps, f"{name}: {env['MONGO_URL']}"
            assert query.get("replicaSet") == [replica_set], f"{name}: MONGO_URL needs replicaSet={replica_set}"
            assert query.get("retryWrites", ["true"]) == ["true"], f"{name}: real MongoDB retries writes"
            assert "directConnection" not in query, f"{name}: directConnection defeats replica set discovery"
        if "KAFKA_BOOTSTRAP" in env:
            for server in env["KAFKA_BOOTSTRAP"].split(","):
                assert f"://{server}" in advertised, f"{name}: {server} is not what kafka advertises"
            assert kafka in deps
        if "ELASTICSEARCH_URL" in env:
            assert urlsplit(env["ELASTICSEARCH_URL"]).hostname == elastic and elastic in deps
    gw_env = environment(gateway_container()[0])
    for svc in SERVICES:
        url = urlsplit(gw_env[f"{svc.upper()}_URL"])
        assert (url.hostname, url.port) == (web_container(svc)[0], app_port()), f"{svc.upper()}_URL"


def test_key_files_are_where_the_keygen_writes_them():
    keygen = [n for n in OUR_CONTAINERS if "deploy.keygen" in command(n)]
    assert len(keygen) == 1, f"want one container running deploy.keygen, got {keygen}"
    keygen = keygen[0]
    args = command(keygen)[command(keygen).index("deploy.keygen") + 1:]
    private_dir, public_dir = args[0], args[1] if len(args) > 1 else args[0]
    written = {"AUTH_PRIVATE_KEY_FILE": f"{private_dir}/private.pem",
               "AUTH_PUBLIC_KEY_FILE": f"{public_dir}/public.pem"}
    for name in OUR_CONTAINERS:
        for var, path in environment(name).items():
            if var not in written:
                continue
            assert path == written[var], f"{name}: {var}={path}, keygen writes {written[var]}"
            folder = os.path.dirname(path)
            assert folder in mounts(name), f"{name}: {folder} is not mounted"
            assert mounts(name)[folder][0] == mounts(keygen)[folder][0], f"{name}: other volume at {folder}"
            assert keygen in depends_on(name), f"{name} must wait for {keygen}"
    private_volume = mounts(keygen)[private_dir][0]
    holders = sorted(n for n in CONTAINERS if any(s == private_volume for s, _ in mounts(n).values()))
    assert holders == sorted([keygen, gateway_container()[0]]), \
        f"only the keygen and the gateway may mount the private key, not {holders}"


def test_kafka_runs_kraft_for_a_single_node():
    env = environment(_by_image("apache/kafka"))
    for var in ("KAFKA_NODE_ID", "KAFKA_PROCESS_ROLES", "KAFKA_LISTENERS", "KAFKA_ADVERTISED_LISTENERS",
                "KAFKA_CONTROLLER_QUORUM_VOTERS", "KAFKA_CONTROLLER_LISTENER_NAMES", "CLUSTER_ID"):
        assert env.get(var), f"kafka: {var} is not set"
    assert set(env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"].split("@")[0] == env["KAFKA_NODE_ID"]
    controller = env["KAFKA_CONTROLLER_LISTENER_NAMES"]
    assert f"{controller}://" in env["KAFKA_LISTENERS"]
    for var in ("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
                "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR"):
        assert env.get(var) == "1", f"kafka: {var} must be 1 on one broker"


def test_mongo_is_a_replica_set_initiated_by_its_healthcheck():
    mongo = _by_image("mongo")
    cmd = command(mongo)
    replica_set = cmd[cmd.index("--replSet") + 1]
    check = healthcheck_text(mongo)
    assert "rs.initiate(" in check and f"_id: '{replica_set}'" in check
    assert f"host: '{mongo}:27017'" in check, "the member address must be the one the services use"


def test_keygen_creates_a_pair_once_and_keeps_it(tmp_path, monkeypatch):
    from deploy.keygen import main
    from gateway.auth import keys
    asked, key = [], session_key()

    def generate(**kwargs):   # the session's key (generating one costs 0.03-0.3 s), counted
        asked.append(kwargs)
        return key
    monkeypatch.setattr(keys.rsa, "generate_private_key", generate)
    private_dir, public_dir = tmp_path / "private", tmp_path / "public"
    private_dir.mkdir()
    assert main([str(private_dir), str(public_dir)]) == 0
    private, public = private_dir / "private.pem", public_dir / "public.pem"
    assert private.stat().st_mode & 0o777 == 0o600
    first = (private.read_bytes(), public.read_bytes())
    assert main([str(private_dir), str(public_dir)]) == 0
    assert (private.read_bytes(), public.read_bytes()) == first
    public.unlink()  # a lost public volume is derived again, not a new pair
    assert main([str(private_dir), str(public_dir)]) == 0
    assert (private.read_bytes(), public.read_bytes()) == first
    assert main([]) == 2
    assert asked == [{"public_exponent": 65537, "key_size": 2048}]   # one pair, RS256-sized
