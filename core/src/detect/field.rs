use std::borrow::Cow;

use serde::Deserialize;

/// Another text field in the same form or dialog, with its label: where the
/// page shows a connection or credential name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct NamedText<'a> {
    #[serde(borrow)]
    pub label: Cow<'a, str>,
    #[serde(borrow)]
    pub value: Cow<'a, str>,
}

/// A form field as the content script sees it. Every text is as the page
/// shows it; this module normalises them. It never carries the field's value.
///
/// The texts are borrowed from the message when they need no unescaping
/// (serde borrows only a field spelled `Cow<'a, str>`): a page reports up to
/// 200 fields of a dozen texts, and an allocation for each was a third of
/// the time to decode them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct FieldDescriptor<'a> {
    /// `input` or `textarea`.
    #[serde(borrow)]
    pub tag: Cow<'a, str>,
    /// The input's `type`, lower-case (`text` when absent).
    #[serde(borrow)]
    pub input_type: Cow<'a, str>,
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    #[serde(borrow)]
    pub id: Cow<'a, str>,
    #[serde(borrow)]
    pub autocomplete: Cow<'a, str>,
    #[serde(borrow)]
    pub placeholder: Cow<'a, str>,
    #[serde(borrow)]
    pub aria_label: Cow<'a, str>,
    /// The label's text: `<label for>`, an enclosing label, `aria-labelledby`.
    #[serde(borrow)]
    pub label: Cow<'a, str>,
    /// Text right before the field, or its table column header.
    #[serde(borrow)]
    pub nearby_text: Cow<'a, str>,
    /// `data-test-id` / `data-testid`, which several tools set on inputs.
    #[serde(borrow)]
    pub test_id: Cow<'a, str>,
    /// The title of the dialog or modal the field is in.
    #[serde(borrow)]
    pub dialog_title: Cow<'a, str>,
    /// The nearest heading above the field.
    #[serde(borrow)]
    pub heading: Cow<'a, str>,
    /// In name/value editors (environment variables): the name in the same row.
    #[serde(borrow)]
    pub row_name: Cow<'a, str>,
    /// The other text fields of the same form or dialog.
    #[serde(borrow)]
    pub form_texts: Vec<NamedText<'a>>,
    /// The field already holds a value (its length, never the value).
    pub value_length: u32,
    /// The value is a mask the page shows for a saved secret (asterisks, or
    /// n8n's blanked placeholder).
    pub value_masked: bool,
    pub read_only: bool,
    /// The `maxlength` attribute, when set.
    pub max_length: Option<u32>,
    /// The page's title. Sent with clicks and saves only, where the
    /// place's environment matters.
    #[serde(borrow)]
    pub page_title: Cow<'a, str>,
    /// Where the page names its API, for the provider when nothing closer
    /// does: code in the field's dialog or form (a header's name,
    /// `xi-api-key`), the page's main headings, the server addresses it
    /// offers (`https://api.elevenlabs.io`). Clicks and saves only.
    #[serde(borrow)]
    pub api_texts: Cow<'a, str>,
    /// The labels of the options checked in the field's form or dialog
    /// (Vercel's targets), comma-separated. Clicks and saves only.
    #[serde(borrow)]
    pub checked: Cow<'a, str>,
}

fn owned(text: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(text.into_owned())
}

impl FieldDescriptor<'_> {
    /// A copy that outlives the message it was read from (an open menu
    /// keeps the field it fills).
    pub fn into_owned(self) -> FieldDescriptor<'static> {
        FieldDescriptor {
            tag: owned(self.tag),
            input_type: owned(self.input_type),
            name: owned(self.name),
            id: owned(self.id),
            autocomplete: owned(self.autocomplete),
            placeholder: owned(self.placeholder),
            aria_label: owned(self.aria_label),
            label: owned(self.label),
            nearby_text: owned(self.nearby_text),
            test_id: owned(self.test_id),
            dialog_title: owned(self.dialog_title),
            heading: owned(self.heading),
            row_name: owned(self.row_name),
            form_texts: self
                .form_texts
                .into_iter()
                .map(|t| NamedText { label: owned(t.label), value: owned(t.value) })
                .collect(),
            value_length: self.value_length,
            value_masked: self.value_masked,
            read_only: self.read_only,
            max_length: self.max_length,
            page_title: owned(self.page_title),
            api_texts: owned(self.api_texts),
            checked: owned(self.checked),
        }
    }
}

/// Whether `text` starts with `prefix`, ASCII letters in either case.
pub(crate) fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.as_bytes().get(..prefix.len()).is_some_and(|start| start.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Lower-case words, with camelCase and snake_case split: `apiKey`,
/// `api_key` and `API Key` all read ` api key `. The padding spaces make
/// whole-word matching a substring search.
pub(crate) fn words(text: &str) -> String {
    words_of(&[text])
}

/// `words` of several texts, kept apart as separate words.
pub(crate) fn words_of(texts: &[&str]) -> String {
    let mut out = Vec::new();
    words_into(texts, &mut out);
    String::from_utf8(out).expect("words are whole chars")
}

/// `words_of` written into `out` (cleared first), as bytes: classification
/// reuses one buffer for every text of every field of a page.
pub(crate) fn words_into(texts: &[&str], out: &mut Vec<u8>) {
    out.clear();
    out.reserve(texts.iter().map(|t| t.len() + 1).sum::<usize>() + 2);
    out.push(b' ');
    // Whether `out` ends in a space, kept rather than asked for each char.
    let mut at_space = true;
    for text in texts {
        let mut prev = Class::Separator;
        let mut rest: &str = text;
        // Page texts are mostly ASCII: a run of ASCII letters or digits with
        // no word break inside is copied in one go; anything else goes one
        // char at a time through Unicode's tables.
        while let Some(&byte) = rest.as_bytes().first() {
            let (class, len) = if byte.is_ascii() { (Class::of_ascii(byte), 1) } else { Class::of_char(rest) };
            if class == Class::Separator {
                if !at_space {
                    out.push(b' ');
                    at_space = true;
                }
                prev = class;
                rest = &rest[len..];
                continue;
            }
            if prev.breaks_before(class) {
                out.push(b' ');
            }
            let mut end = len;
            let mut last = class;
            if len == 1 {
                let bytes = rest.as_bytes();
                while let Some(&next) = bytes.get(end).filter(|b| b.is_ascii()) {
                    let next = Class::of_ascii(next);
                    if next == Class::Separator || last.breaks_before(next) {
                        break;
                    }
                    last = next;
                    end += 1;
                }
                out.extend(bytes[..end].iter().map(u8::to_ascii_lowercase));
            } else {
                // Every phrase Baton looks for is ASCII, so a non-ASCII
                // letter matches nothing in either case: the common
                // alphabets' capitals are lowered by rule, for tidy words,
                // and Unicode's full case table (11 KB of the wasm file) is
                // left out. (A Kelvin sign cannot spell "KEY" either.)
                let c = rest[..len].chars().next().map_or(' ', lower_by_rule);
                out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            }
            at_space = false;
            prev = last;
            rest = &rest[end..];
        }
        if !at_space {
            out.push(b' ');
            at_space = true;
        }
    }
}

/// The lower case of Latin-1, Greek and Cyrillic capitals, which differ
/// from it by a fixed offset; any other character as it is.
fn lower_by_rule(c: char) -> char {
    let offset = match c {
        'À'..='Þ' if c != '×' => 32,
        'Α'..='Ω' if c != '\u{3a2}' => 32,
        'А'..='Я' => 32,
        'Ѐ'..='Џ' => 80,
        _ => 0,
    };
    char::from_u32(c as u32 + offset).unwrap_or(c)
}

/// What a character is to word splitting.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Lower,
    Upper,
    /// A letter with no case (CJK, Arabic, ...).
    Caseless,
    Digit,
    Separator,
}

// The two helpers below run for every byte of every text; the wasm build
// optimises for size and would otherwise call them.
impl Class {
    #[inline(always)]
    fn of_ascii(byte: u8) -> Class {
        match byte {
            b'a'..=b'z' => Class::Lower,
            b'A'..=b'Z' => Class::Upper,
            b'0'..=b'9' => Class::Digit,
            _ => Class::Separator,
        }
    }

    /// Whether a word ends between a char of this class and one of `next`
    /// (both letters or digits): `apiKey`, `gpt4o`.
    #[inline(always)]
    fn breaks_before(self, next: Class) -> bool {
        self != Class::Separator
            && ((self == Class::Lower && next == Class::Upper) || (self == Class::Digit) != (next == Class::Digit))
    }

    /// The class of the first char of `text`, and its length in bytes.
    fn of_char(text: &str) -> (Class, usize) {
        let c = text.chars().next().expect("called on a non-empty text");
        let class = if c.is_alphabetic() {
            if c.is_lowercase() {
                Class::Lower
            } else if c.is_uppercase() {
                Class::Upper
            } else {
                Class::Caseless
            }
        } else if c.is_numeric() {
            Class::Digit
        } else {
            Class::Separator
        };
        (class, c.len_utf8())
    }
}

impl FieldDescriptor<'_> {
    /// What a person reads: label, aria label, placeholder. Without a label,
    /// the text right before the field is what labels it (as Bitwarden's
    /// "label-left").
    pub(crate) fn visible_texts(&self) -> [&str; 3] {
        let unlabelled = self.label.trim().is_empty() && self.aria_label.trim().is_empty();
        let label = if unlabelled && reads_like_a_label(&self.nearby_text) { &self.nearby_text } else { &self.label };
        [label, &self.aria_label, &self.placeholder]
    }

    /// What a developer wrote: name, id, test id.
    pub(crate) fn code_texts(&self) -> [&str; 3] {
        [&self.name, &self.id, &self.test_id]
    }

    /// The surroundings: nearby text, dialog title, heading.
    pub(crate) fn context_texts(&self) -> [&str; 3] {
        [&self.nearby_text, &self.dialog_title, &self.heading]
    }
}

/// Whether text found before an unlabelled field can stand for its label:
/// a few words ("OpenAI API Key *"), not a sentence. A chat's conversation
/// sits before its message box too, and what the bot said ("Please add your
/// OpenAI API key…") is never the box's label.
fn reads_like_a_label(text: &str) -> bool {
    let text = text.trim().trim_end_matches([':', '*', ' ']);
    let words = text.split_whitespace().count();
    (1..=6).contains(&words) && text.len() <= 60 && !text.contains(['.', '!', '?'])
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::{reads_like_a_label, words, FieldDescriptor};

    #[test]
    fn text_before_a_field_stands_for_its_label_only_when_it_reads_like_one() {
        let cases = [
            ("API Key", true),
            ("OpenAI API Key *", true),
            ("Value:", true),
            ("", false),
            ("Please add your OpenAI API key to continue.", false),
            ("What is your API key?", false),
            ("one two three four five six seven", false),
        ];
        for (text, label) in cases {
            assert_eq!(reads_like_a_label(text), label, "{text:?}");
        }
    }

    /// Texts without escapes are borrowed from the message, others owned;
    /// an owned copy keeps every field.
    #[test]
    fn descriptors_borrow_their_texts_and_copy_whole() {
        let message = r#"{"tag":"input","label":"API \"Key\"","placeholder":"sk-...","formTexts":[{"label":"Connection name","value":"Prod"}],"valueLength":4,"maxLength":200}"#;
        let field: FieldDescriptor = serde_json::from_str(message).unwrap();
        assert!(matches!(field.placeholder, Cow::Borrowed("sk-...")));
        assert!(matches!(&field.label, Cow::Owned(label) if label == "API \"Key\""));
        assert_eq!(field.input_type, "", "absent texts are empty");
        assert_eq!(field.clone().into_owned(), field);
    }

    #[test]
    fn words_split_every_spelling() {
        for (input, expected) in [
            ("apiKey", " api key "),
            ("API_KEY", " api key "),
            ("api-key", " api key "),
            ("OPENAI_API_KEY", " openai api key "),
            ("x-api-key", " x api key "),
            ("Organization ID (optional)", " organization id optional "),
            ("parameter-input-apiKey", " parameter input api key "),
            ("oauth2Token", " oauth 2 token "),
            ("", " "),
            ("Schlüssel für die API", " schlüssel für die api "),
            ("ÜBERSICHT2Name", " übersicht 2 name "),
            ("clé API (ÉLEVÉE)", " clé api élevée "),
            ("КЛЮЧ API", " ключ api "),
            ("ΚΛΕΙΔΙ", " κλειδι "),
            ("APIキー", " apiキー "),
            ("GPT4o", " gpt 4 o "),
        ] {
            assert_eq!(words(input), expected, "{input}");
        }
    }
}
