//! Standard base64 (RFC 4648 §4, with padding), strict on decode. Baton's
//! own: the `base64` crate's general engine cost the wasm file about 7 KB
//! for the two calls Baton makes of it.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub fn encode(bytes: impl AsRef<[u8]>) -> String {
    let bytes = bytes.as_ref();
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The value of one base64 character. Ranges, not a search of the
/// alphabet: decoding the stored vault (a megabyte at a large vault's open)
/// went from 20 ms to a few in the worker.
fn value(c: u8) -> Option<u32> {
    let v = match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    };
    Some(u32::from(v))
}

/// The bytes of `text`, or `None` for anything that is not canonical
/// padded base64 (wrong length, a stray character, padding inside, or
/// leftover bits).
pub fn decode(text: impl AsRef<[u8]>) -> Option<Vec<u8>> {
    let text = text.as_ref();
    if text.len() % 4 != 0 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (body, last) = text.split_at(text.len().saturating_sub(4));
    for quad in body.chunks_exact(4) {
        let n = (value(quad[0])? << 18) | (value(quad[1])? << 12) | (value(quad[2])? << 6) | value(quad[3])?;
        out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
    }
    if last.is_empty() {
        return Some(out);
    }
    // The last quad alone may end in padding.
    let padding = last.iter().rev().take_while(|&&c| c == b'=').count();
    if padding > 2 {
        return None;
    }
    let mut n = 0u32;
    for &c in &last[..4 - padding] {
        n = (n << 6) | value(c)?;
    }
    n <<= 6 * padding as u32;
    let decoded = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
    // Bits past the last byte must be zero: one spelling per value.
    if decoded[3 - padding..].iter().any(|&b| b != 0) {
        return None;
    }
    out.extend_from_slice(&decoded[..3 - padding]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_4648_vectors_and_refusals() {
        let vectors = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, coded) in vectors {
            assert_eq!(encode(plain), coded);
            assert_eq!(decode(coded).as_deref(), Some(plain.as_bytes()), "{coded}");
        }
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(decode(encode(&all)), Some(all));
        for bad in [
            "Zg", "Zg=", "Z===", "Zm9v!A==", "Zg==Zg==", "Zh==", "Zm9=", " Zg==", "Zm\n9v", "Zg==Zm9v", "====",
            "Zm9vZg=a",
        ] {
            assert_eq!(decode(bad), None, "{bad:?}");
        }
    }
}
