//! What goes under the cipher: the JSON of a body or a record, compressed
//! (from format 3) and padded, so that neither its size nor its contents
//! show through the ciphertext's length more than a 256-byte block does.
//!
//! LZ4 because it is small in the wasm file (deflate's encoder costs several
//! times more) and fast both ways; the vault's JSON, with its repeated field
//! names, tools and addresses, shrinks about threefold (docs/BUDGETS.md).

use zeroize::Zeroizing;

use super::VaultError;

const PAD_BLOCK: usize = 256;
/// The most a record or body may unpack to. A tampered size prefix cannot
/// make opening allocate more than this.
const MAX_UNPACKED: usize = 256 << 20;

/// Compresses `json` (a 4-byte little-endian length, then LZ4 blocks) and pads it.
pub(super) fn pack(json: &[u8]) -> Zeroizing<Vec<u8>> {
    pad(lz4_flex::block::compress_prepend_size(json))
}

/// The JSON that `pack` was given.
pub(super) fn unpack(plain: &[u8]) -> Result<Zeroizing<Vec<u8>>, VaultError> {
    let packed = unpad(plain).ok_or(VaultError::Corrupted("padding"))?;
    let (size, compressed) = packed.split_first_chunk::<4>().ok_or(VaultError::Corrupted("truncated contents"))?;
    let size = u32::from_le_bytes(*size) as usize;
    if size > MAX_UNPACKED {
        return Err(VaultError::Corrupted("contents larger than any vault"));
    }
    lz4_flex::block::decompress(compressed, size)
        .map(Zeroizing::new)
        .map_err(|_| VaultError::Corrupted("contents do not decompress"))
}

/// ISO/IEC 7816-4 padding: a 0x80 byte, then zeros up to the block size.
pub(super) fn pad(bytes: Vec<u8>) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(bytes);
    out.push(0x80);
    let padded_len = out.len().div_ceil(PAD_BLOCK) * PAD_BLOCK;
    out.resize(padded_len, 0);
    out
}

pub(super) fn unpad(plain: &[u8]) -> Option<&[u8]> {
    let end = plain.iter().rposition(|&b| b != 0)?;
    (plain[end] == 0x80).then(|| &plain[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_and_unpacks() {
        for json in [&b""[..], b"{}", br#"{"keys":[],"locations":[],"history":[1,2,3,4,5,6,7,8,9]}"#] {
            let packed = pack(json);
            assert_eq!(packed.len() % PAD_BLOCK, 0);
            assert_eq!(unpack(&packed).unwrap().as_slice(), json);
        }
        let repetitive = br#"{"tool":"Make","url":"https://eu1.make.com/"}"#.repeat(200);
        assert!(pack(&repetitive).len() < repetitive.len() / 4, "repeated JSON compresses");
    }

    #[test]
    fn damaged_contents_are_corrupted_not_a_panic() {
        let compressed =
            lz4_flex::block::compress_prepend_size(b"{\"a\": \"some json that compresses a little, a little\"}");
        let cases: Vec<Vec<u8>> = vec![
            vec![],
            vec![0; 256],
            pad(vec![1, 2]).to_vec(),
            pad(u32::MAX.to_le_bytes().to_vec()).to_vec(),
            pad([&100u32.to_le_bytes()[..], &[0xff; 8]].concat()).to_vec(),
            pad(compressed[..compressed.len() / 2].to_vec()).to_vec(),
        ];
        for case in cases {
            assert!(matches!(unpack(&case), Err(VaultError::Corrupted(_))), "{case:?}");
        }
    }
}
