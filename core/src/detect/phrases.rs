//! Finding every vocabulary phrase in a text in one pass. Checking each
//! phrase with `str::contains` made classification cost a few microseconds a
//! field, most of it in `memcmp`; a page reports up to 200 fields and the
//! budget for all of them in wasm is one millisecond. Here the text is split
//! into words once and each word is looked up among the phrases' first
//! words (by hash), so the cost grows with the text, not with the vocabulary.

use std::sync::OnceLock;

use super::vocabulary::{
    provider_phrases, BASE_URL_PHRASES, ENV_BLOCK_WORDS, KEY_PHRASES, KEY_WORDS, NAME_WORDS, NOT_A_KEY, ORG_PHRASES,
    PASSWORD_WORDS, PROJECT_PHRASES,
};

/// The vocabulary's lists. A phrase's bit is its list's offset plus its
/// index in the list, so the lowest bit found in a list is the list's first
/// phrase in order, which is how the lists rank their entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum List {
    KeyPhrase,
    KeyWord,
    NotAKey,
    Org,
    Project,
    BaseUrl,
    Provider,
    Password,
    Name,
    EnvBlock,
}

const LISTS: [List; 10] = [
    List::KeyPhrase,
    List::KeyWord,
    List::NotAKey,
    List::Org,
    List::Project,
    List::BaseUrl,
    List::Provider,
    List::Password,
    List::Name,
    List::EnvBlock,
];

impl List {
    fn phrases(self) -> Vec<&'static str> {
        match self {
            List::KeyPhrase => KEY_PHRASES.to_vec(),
            List::KeyWord => KEY_WORDS.to_vec(),
            List::NotAKey => NOT_A_KEY.iter().map(|(p, _)| *p).collect(),
            List::Org => ORG_PHRASES.to_vec(),
            List::Project => PROJECT_PHRASES.to_vec(),
            List::BaseUrl => BASE_URL_PHRASES.to_vec(),
            List::Provider => provider_phrases(),
            List::Password => PASSWORD_WORDS.to_vec(),
            List::Name => NAME_WORDS.to_vec(),
            List::EnvBlock => ENV_BLOCK_WORDS.to_vec(),
        }
    }
}

/// The phrases found in one text, one bit each.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Found(u128);

/// How many phrases `Found` can tell apart.
pub const CAPACITY: usize = u128::BITS as usize;

/// The vocabulary's phrases, and how many the bit set holds: checked by
/// `cargo xtask test`, which says what to do before the limit is reached.
pub fn vocabulary_size() -> (usize, usize) {
    (LISTS.iter().map(|list| list.phrases().len()).sum(), CAPACITY)
}

impl std::ops::BitOr for Found {
    type Output = Found;
    fn bitor(self, other: Found) -> Found {
        Found(self.0 | other.0)
    }
}

impl Found {
    /// Whether any phrase of `list` is in the text.
    pub(crate) fn any(self, list: List) -> bool {
        self.0 & lexicon().masks[list as usize] != 0
    }

    /// The index in `list` of its first phrase found in the text.
    pub(crate) fn first(self, list: List) -> Option<usize> {
        let mask = lexicon().masks[list as usize];
        let bits = self.0 & mask;
        // The list's first bit is its first phrase.
        (bits != 0).then(|| (bits.trailing_zeros() - mask.trailing_zeros()) as usize)
    }
}

struct Phrase {
    first: &'static str,
    /// The whole phrase, space-padded as the vocabulary writes it.
    padded: &'static str,
    bit: usize,
}

struct Lexicon {
    /// The phrases by a hash of their first word: most words of a text hash
    /// to an empty bucket and cost one multiplication a byte.
    buckets: Vec<Vec<Phrase>>,
    /// Each list's bits.
    masks: [u128; LISTS.len()],
}

const BUCKETS: usize = 256;

/// FNV-1a: short words, no need for a keyed hash (the table is ours, the
/// words only choose a bucket).
fn bucket_of(word: &[u8]) -> usize {
    let hash = word.iter().fold(0x811c_9dc5u32, |h, &b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193));
    hash as usize % BUCKETS
}

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut buckets: Vec<Vec<Phrase>> = (0..BUCKETS).map(|_| Vec::new()).collect();
        let mut masks = [0; LISTS.len()];
        let mut bit = 0;
        for list in LISTS {
            for text in list.phrases() {
                let first = text.split_whitespace().next().expect("a vocabulary phrase has a word");
                assert!(text.starts_with(' ') && text.ends_with(' '), "{text:?} is not space-padded");
                assert!(bit < CAPACITY, "the vocabulary outgrew its bit set (see vocabulary_size)");
                buckets[bucket_of(first.as_bytes())].push(Phrase { first, padded: text, bit });
                masks[list as usize] |= 1 << bit;
                bit += 1;
            }
        }
        Lexicon { buckets, masks }
    })
}

/// Every phrase of the vocabulary in `text`, a normalised text from
/// `field::words`: lower-case words separated by single spaces.
pub(crate) fn find(text: &[u8]) -> Found {
    let lexicon = lexicon();
    let mut found = 0u128;
    let mut start = 0; // of the current word's leading space
    while let Some(len) = text.get(start + 1..).and_then(|rest| rest.iter().position(|&b| b == b' ')) {
        let word = &text[start + 1..start + 1 + len];
        if !word.is_empty() {
            for phrase in &lexicon.buckets[bucket_of(word)] {
                // A phrase of several words continues in the text after this one.
                if phrase.first.as_bytes() == word && text[start..].starts_with(phrase.padded.as_bytes()) {
                    found |= 1 << phrase.bit;
                }
            }
        }
        start += len + 1;
    }
    Found(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::field::words;

    /// `find` agrees with a plain substring search for every phrase, on
    /// texts built to touch phrase edges.
    #[test]
    fn agrees_with_substring_search() {
        let texts = [
            "OpenAI API Key",
            "x-api-key",
            "apiKey token",
            "Search keys",
            "The API key for your project",
            "Organization ID",
            "one time password",
            "keyboard api",
            "e-mail",
            "API",
            "",
            "api key api key",
            "Personal access token (classic)",
        ];
        for text in texts {
            let normalised = words(text);
            let found = find(normalised.as_bytes());
            for list in LISTS {
                let expected = list.phrases().iter().position(|p| normalised.contains(p));
                assert_eq!(found.first(list), expected, "{list:?} in {text:?}");
            }
        }
    }
}
