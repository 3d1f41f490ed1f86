//! The vault key: 256 random bits that the head and every record are sealed
//! under, wrapped in the head under a key derived from the master password.

use aes_gcm::aead::KeyInit;
use aes_gcm::Aes256Gcm;
use rand_core::CryptoRngCore;
use std::fmt;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// The random 256-bit key the vault body is sealed under. It is what an
/// unlocked session keeps (in `chrome.storage.session`), so that unlocking
/// again after the service worker restarts needs no password.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct VaultKey(pub(super) [u8; 32]);

impl VaultKey {
    pub(super) fn generate(rng: &mut impl CryptoRngCore) -> Self {
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

    /// The raw key, for a platform's own AES-256-GCM (the worker imports it
    /// into WebCrypto as a non-extractable key and wipes its copy).
    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    pub(super) fn cipher(&self) -> Aes256Gcm {
        Aes256Gcm::new((&self.0).into())
    }
}

impl fmt::Debug for VaultKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("VaultKey(<redacted>)")
    }
}
