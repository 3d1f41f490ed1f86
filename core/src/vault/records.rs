//! The vault as it is stored from format 3: a small head (the envelope's
//! body) and sealed records it names, so that a save writes only what
//! changed.
//!
//! - Keys and their places go into [`BUCKETS`] records by a hash of the
//!   key's id. A save compares each bucket with what was last sealed and
//!   re-seals only the buckets that differ: one edit writes one bucket.
//! - The history goes into segments of [`SEGMENT_EVENTS`] events. Full
//!   segments are never written again; the newest, partial one is
//!   re-sealed while it fills. Only the last two segments are opened and
//!   kept in memory (the manager shows the latest 200 events); older ones
//!   stay sealed until a backup or a password change needs them.
//! - The head holds the rest (settings, rotations, the keys' order) and the
//!   names of the records.
//!
//! A record's name is 128 random bits, written in the record and bound to
//! its contents as associated data, and the head, authenticated under the
//! vault key, lists the names: a record cannot be swapped for another (its
//! name would not match), and no name is ever sealed twice, so there is no
//! older record of the same name to put back. The kind of a record is in its
//! associated data too, so a segment cannot pass for a bucket. Records are
//! written once and never changed, so two generations of the head share
//! every record that did not change. (A hash of the contents as the name
//! would cost opening a SHA-256 pass over every record.)
//!
//! ```text
//! record: "BATR" | version (1) | kind (1 = bucket, 2 = segment) | name (16) | nonce (12) | AES-256-GCM(pack(JSON)), AAD = the 34 bytes before
//! ```

use aes_gcm::aead::{Aead, Payload};
use aes_gcm::Nonce;
use rand_core::CryptoRngCore;
use serde::{Deserialize, Serialize};

use super::key::VaultKey;
use super::model::{ApiKey, HistoryEvent, Id, Location, Rotation, Settings, VaultData};
use super::plaintext::{pack, unpack};
use super::VaultError;
use crate::keys::FingerprintKey;
use crate::secret::Secret;
use crate::Millis;

/// How many buckets keys and places are spread over. At a thousand keys and
/// ten thousand places a bucket is about 15 KB sealed.
pub const BUCKETS: usize = 64;
/// Events per history segment: a partial segment re-sealed at every save
/// stays near 20 KB.
pub const SEGMENT_EVENTS: usize = 500;
/// Segments kept open in memory: at least `SEGMENT_EVENTS` events to show.
const SEGMENTS_IN_MEMORY: usize = 2;

const MAGIC: &[u8; 4] = b"BATR";
const RECORD_VERSION: u8 = 1;
const NAME_AT: usize = 6;
const NONCE_AT: usize = 22;
const RECORD_HEADER: usize = 34;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Bucket = 1,
    Segment = 2,
}

/// One sealed record and its name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub id: String,
    pub bytes: Vec<u8>,
}

/// The name written in a record's bytes (empty for bytes too short to be one).
pub fn record_id(bytes: &[u8]) -> String {
    bytes.get(NAME_AT..NONCE_AT).map(crate::to_hex).unwrap_or_default()
}

fn seal_record(key: &VaultKey, kind: Kind, json: &[u8], rng: &mut impl CryptoRngCore) -> Record {
    let mut bytes = vec![0u8; RECORD_HEADER];
    bytes[..4].copy_from_slice(MAGIC);
    bytes[4] = RECORD_VERSION;
    bytes[5] = kind as u8;
    rng.fill_bytes(&mut bytes[NAME_AT..]);
    let sealed = key
        .cipher()
        .encrypt(Nonce::from_slice(&bytes[NONCE_AT..]), Payload { msg: &pack(json), aad: &bytes })
        .expect("AES-GCM encryption cannot fail below 64 GiB");
    bytes.extend_from_slice(&sealed);
    Record { id: record_id(&bytes), bytes }
}

/// A record's plaintext, `None` when its tag did not verify: opened by
/// baton-core ([`open_sealed`]) or outside it with the same AES-256-GCM (the
/// worker's WebCrypto, given [`sealed_parts`]).
pub type Plaintext = Option<zeroize::Zeroizing<Vec<u8>>>;

/// What AES-256-GCM takes to open a record: its header as associated data,
/// the nonce at the header's end, and the ciphertext with its tag. `None`
/// for bytes too short to be a record.
#[derive(Debug)]
pub struct SealedParts<'a> {
    pub aad: &'a [u8],
    pub nonce: &'a [u8],
    pub ciphertext: &'a [u8],
}

pub fn sealed_parts(bytes: &[u8]) -> Option<SealedParts<'_>> {
    let (aad, ciphertext) = bytes.split_at_checked(RECORD_HEADER)?;
    Some(SealedParts { aad, nonce: &aad[NONCE_AT..], ciphertext })
}

/// Opens a record with baton-core's own AES-256-GCM (for a platform without
/// a faster one).
pub fn open_sealed(key: &VaultKey, bytes: &[u8]) -> Plaintext {
    let p = sealed_parts(bytes)?;
    let plain = key.cipher().decrypt(Nonce::from_slice(p.nonce), Payload { msg: p.ciphertext, aad: p.aad });
    plain.ok().map(zeroize::Zeroizing::new)
}

/// Opens `records` with baton-core's own AES-256-GCM, in their order.
pub(super) fn open_all(key: &VaultKey, records: &[Record]) -> Vec<Plaintext> {
    records.iter().map(|r| open_sealed(key, &r.bytes)).collect()
}

/// Sealed records and their plaintexts, in the same order.
#[derive(Clone, Copy)]
pub(super) struct Opened<'a> {
    pub records: &'a [Record],
    pub plains: &'a [Plaintext],
}

impl Opened<'_> {
    /// The record named `id` of `kind`, read once its header says it is
    /// that record and its tag verified.
    fn part(self, kind: Kind, id: &str) -> Result<Part, VaultError> {
        let i = self.records.iter().position(|r| r.id == id).ok_or(MISSING)?;
        let header = self.records[i].bytes.get(..RECORD_HEADER).ok_or(NOT_A_VAULT)?;
        if record_id(header) != id || &header[..4] != MAGIC || header[4] != RECORD_VERSION || header[5] != kind as u8 {
            return Err(NOT_A_VAULT);
        }
        let plain = self.plains.get(i).and_then(Option::as_ref).ok_or(NOT_A_VAULT)?;
        read_part(&unpack(plain)?)
    }
}

/// The sealed records named `ids` that `records` finds.
pub(super) fn found(ids: &[String], records: &dyn Fn(&str) -> Option<Vec<u8>>) -> Vec<Record> {
    let mut found = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(bytes) = records(id) {
            found.push(Record { id: id.clone(), bytes });
        }
    }
    found
}

const MISSING: VaultError = VaultError::Corrupted("a part of the vault is missing");

/// Any JSON the vault stores, read as a [`Part`].
pub(super) fn read_part(json: &[u8]) -> Result<Part, VaultError> {
    let text = std::str::from_utf8(json).map_err(|_| NOT_A_VAULT)?;
    serde_json::from_str(text).map_err(|_| NOT_A_VAULT)
}

/// Which bucket a key and its places go into (FNV-1a of the id: stable,
/// and the ids are random).
fn bucket_of(id: &Id) -> usize {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in id.as_str().bytes() {
        hash = (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193);
    }
    hash as usize % BUCKETS
}

/// A bucket's record as it is written.
#[derive(Serialize)]
struct BucketOut<'a> {
    keys: Vec<&'a ApiKey>,
    locations: Vec<&'a Location>,
}

/// A history segment's record as it is written.
#[derive(Serialize)]
struct SegmentOut<'a> {
    history: &'a [HistoryEvent],
}

/// A history segment as the head names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct SegmentRef {
    id: String,
    events: usize,
}

/// The head as it is written: the vault's small parts, and the names of its records.
#[derive(Serialize)]
struct HeadOut<'a> {
    created_at: Millis,
    fingerprint_key: &'a FingerprintKey,
    rotations: &'a [Rotation],
    settings: Settings,
    platforms: &'a Secret,
    #[serde(skip_serializing_if = "str::is_empty")]
    creating: &'a str,
    /// The bucket of each key, in the keys' order, one letter each
    /// (`bucket_letter`): the order, without the ids again.
    key_buckets: String,
    /// `"<bucket>:<record>"` for each bucket that holds anything.
    buckets: Vec<String>,
    /// `"<record>:<events>"` for each history segment, oldest first.
    segments: Vec<String>,
}

/// Everything the vault's JSON holds, read with one decoder: a whole body
/// of formats 1 and 2, a head, a bucket (keys and locations) or a history
/// segment (history). Each kind of JSON decoded costs the wasm file its
/// own decoder, so all of them share this one, and say what they lack.
#[derive(Default, Deserialize)]
#[serde(default)]
pub(super) struct Part {
    created_at: Millis,
    fingerprint_key: Option<FingerprintKey>,
    keys: Vec<ApiKey>,
    locations: Vec<Location>,
    rotations: Vec<Rotation>,
    history: Vec<HistoryEvent>,
    settings: Option<Settings>,
    platforms: Secret,
    creating: String,
    key_buckets: String,
    buckets: Vec<String>,
    segments: Vec<String>,
}

impl Part {
    /// A body of format 1 or 2: the whole vault.
    pub(super) fn into_whole(self) -> Result<VaultData, VaultError> {
        Ok(VaultData {
            created_at: self.created_at,
            fingerprint_key: self.fingerprint_key.ok_or(NOT_A_VAULT)?,
            keys: self.keys,
            locations: self.locations,
            rotations: self.rotations,
            history: self.history,
            settings: self.settings.ok_or(NOT_A_VAULT)?,
            platforms: self.platforms,
            creating: self.creating,
        })
    }
}

const NOT_A_VAULT: VaultError = VaultError::Corrupted("a part of the vault is not what it should be");

/// A format 3 head, its record names read.
pub(super) struct Head {
    part: Part,
    buckets: Vec<(usize, String)>,
    segments: Vec<SegmentRef>,
}

impl Head {
    pub(super) fn read(part: Part) -> Result<Head, VaultError> {
        let mut buckets = Vec::new();
        for entry in &part.buckets {
            let (bucket, id) = entry.split_once(':').ok_or(NOT_A_VAULT)?;
            let bucket = bucket.parse().ok().filter(|b| *b < BUCKETS).ok_or(NOT_A_VAULT)?;
            buckets.push((bucket, id.to_string()));
        }
        let mut segments = Vec::new();
        for entry in &part.segments {
            let (id, events) = entry.split_once(':').ok_or(NOT_A_VAULT)?;
            segments.push(SegmentRef { id: id.to_string(), events: events.parse().map_err(|_| NOT_A_VAULT)? });
        }
        Ok(Head { part, buckets, segments })
    }

    /// The records an open needs: every bucket and the segments kept in memory.
    pub(super) fn needed(&self) -> Vec<String> {
        let mut ids = Vec::new();
        for (_, id) in &self.buckets {
            ids.push(id.clone());
        }
        for segment in &self.segments[self.segments.len().saturating_sub(SEGMENTS_IN_MEMORY)..] {
            ids.push(segment.id.clone());
        }
        ids
    }
}

/// Bucket `b` as one letter of the head's `key_buckets`.
fn bucket_letter(b: usize) -> char {
    char::from(LETTERS[b])
}

const LETTERS: &[u8; BUCKETS] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/// A bucket as it was last sealed: what a save compares the data with.
#[derive(Clone, Debug)]
struct SealedBucket {
    id: String,
    keys: Vec<ApiKey>,
    locations: Vec<Location>,
}

/// What is stored, as far as the open vault knows: the sealed buckets, the
/// history's segments, and which of them `data.history` holds.
#[derive(Clone, Debug, Default)]
pub(super) struct Layout {
    /// `BUCKETS` entries once sealed or opened; empty for a vault never
    /// stored in records (a new one, or one read from format 1 or 2).
    buckets: Vec<Option<SealedBucket>>,
    segments: Vec<SegmentRef>,
    /// The first segment whose events `data.history` starts with.
    first_in_memory: usize,
}

impl Layout {
    /// Every record the stored head names.
    pub(super) fn live(&self) -> Vec<String> {
        let buckets = self.buckets.iter().flatten().map(|b| b.id.clone());
        buckets.chain(self.segments.iter().map(|s| s.id.clone())).collect()
    }

    /// The sealed segments whose events are not in memory.
    pub(super) fn archived(&self) -> &[SegmentRef] {
        &self.segments[..self.first_in_memory]
    }

    /// The layout a backup is sealed in: nothing sealed but the archived
    /// segments, which it names as they are.
    pub(super) fn for_backup(&self) -> Layout {
        Layout { buckets: Vec::new(), segments: self.archived().to_vec(), first_in_memory: self.first_in_memory }
    }

    /// After the archived segments' events were put back in front of the
    /// history: every segment is in memory.
    pub(super) fn all_in_memory(&mut self) {
        self.first_in_memory = 0;
    }

    /// Seals what changed since the last seal under `key`, and returns the
    /// head to write and the new records.
    pub(super) fn seal(
        &mut self,
        data: &VaultData,
        key: &VaultKey,
        rng: &mut impl CryptoRngCore,
    ) -> (zeroize::Zeroizing<Vec<u8>>, Vec<Record>) {
        let mut records = Vec::new();
        self.seal_buckets(data, key, rng, &mut records);
        self.seal_history(data, key, rng, &mut records);
        let mut head = HeadOut {
            created_at: data.created_at,
            fingerprint_key: &data.fingerprint_key,
            rotations: &data.rotations,
            settings: data.settings,
            platforms: &data.platforms,
            creating: &data.creating,
            key_buckets: String::with_capacity(data.keys.len()),
            buckets: Vec::new(),
            segments: Vec::new(),
        };
        for k in &data.keys {
            head.key_buckets.push(bucket_letter(bucket_of(&k.id)));
        }
        for (b, sealed) in self.buckets.iter().enumerate() {
            if let Some(sealed) = sealed {
                head.buckets.push(format!("{b}:{}", sealed.id));
            }
        }
        for segment in &self.segments {
            head.segments.push(format!("{}:{}", segment.id, segment.events));
        }
        let json = zeroize::Zeroizing::new(serde_json::to_vec(&head).expect("the vault's head always serialises"));
        (json, records)
    }

    fn seal_buckets(
        &mut self,
        data: &VaultData,
        key: &VaultKey,
        rng: &mut impl CryptoRngCore,
        records: &mut Vec<Record>,
    ) {
        let mut grouped: Vec<BucketOut> = Vec::with_capacity(BUCKETS);
        grouped.resize_with(BUCKETS, || BucketOut { keys: Vec::new(), locations: Vec::new() });
        for k in &data.keys {
            grouped[bucket_of(&k.id)].keys.push(k);
        }
        for l in &data.locations {
            grouped[bucket_of(&l.key_id)].locations.push(l);
        }
        self.buckets.resize_with(BUCKETS, || None);
        for (sealed, now) in self.buckets.iter_mut().zip(grouped) {
            if now.keys.is_empty() && now.locations.is_empty() {
                *sealed = None;
                continue;
            }
            let unchanged = sealed.as_ref().is_some_and(|s| {
                s.keys.iter().eq(now.keys.iter().copied()) && s.locations.iter().eq(now.locations.iter().copied())
            });
            if unchanged {
                continue;
            }
            let json = zeroize::Zeroizing::new(serde_json::to_vec(&now).expect("a bucket always serialises"));
            let record = seal_record(key, Kind::Bucket, &json, rng);
            *sealed = Some(SealedBucket {
                id: record.id.clone(),
                keys: now.keys.into_iter().cloned().collect(),
                locations: now.locations.into_iter().cloned().collect(),
            });
            records.push(record);
        }
    }

    fn seal_history(
        &mut self,
        data: &VaultData,
        key: &VaultKey,
        rng: &mut impl CryptoRngCore,
        records: &mut Vec<Record>,
    ) {
        // Full segments in memory are sealed already (the history only
        // grows); from the first partial one on, everything is sealed anew.
        let mut kept = self.first_in_memory;
        let mut offset = 0;
        while kept < self.segments.len()
            && self.segments[kept].events == SEGMENT_EVENTS
            && offset + SEGMENT_EVENTS <= data.history.len()
        {
            kept += 1;
            offset += SEGMENT_EVENTS;
        }
        self.segments.truncate(kept);
        for events in data.history[offset..].chunks(SEGMENT_EVENTS) {
            let json = zeroize::Zeroizing::new(
                serde_json::to_vec(&SegmentOut { history: events }).expect("events always serialise"),
            );
            let record = seal_record(key, Kind::Segment, &json, rng);
            self.segments.push(SegmentRef { id: record.id.clone(), events: events.len() });
            records.push(record);
        }
    }

    /// After a seal: drops from memory the events of segments older than
    /// the last two.
    pub(super) fn trim(&mut self, data: &mut VaultData) {
        let first = self.segments.len().saturating_sub(SEGMENTS_IN_MEMORY).max(self.first_in_memory);
        let dropped: usize = self.segments[self.first_in_memory..first].iter().map(|s| s.events).sum();
        data.history.drain(..dropped.min(data.history.len()));
        self.first_in_memory = first;
    }

    /// The vault a head and its records hold, and the layout they are in.
    pub(super) fn open(head: Head, records: Opened<'_>) -> Result<(VaultData, Layout), VaultError> {
        let Head { part, buckets, segments } = head;
        let mut layout = Layout { buckets: vec![None; BUCKETS], segments, first_in_memory: 0 };
        let mut locations = Vec::new();
        let mut keys_by_bucket: Vec<std::vec::IntoIter<ApiKey>> = Vec::with_capacity(BUCKETS);
        keys_by_bucket.resize_with(BUCKETS, || Vec::new().into_iter());
        for (b, id) in buckets {
            let bucket = records.part(Kind::Bucket, &id)?;
            locations.extend_from_slice(&bucket.locations);
            keys_by_bucket[b] = bucket.keys.clone().into_iter();
            layout.buckets[b] = Some(SealedBucket { id, keys: bucket.keys, locations: bucket.locations });
        }
        // The keys in the order the user added them, each taken from its
        // bucket in turn; places stay in their order within each key,
        // which is the only order shown.
        let mut keys = Vec::with_capacity(part.key_buckets.len());
        for letter in part.key_buckets.bytes() {
            let b = LETTERS.iter().position(|l| *l == letter).ok_or(NOT_A_VAULT)?;
            keys.push(keys_by_bucket[b].next().ok_or(NOT_A_VAULT)?);
        }
        if keys_by_bucket.iter().any(|rest| rest.len() > 0) {
            return Err(NOT_A_VAULT);
        }
        layout.first_in_memory = layout.segments.len().saturating_sub(SEGMENTS_IN_MEMORY);
        let history = layout.open_segments(layout.first_in_memory.., records)?;
        let data = VaultData {
            created_at: part.created_at,
            fingerprint_key: part.fingerprint_key.ok_or(NOT_A_VAULT)?,
            keys,
            locations,
            rotations: part.rotations,
            history,
            settings: part.settings.ok_or(NOT_A_VAULT)?,
            platforms: part.platforms,
            creating: part.creating,
        };
        Ok((data, layout))
    }

    /// The events of the segments in `range`, oldest first.
    fn open_segments(
        &self,
        range: impl std::slice::SliceIndex<[SegmentRef], Output = [SegmentRef]>,
        records: Opened<'_>,
    ) -> Result<Vec<HistoryEvent>, VaultError> {
        let mut events = Vec::new();
        for segment in &self.segments[range] {
            let part = records.part(Kind::Segment, &segment.id)?;
            if part.history.len() != segment.events {
                return Err(NOT_A_VAULT);
            }
            events.extend(part.history);
        }
        Ok(events)
    }

    /// The events of the archived segments, oldest first.
    pub(super) fn open_archived(
        &self,
        key: &VaultKey,
        records: &dyn Fn(&str) -> Option<Vec<u8>>,
    ) -> Result<Vec<HistoryEvent>, VaultError> {
        let ids: Vec<String> = self.segments[..self.first_in_memory].iter().map(|s| s.id.clone()).collect();
        let sealed = found(&ids, records);
        let plains = open_all(key, &sealed);
        self.open_segments(..self.first_in_memory, Opened { records: &sealed, plains: &plains })
    }
}

impl SegmentRef {
    pub(super) fn id(&self) -> &str {
        &self.id
    }
}

#[cfg(test)]
mod tests;
