"""`make stop` leaves nothing running: every process the stack started is stopped by its PID."""
import subprocess
import sys
from pathlib import Path

from deploy.embedded.stack import REPO, Stack, _is_zombie, port_open


def test_stop_ends_every_process_and_frees_every_port(tmp_path: Path):
    stack = Stack.with_free_ports(tmp_path / "run")
    try:
        stack.start_servers()
        stack.ensure_keys()
        stack.start_service("registry")
        stack.start_worker("registry")
        stack.wait_service("registry")
        running = {name: pid for name, pid in stack.status().items() if pid}
        assert {"noida-db", "secantusdb", "registry", "registry-worker"} <= set(running)
        status = subprocess.run([sys.executable, "-m", "deploy.embedded.stack", "status",
                                 "--root", str(stack.root)], cwd=REPO, capture_output=True, text=True)
        assert f"running pid {running['registry']}" in status.stdout
    finally:
        subprocess.run([sys.executable, "-m", "deploy.embedded.stack", "stop",
                        "--root", str(stack.root)], cwd=REPO, check=True, timeout=120)
    for pid in running.values():
        assert _is_zombie(pid), f"pid {pid} still running"  # gone, or dead awaiting its reaper
    for name in ("kafka", "elasticsearch", "mongo", "registry"):
        assert not port_open(stack.ports[name]), name
    assert not any(stack.status().values())
