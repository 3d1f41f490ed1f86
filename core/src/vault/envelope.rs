//! The vault's bytes on disk and how they are opened.
//!
//! ```text
//! offset size  field
//!      0    4  magic "BATN"
//!      4    2  format version, u16 little-endian
//!      6    1  KDF id (1 = Argon2id v1.3)
//!      7   12  Argon2 memory KiB, passes, lanes (u32 LE each)
//!     19   16  salt
//!     35    8  generation counter (u64 LE), +1 on every save
//!     43   12  nonce of the wrapped vault key
//!     55   48  vault key wrapped under the password key (AES-256-GCM, AAD = bytes 0..35)
//!    103   12  nonce of the body
//!    115   32  SHA-256 of bytes 0..115
//!    147    …  body: AES-256-GCM under the vault key, AAD = bytes 0..147
//! ```
//!
//! Every format ever written opens: the header keeps the version it was
//! read with, the body is migrated from it, and the wrapped key is tried
//! under the associated data of that version and then of each earlier one
//! (a vault that Baton 0.1 re-sealed as format 2 after a restart kept its
//! key wrapped under format 1's). A vault opened with its password from an
//! older format, or with an older wrapping, is re-wrapped at once under the
//! current format's (`UnlockedVault::upgraded`), from the same derived key,
//! and is written in the current format by the next seal.
//!
//! The unkeyed checksum tells damage apart from a wrong password: a header
//! whose checksum fails is corrupted, a wrapped key that fails to open under a
//! well-formed header means the password is wrong. The body is padded to
//! 256-byte blocks so its length says little about how many keys it holds.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use argon2::{Algorithm, Argon2, Params, Version};
use rand_core::CryptoRngCore;
use sha2::{Digest, Sha256};
use std::fmt;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use super::migrate::{migrate_body, FORMAT_VERSION};
use super::{VaultData, VaultError};
use crate::Millis;

/// The shortest master password accepted for a new vault or a password change.
pub const MIN_PASSWORD_CHARS: usize = 10;

const MAGIC: &[u8; 4] = b"BATN";
const KDF_ARGON2ID: u8 = 1;
const WRAP_AAD_END: usize = 35;
const GENERATION_AT: usize = 35;
const WRAP_NONCE_AT: usize = 43;
const WRAPPED_AT: usize = 55;
const BODY_NONCE_AT: usize = 103;
const CHECKSUM_AT: usize = 115;
const HEADER_LEN: usize = 147;
const TAG_LEN: usize = 16;
const PAD_BLOCK: usize = 256;

/// Argon2id cost parameters, stored in the header of every vault.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KdfParams {
    pub memory_kib: u32,
    pub passes: u32,
    pub lanes: u32,
}

impl KdfParams {
    /// Bitwarden's envelope setting: 64 MiB, 3 passes, 4 lanes.
    pub const DEFAULT: KdfParams = KdfParams { memory_kib: 64 * 1024, passes: 3, lanes: 4 };
    /// OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane.
    pub const MIN: KdfParams = KdfParams { memory_kib: 19 * 1024, passes: 2, lanes: 1 };
    /// The most a header may ask for. Bounds unlock time so that a tampered
    /// header cannot make unlocking run for minutes.
    pub const MAX: KdfParams = KdfParams { memory_kib: 256 * 1024, passes: 10, lanes: 8 };
    /// Memory × passes, in KiB, at most eight times the default's.
    const MAX_WORK: u64 = 8 * 64 * 1024 * 3;

    fn check(self) -> Result<(), VaultError> {
        let (min, max) = (Self::MIN, Self::MAX);
        if !(min.memory_kib..=max.memory_kib).contains(&self.memory_kib) {
            return Err(VaultError::UnsafeKdfParameters("memory"));
        }
        if !(min.passes..=max.passes).contains(&self.passes) {
            return Err(VaultError::UnsafeKdfParameters("passes"));
        }
        if !(min.lanes..=max.lanes).contains(&self.lanes) {
            return Err(VaultError::UnsafeKdfParameters("lanes"));
        }
        if u64::from(self.memory_kib) * u64::from(self.passes) > Self::MAX_WORK {
            return Err(VaultError::UnsafeKdfParameters("total work"));
        }
        Ok(())
    }

    /// Runs Argon2id. Public so the benchmark measures exactly what unlock runs.
    pub fn derive(self, password: &[u8], salt: &[u8]) -> Result<Zeroizing<[u8; 32]>, VaultError> {
        self.check()?;
        let params = Params::new(self.memory_kib, self.passes, self.lanes, Some(32))
            .map_err(|_| VaultError::UnsafeKdfParameters("rejected by Argon2"))?;
        let mut out = Zeroizing::new([0u8; 32]);
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(password, salt, out.as_mut())
            .map_err(|_| VaultError::UnsafeKdfParameters("rejected by Argon2"))?;
        Ok(out)
    }
}

/// The random 256-bit key the vault body is sealed under. It is what an
/// unlocked session keeps (in `chrome.storage.session`), so that unlocking
/// again after the service worker restarts needs no password.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct VaultKey([u8; 32]);

impl VaultKey {
    fn generate(rng: &mut impl CryptoRngCore) -> Self {
        let mut key = [0u8; 32];
        rng.fill_bytes(&mut key);
        VaultKey(key)
    }

    pub fn to_base64(&self) -> Zeroizing<String> {
        Zeroizing::new(crate::base64::encode(self.0))
    }

    pub fn from_base64(text: &str) -> Option<Self> {
        let bytes = Zeroizing::new(crate::base64::decode(text)?);
        let array: [u8; 32] = bytes.as_slice().try_into().ok()?;
        Some(VaultKey(array))
    }

    fn cipher(&self) -> Aes256Gcm {
        Aes256Gcm::new((&self.0).into())
    }
}

impl fmt::Debug for VaultKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("VaultKey(<redacted>)")
    }
}

#[derive(Clone)]
struct Header {
    /// The format the file was read in (the current one for a new vault).
    version: u16,
    kdf: KdfParams,
    salt: [u8; 16],
    generation: u64,
    wrap_nonce: [u8; 12],
    wrapped_key: [u8; 48],
}

impl Header {
    /// Bytes 0..35 as format `version` writes them: what a key wrapped by
    /// that format is bound to.
    fn kdf_bytes(&self, version: u16) -> Vec<u8> {
        let mut out = Vec::with_capacity(WRAP_AAD_END);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&version.to_le_bytes());
        out.push(KDF_ARGON2ID);
        out.extend_from_slice(&self.kdf.memory_kib.to_le_bytes());
        out.extend_from_slice(&self.kdf.passes.to_le_bytes());
        out.extend_from_slice(&self.kdf.lanes.to_le_bytes());
        out.extend_from_slice(&self.salt);
        out
    }

    /// The header in the current format: the body sealed after it always is.
    fn encode(&self, body_nonce: &[u8; 12]) -> Vec<u8> {
        let mut out = self.kdf_bytes(FORMAT_VERSION);
        out.extend_from_slice(&self.generation.to_le_bytes());
        out.extend_from_slice(&self.wrap_nonce);
        out.extend_from_slice(&self.wrapped_key);
        out.extend_from_slice(body_nonce);
        let checksum = Sha256::digest(&out);
        out.extend_from_slice(&checksum);
        debug_assert_eq!(out.len(), HEADER_LEN);
        out
    }

    /// Parses and checks the header; returns it with the body nonce.
    fn decode(bytes: &[u8]) -> Result<(Header, [u8; 12]), VaultError> {
        if bytes.len() < 6 || &bytes[..4] != MAGIC {
            return Err(VaultError::Corrupted("not a Baton vault"));
        }
        let version = u16::from_le_bytes([bytes[4], bytes[5]]);
        if version > FORMAT_VERSION {
            return Err(VaultError::NewerFormat { found: version, supported: FORMAT_VERSION });
        }
        if version == 0 {
            return Err(VaultError::Corrupted("format version 0"));
        }
        if bytes.len() < HEADER_LEN + TAG_LEN {
            return Err(VaultError::Corrupted("truncated"));
        }
        if Sha256::digest(&bytes[..CHECKSUM_AT]).as_slice() != &bytes[CHECKSUM_AT..HEADER_LEN] {
            return Err(VaultError::Corrupted("header checksum mismatch"));
        }
        if bytes[6] != KDF_ARGON2ID {
            return Err(VaultError::Corrupted("unknown key-derivation function"));
        }
        let u32_at = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
        let kdf = KdfParams { memory_kib: u32_at(7), passes: u32_at(11), lanes: u32_at(15) };
        kdf.check()?;
        let header = Header {
            version,
            kdf,
            salt: bytes[19..35].try_into().unwrap(),
            generation: u64::from_le_bytes(bytes[GENERATION_AT..WRAP_NONCE_AT].try_into().unwrap()),
            wrap_nonce: bytes[WRAP_NONCE_AT..WRAPPED_AT].try_into().unwrap(),
            wrapped_key: bytes[WRAPPED_AT..BODY_NONCE_AT].try_into().unwrap(),
        };
        let body_nonce = bytes[BODY_NONCE_AT..CHECKSUM_AT].try_into().unwrap();
        Ok((header, body_nonce))
    }

    /// A header for `key`, wrapped in the current format under a key
    /// derived from `password` with a fresh salt.
    fn wrap(
        kdf: KdfParams,
        password: &str,
        key: &VaultKey,
        generation: u64,
        rng: &mut impl CryptoRngCore,
    ) -> Result<Header, VaultError> {
        let mut salt = [0; 16];
        rng.fill_bytes(&mut salt);
        let kek = kdf.derive(password.as_bytes(), &salt)?;
        let mut header =
            Header { version: FORMAT_VERSION, kdf, salt, generation, wrap_nonce: [0; 12], wrapped_key: [0; 48] };
        header.wrap_with(&kek, key, rng);
        Ok(header)
    }

    /// Wraps `key` under `kek` (derived from this header's salt), bound to
    /// the current format's header bytes.
    fn wrap_with(&mut self, kek: &[u8; 32], key: &VaultKey, rng: &mut impl CryptoRngCore) {
        rng.fill_bytes(&mut self.wrap_nonce);
        let aad = self.kdf_bytes(FORMAT_VERSION);
        let wrapped = Aes256Gcm::new(kek.into())
            .encrypt(Nonce::from_slice(&self.wrap_nonce), Payload { msg: &key.0, aad: &aad })
            .expect("AES-GCM encryption of 32 bytes cannot fail");
        self.wrapped_key.copy_from_slice(&wrapped);
    }

    fn derive_kek(&self, password: &str) -> Result<Zeroizing<[u8; 32]>, VaultError> {
        self.kdf.derive(password.as_bytes(), &self.salt)
    }

    /// The vault key, and the format whose header bytes it was wrapped
    /// under: the file's own, else an earlier one's. Each try is one
    /// AES-GCM open of 32 bytes under the same derived key; none opens for
    /// a wrong password.
    fn unwrap_with(&self, kek: &[u8; 32]) -> Result<(VaultKey, u16), VaultError> {
        let cipher = Aes256Gcm::new(kek.into());
        for version in (1..=self.version).rev() {
            let aad = self.kdf_bytes(version);
            let Ok(plain) =
                cipher.decrypt(Nonce::from_slice(&self.wrap_nonce), Payload { msg: &self.wrapped_key, aad: &aad })
            else {
                continue;
            };
            let plain = Zeroizing::new(plain);
            let array: [u8; 32] = plain.as_slice().try_into().map_err(|_| VaultError::Corrupted("vault key length"))?;
            return Ok((VaultKey(array), version));
        }
        Err(VaultError::WrongPassword)
    }
}

/// An opened vault: its data, and what is needed to seal it again.
pub struct UnlockedVault {
    header: Header,
    key: VaultKey,
    /// Opened with the password from an older format or wrapping, and
    /// re-wrapped: the next seal writes it in the current format.
    upgraded: bool,
    pub data: VaultData,
}

impl fmt::Debug for UnlockedVault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnlockedVault")
            .field("generation", &self.header.generation)
            .field("keys", &self.data.keys.len())
            .finish_non_exhaustive()
    }
}

fn check_password_strength(password: &str) -> Result<(), VaultError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(VaultError::WeakPassword { min: MIN_PASSWORD_CHARS });
    }
    Ok(())
}

impl UnlockedVault {
    /// A new, empty vault protected by `password`.
    pub fn create(
        password: &str,
        kdf: KdfParams,
        now: Millis,
        rng: &mut impl CryptoRngCore,
    ) -> Result<Self, VaultError> {
        check_password_strength(password)?;
        let key = VaultKey::generate(rng);
        let header = Header::wrap(kdf, password, &key, 0, rng)?;
        Ok(UnlockedVault { header, key, upgraded: false, data: VaultData::new(now, rng) })
    }

    /// Opens sealed bytes of any format with the master password. A vault
    /// of an older format, or whose key was wrapped by one, is re-wrapped
    /// for the current format in memory (see `upgraded`).
    pub fn open(bytes: &[u8], password: &str, rng: &mut impl CryptoRngCore) -> Result<Self, VaultError> {
        let (mut header, body_nonce) = Header::decode(bytes)?;
        let kek = header.derive_kek(password)?;
        let (key, wrapped_in) = header.unwrap_with(&kek)?;
        let data = open_body(bytes, header.version, &key, &body_nonce)?;
        let upgraded = header.version < FORMAT_VERSION || wrapped_in < FORMAT_VERSION;
        if upgraded {
            header.wrap_with(&kek, &key, rng);
        }
        Ok(UnlockedVault { header, key, upgraded, data })
    }

    /// Opens sealed bytes of any format with a vault key kept from an
    /// earlier unlock. The wrapped key is kept as it is: without the
    /// password it cannot be re-wrapped, and the password's open finds it
    /// under whichever format wrapped it.
    pub fn open_with_key(bytes: &[u8], key: VaultKey) -> Result<Self, VaultError> {
        let (header, body_nonce) = Header::decode(bytes)?;
        let data = open_body(bytes, header.version, &key, &body_nonce)?;
        Ok(UnlockedVault { header, key, upgraded: false, data })
    }

    /// Whether the password's open upgraded an older format: the caller
    /// seals and stores it now, so the file is in the current format.
    pub fn upgraded(&self) -> bool {
        self.upgraded
    }

    /// The format the vault was read in.
    pub fn read_format(&self) -> u16 {
        self.header.version
    }

    /// Seals the current data as the next generation, with a fresh nonce.
    pub fn seal(&mut self, rng: &mut impl CryptoRngCore) -> Vec<u8> {
        self.upgraded = false;
        self.header.generation += 1;
        let mut body_nonce = [0u8; 12];
        rng.fill_bytes(&mut body_nonce);
        let mut out = self.header.encode(&body_nonce);
        let plain = pad(serde_json::to_vec(&self.data).expect("the vault model always serialises"));
        let sealed = self
            .key
            .cipher()
            .encrypt(Nonce::from_slice(&body_nonce), Payload { msg: &plain, aad: &out })
            .expect("AES-GCM encryption cannot fail below 64 GiB");
        out.extend_from_slice(&sealed);
        out
    }

    /// A new vault key wrapped under the new password, with a fresh salt:
    /// the next seal re-encrypts everything under it, so once every stored
    /// copy is rewritten (the store's `save` everywhere) nothing opens with
    /// the old password or the old session key. Backups exported earlier
    /// keep opening with the old password: they are copies of their own.
    pub fn change_password(
        &mut self,
        current: &str,
        new: &str,
        now: Millis,
        rng: &mut impl CryptoRngCore,
    ) -> Result<(), VaultError> {
        let kek = self.header.derive_kek(current)?;
        if self.header.unwrap_with(&kek)?.0 != self.key {
            return Err(VaultError::WrongPassword);
        }
        check_password_strength(new)?;
        let key = VaultKey::generate(rng);
        self.header = Header::wrap(self.header.kdf, new, &key, self.header.generation, rng)?;
        self.key = key;
        self.data.record(now, super::Event::PasswordChanged);
        Ok(())
    }

    pub fn key(&self) -> &VaultKey {
        &self.key
    }

    pub fn kdf(&self) -> KdfParams {
        self.header.kdf
    }

    /// How many times this vault has been sealed.
    pub fn generation(&self) -> u64 {
        self.header.generation
    }
}

fn open_body(bytes: &[u8], version: u16, key: &VaultKey, body_nonce: &[u8; 12]) -> Result<VaultData, VaultError> {
    let plain = Zeroizing::new(
        key.cipher()
            .decrypt(Nonce::from_slice(body_nonce), Payload { msg: &bytes[HEADER_LEN..], aad: &bytes[..HEADER_LEN] })
            .map_err(|_| VaultError::Corrupted("body does not authenticate"))?,
    );
    let json = unpad(&plain).ok_or(VaultError::Corrupted("body padding"))?;
    migrate_body(version, json)
}

/// ISO/IEC 7816-4 padding: a 0x80 byte, then zeros up to the block size.
fn pad(json: Vec<u8>) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(json);
    out.push(0x80);
    let padded_len = out.len().div_ceil(PAD_BLOCK) * PAD_BLOCK;
    out.resize(padded_len, 0);
    out
}

fn unpad(plain: &[u8]) -> Option<&[u8]> {
    let end = plain.iter().rposition(|&b| b != 0)?;
    (plain[end] == 0x80).then(|| &plain[..end])
}

#[cfg(test)]
mod tests;
