//! libsodium's sealed box (`crypto_box_seal`), which GitHub requires for
//! every Actions secret: an ephemeral X25519 key pair, XSalsa20-Poly1305,
//! the nonce derived with BLAKE2b from both public keys. RustCrypto's
//! `crypto_box` (feature `seal`) writes exactly that format.

use crypto_box::PublicKey;
use rand_core::CryptoRngCore;

use crate::secret::Secret;

/// Why a value could not be sealed: the platform's public key is not one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("The platform's public key is not a valid key. Connect the platform again.")]
pub struct BadPublicKey;

/// `value` sealed to the base64 X25519 `public_key`, as base64: what
/// GitHub's "create or update a secret" takes as `encrypted_value`.
pub fn seal(public_key: &str, value: &Secret, rng: &mut impl CryptoRngCore) -> Result<String, BadPublicKey> {
    let bytes = crate::base64::decode(public_key).ok_or(BadPublicKey)?;
    let key: [u8; 32] = bytes.try_into().map_err(|_| BadPublicKey)?;
    let sealed = PublicKey::from(key).seal(rng, value.expose().as_bytes()).map_err(|_| BadPublicKey)?;
    Ok(crate::base64::encode(sealed))
}

#[cfg(test)]
mod tests {
    use crypto_box::SecretKey;
    use rand_core::OsRng;

    use super::*;

    /// What is sealed opens with the matching secret key, and only with it;
    /// each seal is fresh (a new ephemeral key), 48 bytes longer than the value.
    #[test]
    fn a_sealed_value_opens_with_the_matching_secret_key_only() {
        let secret = SecretKey::generate(&mut OsRng);
        let public = crate::base64::encode(secret.public_key().as_bytes());
        let value = Secret::new("sk-proj-example-value-T3BlbkFJ-tail");
        let once = seal(&public, &value, &mut OsRng).unwrap();
        let twice = seal(&public, &value, &mut OsRng).unwrap();
        assert_ne!(once, twice, "a fresh ephemeral key each time");
        let sealed = crate::base64::decode(&once).unwrap();
        assert_eq!(sealed.len(), value.expose().len() + 48, "ephemeral key (32) and tag (16)");
        assert_eq!(secret.unseal(&sealed).unwrap(), value.expose().as_bytes());
        assert!(SecretKey::generate(&mut OsRng).unseal(&sealed).is_err(), "another key does not open it");
    }

    #[test]
    fn a_public_key_that_is_not_one_is_refused() {
        let value = Secret::new("value");
        for key in ["", "not base64!", "AAAA", &crate::base64::encode([7u8; 31]), &crate::base64::encode([7u8; 33])] {
            assert_eq!(seal(key, &value, &mut OsRng), Err(BadPublicKey), "{key:?}");
        }
    }
}
