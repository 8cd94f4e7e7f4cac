"""A test certification authority, made in the test with ``cryptography``: a root and a
signer certificate, written to files as production would configure them."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

PASSPHRASE = "mật-khẩu-thử"


@dataclass
class TestCA:
    root_file: Path
    p12_file: Path
    key_file: Path
    cert_file: Path


def _name(common_name, organisation):
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _certificate(subject, issuer, public_key, issuer_key, *, ca):
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
    )
    if ca:
        usage = x509.KeyUsage(False, False, False, False, False, True, True, False, False)
    else:
        usage = x509.KeyUsage(True, True, False, False, False, False, False, False, False)
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
    builder = builder.add_extension(usage, critical=True)
    return builder.sign(issuer_key, hashes.SHA256())


def make_ca(directory, common_name="Nguyễn Văn A", organisation="Sở Tư pháp tỉnh Sơn La", root_name="CA thử nghiệm"):
    directory = Path(directory)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root_subject = _name(root_name, "Bộ Tư pháp (thử nghiệm)")
    root = _certificate(root_subject, root_subject, root_key.public_key(), root_key, ca=True)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = _certificate(_name(common_name, organisation), root_subject, key.public_key(), root_key, ca=False)

    ca = TestCA(directory / "root.pem", directory / "signer.p12", directory / "signer.key", directory / "signer.pem")
    ca.root_file.write_bytes(root.public_bytes(serialization.Encoding.PEM))
    ca.cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    ca.key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    ca.p12_file.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"signer", key, cert, [root], serialization.BestAvailableEncryption(PASSPHRASE.encode())
        )
    )
    return ca
