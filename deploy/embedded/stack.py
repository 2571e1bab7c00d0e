"""The embedded stack: noida-db (Kafka + Elasticsearch) and secantusd-py (MongoDB) on
127.0.0.1, every service under gunicorn with its worker, and the gateway. Every process is
recorded by PID under <root>/pids and stopped by that PID only.

    python -m deploy.embedded.stack up|stop|status|logs [--root .run]

Tests use the same class on free ports in a temporary folder."""
import argparse
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from importlib.resources import files
from pathlib import Path

SERVICES = ("registry", "jobs", "licensing", "rights", "evaluation")
REPO = Path(__file__).resolve().parents[2]
DEFAULT_PORTS = {"gateway": 8000, "registry": 8101, "jobs": 8102, "licensing": 8103,
                 "rights": 8104, "evaluation": 8105, "kafka": 19092, "elasticsearch": 19200,
                 "mongo": 27117}


def free_port(taken: set | None = None) -> int:
    """A free port below the kernel's ephemeral range (32768+), so that the outgoing
    connections of other processes cannot take it between this check and the bind."""
    taken = taken if taken is not None else set()
    while True:
        port = random.randrange(20000, 32000)
        if port in taken:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        taken.add(port)
        return port


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.3)
        return s.connect_ex(("127.0.0.1", port)) == 0


def wait_for(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{what} not ready after {timeout:.0f}s")


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status == 200
    except Exception:
        return False


class Stack:
    def __init__(self, root: Path, ports: dict | None = None, demo: bool = True,
                 sync_on_commit: bool = False, gunicorn_workers: int = 2,
                 servers: dict | None = None):
        self.root = Path(root).resolve()
        # servers started elsewhere (containers, a shared environment): their URLs
        self.servers = servers
        self.ports = dict(DEFAULT_PORTS, **(ports or {}))
        self.demo = demo
        self.sync_on_commit = sync_on_commit
        self.gunicorn_workers = gunicorn_workers
        for sub in ("pids", "logs", "keys", "noida", "mongo"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        (self.root / "ports.json").write_text(json.dumps(self.ports))

    @classmethod
    def with_free_ports(cls, root: Path, **kw) -> "Stack":
        taken: set = set()
        return cls(root, {name: free_port(taken) for name in DEFAULT_PORTS}, **kw)

    @classmethod
    def existing(cls, root: Path) -> "Stack":
        ports = json.loads((Path(root) / "ports.json").read_text())
        return cls(root, ports)

    # ---- addresses -------------------------------------------------------------------
    @property
    def embedded_servers(self) -> bool:
        return self.servers is None

    @property
    def mongo_url(self) -> str:
        if self.servers:
            return self.servers["mongo_url"]
        # Monitoring, for one local server with no failover to detect (a failed operation makes
        # pymongo check the server at once anyway): a plain hello once a minute. secantusdb
        # holds a streaming ("awaitable") hello by waking every 250 ms, one server thread per
        # client: with ~20 clients that was most of its idle CPU.
        return (f"mongodb://127.0.0.1:{self.ports['mongo']}/?directConnection=true"
                "&retryWrites=false&heartbeatFrequencyMS=60000&serverMonitoringMode=poll")

    @property
    def kafka_bootstrap(self) -> str:
        if self.servers:
            return self.servers["kafka_bootstrap"]
        return f"127.0.0.1:{self.ports['kafka']}"

    @property
    def elasticsearch_url(self) -> str:
        if self.servers:
            return self.servers["elasticsearch_url"]
        return f"http://127.0.0.1:{self.ports['elasticsearch']}"

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def env(self, extra: dict | None = None) -> dict:
        env = dict(os.environ)
        env.update({
            "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1",
            "MONGO_URL": self.mongo_url, "KAFKA_BOOTSTRAP": self.kafka_bootstrap,
            "ELASTICSEARCH_URL": self.elasticsearch_url,
            "AUTH_PUBLIC_KEY_FILE": str(self.root / "keys" / "public.pem"),
            "AUTH_PRIVATE_KEY_FILE": str(self.root / "keys" / "private.pem"),
            "DEMO_MODE": "1" if self.demo else "0",
            # noida-db never expires a group member that died without leaving (see consumer.py)
            "KAFKA_CONSUMER_MODE": "assign" if self.embedded_servers else "group",
            "KAFKA_BROKER": "embedded" if self.embedded_servers else "kafka",  # idle/restart workarounds
        })
        for svc in SERVICES:
            env[f"{svc.upper()}_URL"] = self.url(svc)
        env.update(extra or {})
        return env

    # ---- processes -------------------------------------------------------------------
    def _pidfile(self, name: str) -> Path:
        return self.root / "pids" / f"{name}.pid"

    def pid(self, name: str) -> int | None:
        try:
            pid = int(self._pidfile(name).read_text())
        except (FileNotFoundError, ValueError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        # guard against a recycled PID: it must still be the process we started
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            return None
        marker = (self._pidfile(name).with_suffix(".marker"))
        if marker.exists() and marker.read_bytes() not in cmdline:
            return None
        return pid

    def spawn(self, name: str, argv: list[str], extra_env: dict | None = None) -> int:
        if self.pid(name):
            return self.pid(name)
        log = open(self.root / "logs" / f"{name}.log", "ab")
        proc = subprocess.Popen(argv, cwd=REPO, env=self.env(extra_env), stdout=log,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)
        self._pidfile(name).write_text(str(proc.pid))
        self._pidfile(name).with_suffix(".marker").write_bytes(argv[-1].encode())
        return proc.pid

    def kill(self, name: str, sig: int = signal.SIGTERM, wait: float = 15.0) -> None:
        pid = self.pid(name)
        if pid is None:
            self._pidfile(name).unlink(missing_ok=True)
            return
        os.kill(pid, sig)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass
            if not Path(f"/proc/{pid}").exists() or _is_zombie(pid):
                break
            time.sleep(0.1)
        else:
            os.kill(pid, signal.SIGKILL)
            time.sleep(0.3)
        self._pidfile(name).unlink(missing_ok=True)

    # ---- servers ---------------------------------------------------------------------
    def start_kafka_es(self) -> None:
        binary = str(files("noida_db").joinpath("noida-db"))
        os.chmod(binary, 0o755)
        self.spawn("noida-db", [binary, "start", "--host", "127.0.0.1", "--only", "kafka,elasticsearch",
                                "--kafka-port", str(self.ports["kafka"]),
                                "--elasticsearch-port", str(self.ports["elasticsearch"]),
                                "--data-dir", str(self.root / "noida")])
        wait_for(lambda: port_open(self.ports["kafka"]) and port_open(self.ports["elasticsearch"]),
                 60, "noida-db")

    def start_mongo(self) -> None:
        argv = [sys.executable, "-m", "secantus", "--host", "127.0.0.1",
                "--port", str(self.ports["mongo"]), "--storage-path", str(self.root / "mongo")]
        if self.sync_on_commit:
            argv.insert(-4, "--sync-on-commit")
        self.spawn("secantusdb", argv)
        wait_for(lambda: port_open(self.ports["mongo"]), 60, "secantusdb")

    def start_servers(self) -> None:
        if self.embedded_servers:
            self.start_kafka_es()
            self.start_mongo()
        import importlib
        from services.common.events.topics import ensure_topics
        for svc in SERVICES:  # each service's contracts name its topics
            importlib.import_module(f"services.{svc}.events")
        importlib.import_module("gateway.events")  # gateway.user: token revocations
        wait_for(lambda: ensure_topics(self.kafka_bootstrap) is None, 60, "kafka topics")

    # ---- platform --------------------------------------------------------------------
    def ensure_keys(self) -> None:
        from gateway.auth.keys import generate_key_pair
        generate_key_pair(self.root / "keys" / "private.pem", self.root / "keys" / "public.pem")

    def start_service(self, svc: str, extra_env: dict | None = None) -> None:
        target = "gateway.app:create_app()" if svc == "gateway" else f"services.{svc}.app:create_app()"
        self.spawn(svc, [sys.executable, "-m", "gunicorn", "-c", "python:services.common.gunicorn_conf",
                         "-b", f"127.0.0.1:{self.ports[svc]}",
                         "-w", str(self.gunicorn_workers), "-k", "gthread", "--threads", "4",
                         "--timeout", "120", "--graceful-timeout", "5",
                         # gunicorn's 2 s default closes idle keep-alive connections under the
                         # feet of pooled clients (the gateway's among them): a reused socket
                         # then fails mid-POST. Keep them open longer than any client's pool idles.
                         "--keep-alive", "75", target], extra_env)

    def start_worker(self, svc: str, extra_env: dict | None = None) -> None:
        module = "gateway.worker" if svc == "gateway" else f"services.{svc}.worker"
        self.spawn(f"{svc}-worker", [sys.executable, "-m", module], extra_env)

    def wait_service(self, svc: str, timeout: float = 180) -> None:  # 2 cores under load: slow imports
        wait_for(lambda: http_ok(self.url(svc) + "/healthz"), timeout, svc)

    def start_platform(self) -> None:
        self.ensure_keys()
        for svc in (*SERVICES, "gateway"):  # the gateway's worker relays token revocations
            self.start_worker(svc)
        for svc in (*SERVICES, "gateway"):
            self.start_service(svc)
        for svc in (*SERVICES, "gateway"):
            self.wait_service(svc)
        wait_for(self._regions_seeded, 60, "regions seed")

    def _regions_seeded(self) -> bool:
        with urllib.request.urlopen(self.url("gateway") + "/api/registry/regions", timeout=3) as r:
            return len(json.load(r)["townships"]) == 16

    def up(self) -> None:
        self.start_servers()
        self.start_platform()

    def process_names(self) -> list[str]:
        names = ["gateway", *SERVICES, *(f"{s}-worker" for s in (*SERVICES, "gateway"))]
        return names + ["secantusdb", "noida-db"]

    def stop(self) -> None:
        for name in self.process_names():
            self.kill(name)

    def status(self) -> dict:
        return {name: self.pid(name) for name in self.process_names()}


def _is_zombie(pid: int) -> bool:
    """True when the process is gone or dead (a zombie only waits for its parent to reap it)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1].startswith("Z")
    except (OSError, IndexError):
        return True


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="stack")
    parser.add_argument("command", choices=["up", "stop", "status", "logs"])
    parser.add_argument("--root", default=str(REPO / ".run"))
    args = parser.parse_args(argv)
    root = Path(args.root)
    if args.command == "up":
        port = int(os.environ.get("PORT", DEFAULT_PORTS["gateway"]))
        stack = Stack(root, {"gateway": port}, demo=True, sync_on_commit=True)
        stack.up()
        from deploy.embedded.demo_data import seed_demo_persons
        seed_demo_persons(stack.url("gateway"))
        print(f"\n内乡县劳务输出信息平台已启动: http://127.0.0.1:{port}/")
        print("演示账号见 README.md(用户名即角色代码)。停止: make stop")
        return 0
    if not (root / "ports.json").exists():
        print("nothing has been started here")
        return 0
    stack = Stack.existing(root)
    if args.command == "stop":
        stack.stop()
        print("stopped")
    elif args.command == "status":
        for name, pid in stack.status().items():
            print(f"{name:20s} {'running pid ' + str(pid) if pid else 'stopped'}")
    elif args.command == "logs":
        for log in sorted((root / "logs").glob("*.log")):
            lines = log.read_text(errors="replace").splitlines()[-15:]
            print(f"==> {log.name} <==")
            print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
