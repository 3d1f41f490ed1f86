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
//! The body of formats 1 and 2 is the whole vault as padded JSON. From
//! format 3 it is the head of [`super::records`] (packed: compressed, then
//! padded), which names the sealed records that hold the keys, places and
//! history: opening is two steps, [`Unlocking`] the head, then
//! [`Unlocking::finish`] with the records it names.
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
use zeroize::Zeroizing;

use super::key::VaultKey;
use super::migrate::{migrate_body, FORMAT_VERSION, RECORDS_SINCE};
use super::plaintext::{pack, unpack, unpad};
use super::records::{self, read_part, Head, Layout, Opened, Plaintext, Record};
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
    /// What is stored in records, as far as this vault knows.
    layout: Layout,
    pub data: VaultData,
}

/// A sealed vault: its head and records. From a save, the records it adds
/// (the others are stored already); from a backup or a test, all of them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sealed {
    pub head: Vec<u8>,
    pub records: Vec<Record>,
}

impl Sealed {
    /// The record named `id`, if this holds it.
    pub fn record(&self, id: &str) -> Option<Vec<u8>> {
        self.records.iter().find(|r| r.id == id).map(|r| r.bytes.clone())
    }

    /// What a store holds after saving `newer` over this: its head, and the
    /// records of both (records never change, so none is replaced).
    pub fn update(&mut self, newer: Sealed) {
        self.head = newer.head;
        for record in newer.records {
            if !self.records.iter().any(|r| r.id == record.id) {
                self.records.push(record);
            }
        }
    }
}

/// What the decrypted body holds.
enum Body {
    /// Formats 1 and 2: everything.
    Whole(VaultData),
    /// Format 3 on: the head, naming the records.
    Head(Head),
}

/// A vault whose head is open: the key is known, the records it names are
/// read next (see [`Unlocking::needed`]).
pub struct Unlocking {
    header: Header,
    key: VaultKey,
    upgraded: bool,
    body: Body,
}

impl fmt::Debug for Unlocking {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Unlocking").field("generation", &self.header.generation).finish_non_exhaustive()
    }
}

impl Unlocking {
    /// Opens the head of any format with the master password. A vault of an
    /// older format, or whose key was wrapped by one, is re-wrapped for the
    /// current format in memory (see [`UnlockedVault::upgraded`]).
    pub fn with_password(head: &[u8], password: &str, rng: &mut impl CryptoRngCore) -> Result<Self, VaultError> {
        let (mut header, body_nonce) = Header::decode(head)?;
        let kek = header.derive_kek(password)?;
        let (key, wrapped_in) = header.unwrap_with(&kek)?;
        let body = open_body(head, header.version, &key, &body_nonce)?;
        let upgraded = header.version < FORMAT_VERSION || wrapped_in < FORMAT_VERSION;
        if upgraded {
            header.wrap_with(&kek, &key, rng);
        }
        Ok(Unlocking { header, key, upgraded, body })
    }

    /// Opens the head of any format with a vault key kept from an earlier
    /// unlock. The wrapped key is kept as it is: without the password it
    /// cannot be re-wrapped, and the password's open finds it under
    /// whichever format wrapped it.
    pub fn with_key(head: &[u8], key: VaultKey) -> Result<Self, VaultError> {
        let (header, body_nonce) = Header::decode(head)?;
        let body = open_body(head, header.version, &key, &body_nonce)?;
        Ok(Unlocking { header, key, upgraded: false, body })
    }

    /// The records the open needs (none for formats 1 and 2).
    pub fn needed(&self) -> Vec<String> {
        match &self.body {
            Body::Whole(_) => Vec::new(),
            Body::Head(head) => head.needed(),
        }
    }

    /// The vault, from the sealed records `records` finds by name.
    pub fn finish(self, records: &dyn Fn(&str) -> Option<Vec<u8>>) -> Result<UnlockedVault, VaultError> {
        let sealed = records::found(&self.needed(), records);
        let plains = records::open_all(&self.key, &sealed);
        self.finish_opened(&sealed, &plains)
    }

    /// The vault, from its sealed records and their plaintexts in the same
    /// order, opened already (the worker opens them with the browser's
    /// AES-GCM: see [`records::sealed_parts`]). Each record's header is
    /// checked here, whoever opened it.
    pub fn finish_opened(self, sealed: &[Record], plains: &[Plaintext]) -> Result<UnlockedVault, VaultError> {
        let (data, layout) = match self.body {
            Body::Whole(data) => (data, Layout::default()),
            Body::Head(head) => Layout::open(head, Opened { records: sealed, plains })?,
        };
        Ok(UnlockedVault { header: self.header, key: self.key, upgraded: self.upgraded, layout, data })
    }

    /// The key the records are sealed under, for the platform that opens them.
    pub fn key(&self) -> &VaultKey {
        &self.key
    }
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
        Ok(UnlockedVault { header, key, upgraded: false, layout: Layout::default(), data: VaultData::new(now, rng) })
    }

    /// Opens a sealed vault of any format with the master password (see
    /// [`Unlocking::with_password`]), its records from `sealed`.
    pub fn open(sealed: &Sealed, password: &str, rng: &mut impl CryptoRngCore) -> Result<Self, VaultError> {
        Unlocking::with_password(&sealed.head, password, rng)?.finish(&|id| sealed.record(id))
    }

    /// Opens a sealed vault of any format with a vault key kept from an
    /// earlier unlock (see [`Unlocking::with_key`]).
    pub fn open_with_key(sealed: &Sealed, key: VaultKey) -> Result<Self, VaultError> {
        Unlocking::with_key(&sealed.head, key)?.finish(&|id| sealed.record(id))
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

    /// Seals the current data as the next generation: a new head, and the
    /// records that changed since the last seal (all of them the first
    /// time, and after a password change).
    pub fn seal(&mut self, rng: &mut impl CryptoRngCore) -> Sealed {
        self.upgraded = false;
        self.header.generation += 1;
        let (head_json, records) = self.layout.seal(&self.data, &self.key, rng);
        self.layout.trim(&mut self.data);
        Sealed { head: self.seal_head(&head_json, rng), records }
    }

    /// The header, and the head's JSON packed and sealed after it.
    fn seal_head(&self, json: &[u8], rng: &mut impl CryptoRngCore) -> Vec<u8> {
        let mut body_nonce = [0u8; 12];
        rng.fill_bytes(&mut body_nonce);
        let mut head = self.header.encode(&body_nonce);
        let sealed = self
            .key
            .cipher()
            .encrypt(Nonce::from_slice(&body_nonce), Payload { msg: &pack(json), aad: &head })
            .expect("AES-GCM encryption cannot fail below 64 GiB");
        head.extend_from_slice(&sealed);
        head
    }

    /// The vault as a backup holds it, sealed from memory (whatever the
    /// store's pointer names, after a recovery too): a head and every record
    /// it names, the archived segments read through `records` as stored.
    pub fn backup(
        &self,
        records: &dyn Fn(&str) -> Option<Vec<u8>>,
        rng: &mut impl CryptoRngCore,
    ) -> Result<Sealed, VaultError> {
        let mut layout = self.layout.for_backup();
        let (head_json, records_sealed) = layout.seal(&self.data, &self.key, rng);
        let mut sealed = Sealed { head: self.seal_head(&head_json, rng), records: records_sealed };
        for id in self.archived_records() {
            let bytes = records(&id).ok_or(VaultError::Corrupted("a part of the vault is missing"))?;
            sealed.records.push(Record { id, bytes });
        }
        Ok(sealed)
    }

    /// Every record the last seal's head names: what the store keeps.
    pub fn live_records(&self) -> Vec<String> {
        self.layout.live()
    }

    /// The history segments sealed earlier whose events are not in memory:
    /// what a password change or a backup reads from the store.
    pub fn archived_records(&self) -> Vec<String> {
        self.layout.archived().iter().map(|s| s.id().to_string()).collect()
    }

    /// Puts the events of the archived segments back in front of the
    /// history, so that the next seal can re-seal every one of them.
    pub fn load_archived(&mut self, records: &dyn Fn(&str) -> Option<Vec<u8>>) -> Result<(), VaultError> {
        let mut events = self.layout.open_archived(&self.key, records)?;
        events.append(&mut self.data.history);
        self.data.history = events;
        self.layout.all_in_memory();
        Ok(())
    }

    /// A new vault key wrapped under the new password, with a fresh salt:
    /// the next seal re-encrypts everything under it, so once every stored
    /// copy is rewritten (the store's `save` everywhere) nothing opens with
    /// the old password or the old session key. Backups exported earlier
    /// keep opening with the old password: they are copies of their own.
    /// The archived history must be loaded first (`load_archived`): it is
    /// re-sealed with the rest, and refused here otherwise.
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
        if !self.layout.archived().is_empty() {
            return Err(VaultError::Corrupted("the archived history was not loaded before the password change"));
        }
        let key = VaultKey::generate(rng);
        self.header = Header::wrap(self.header.kdf, new, &key, self.header.generation, rng)?;
        self.key = key;
        // Nothing sealed under the old key is kept: every record anew.
        self.layout = Layout::default();
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

fn open_body(head: &[u8], version: u16, key: &VaultKey, body_nonce: &[u8; 12]) -> Result<Body, VaultError> {
    let plain = Zeroizing::new(
        key.cipher()
            .decrypt(Nonce::from_slice(body_nonce), Payload { msg: &head[HEADER_LEN..], aad: &head[..HEADER_LEN] })
            .map_err(|_| VaultError::Corrupted("body does not authenticate"))?,
    );
    if version < RECORDS_SINCE {
        let json = unpad(&plain).ok_or(VaultError::Corrupted("body padding"))?;
        return migrate_body(version, json).map(Body::Whole);
    }
    read_part(&unpack(&plain)?).and_then(Head::read).map(Body::Head)
}

#[cfg(test)]
mod tests;
