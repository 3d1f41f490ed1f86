//! Fingerprints let Baton tell that a value seen somewhere is a vault key
//! without comparing plaintexts: HMAC-SHA256 under a key that exists only
//! inside one vault, so a fingerprint means nothing outside it.

use std::fmt;

use hmac::{Hmac, Mac};
use rand_core::CryptoRngCore;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::Sha256;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// The per-vault HMAC key.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct FingerprintKey([u8; 32]);

/// A key's fingerprint: the first 128 bits of the HMAC, in hex.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Fingerprint(String);

impl FingerprintKey {
    pub fn generate(rng: &mut impl CryptoRngCore) -> Self {
        let mut bytes = [0u8; 32];
        rng.fill_bytes(&mut bytes);
        FingerprintKey(bytes)
    }

    pub fn fingerprint(&self, value: &str) -> Fingerprint {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(value.trim().as_bytes());
        let tag = mac.finalize().into_bytes();
        Fingerprint(crate::to_hex(&tag[..16]))
    }
}

impl fmt::Debug for FingerprintKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FingerprintKey(<redacted>)")
    }
}

impl Serialize for FingerprintKey {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&crate::base64::encode(self.0))
    }
}

impl<'de> Deserialize<'de> for FingerprintKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = zeroize::Zeroizing::new(String::deserialize(d)?);
        let bytes = zeroize::Zeroizing::new(
            crate::base64::decode(text.as_bytes()).ok_or_else(|| serde::de::Error::custom("not base64"))?,
        );
        let array: [u8; 32] =
            bytes.as_slice().try_into().map_err(|_| serde::de::Error::custom("fingerprint key must be 32 bytes"))?;
        Ok(FingerprintKey(array))
    }
}

impl Fingerprint {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
