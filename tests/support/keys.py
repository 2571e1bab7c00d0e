"""One RS256 key pair for the whole test session: generating a 2048-bit RSA key costs 0.03 to
0.3 s (a random search for primes), and the unit tests need a pair in two places (tokens for
the licensing app, and the deployment's keygen, which must generate exactly one)."""
import functools

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


@functools.cache
def session_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@functools.cache
def session_pems() -> tuple[str, str]:
    """(private, public) PEM text of the session's key."""
    key = session_key()
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return private, public
