"""Create the gateway's RS256 key pair for the Docker deployment (the one-shot `keygen`
container in docker-compose.yml runs this before anything else starts):

    python -m deploy.keygen KEY_DIR [PUBLIC_DIR]

writes KEY_DIR/private.pem (mode 0600) and PUBLIC_DIR/public.pem; PUBLIC_DIR defaults to
KEY_DIR. Giving two folders lets the private key live in a volume only the gateway mounts,
while the services mount just the public one. Existing keys are kept, so re-running it on
every `docker compose up` does not rotate them (and does not log everyone out)."""
import sys
from pathlib import Path

from cryptography.hazmat.primitives import serialization

from gateway.auth.keys import generate_key_pair

USAGE = "usage: python -m deploy.keygen KEY_DIR [PUBLIC_DIR]"


def ensure_keys(private_dir: Path, public_dir: Path) -> tuple[Path, Path, bool]:
    """Returns (private path, public path, whether a new pair was generated)."""
    private_path, public_path = private_dir / "private.pem", public_dir / "public.pem"
    public_dir.mkdir(parents=True, exist_ok=True)
    if private_path.exists() and not public_path.exists():
        # The public volume was lost: derive it again rather than rotating the pair.
        key = serialization.load_pem_private_key(private_path.read_bytes(), password=None)
        public_path.write_bytes(key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
        return private_path, public_path, False
    existed = private_path.exists() and public_path.exists()
    generate_key_pair(private_path, public_path)
    return private_path, public_path, not existed


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) not in (1, 2) or args[0].startswith("-"):
        print(USAGE, file=sys.stderr)
        return 2
    private_dir = Path(args[0])
    public_dir = Path(args[1]) if len(args) == 2 else private_dir
    private_path, public_path, created = ensure_keys(private_dir, public_dir)
    print(f"{'created' if created else 'kept existing'} key pair: {private_path}, {public_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
