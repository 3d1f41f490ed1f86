use serde::Deserialize;

/// Another text field in the same form or dialog, with its label: where the
/// page shows a connection or credential name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct NamedText {
    pub label: String,
    pub value: String,
}

/// A form field as the content script sees it. Every text is as the page
/// shows it; this module normalises them. It never carries the field's value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FieldDescriptor {
    /// `input` or `textarea`.
    pub tag: String,
    /// The input's `type`, lower-case (`text` when absent).
    pub input_type: String,
    pub name: String,
    pub id: String,
    pub autocomplete: String,
    pub placeholder: String,
    pub aria_label: String,
    /// The label's text: `<label for>`, an enclosing label, `aria-labelledby`.
    pub label: String,
    /// Text right before the field, or its table column header.
    pub nearby_text: String,
    /// `data-test-id` / `data-testid`, which several tools set on inputs.
    pub test_id: String,
    /// The title of the dialog or modal the field is in.
    pub dialog_title: String,
    /// The nearest heading above the field.
    pub heading: String,
    /// In name/value editors (environment variables): the name in the same row.
    pub row_name: String,
    /// The other text fields of the same form or dialog.
    pub form_texts: Vec<NamedText>,
    /// The field already holds a value (its length, never the value).
    pub value_length: u32,
    /// The value is a mask the page shows for a saved secret (asterisks, or
    /// n8n's blanked placeholder).
    pub value_masked: bool,
    pub read_only: bool,
    /// The `maxlength` attribute, when set.
    pub max_length: Option<u32>,
}

/// Lower-case words, with camelCase and snake_case split: `apiKey`,
/// `api_key` and `API Key` all read ` api key `. The padding spaces make
/// whole-word matching a substring search.
pub(crate) fn words(text: &str) -> String {
    words_of(&[text])
}

/// `words` of several texts, kept apart as separate words.
pub(crate) fn words_of(texts: &[&str]) -> String {
    let mut out = String::with_capacity(texts.iter().map(|t| t.len() + 1).sum::<usize>() + 2);
    out.push(' ');
    // Whether `out` ends in a space, kept rather than asked for each char.
    let mut at_space = true;
    let mut prev: Option<char> = None;
    for text in texts {
        for c in text.chars() {
            if c.is_alphanumeric() {
                if let Some(p) = prev {
                    let camel = p.is_lowercase() && c.is_uppercase();
                    let digit_edge = p.is_alphabetic() != c.is_alphabetic();
                    if camel || (digit_edge && !at_space) {
                        out.push(' ');
                    }
                }
                if c.is_ascii() {
                    out.push(c.to_ascii_lowercase());
                } else {
                    out.extend(c.to_lowercase());
                }
                at_space = false;
            } else if !at_space {
                out.push(' ');
                at_space = true;
            }
            prev = Some(c);
        }
        if !at_space {
            out.push(' ');
            at_space = true;
        }
        prev = Some(' ');
    }
    out
}

impl FieldDescriptor {
    /// What a person reads: label, aria label, placeholder. Without a label,
    /// the text right before the field is what labels it (as Bitwarden's
    /// "label-left").
    pub(crate) fn visible_words(&self) -> String {
        let label = if self.label.trim().is_empty() && self.aria_label.trim().is_empty() {
            self.nearby_text.as_str()
        } else {
            self.label.as_str()
        };
        words_of(&[label, &self.aria_label, &self.placeholder])
    }

    /// What a developer wrote: name, id, test id.
    pub(crate) fn code_words(&self) -> String {
        words_of(&[&self.name, &self.id, &self.test_id])
    }

    /// The surroundings: nearby text, dialog title, heading.
    pub(crate) fn context_words(&self) -> String {
        words_of(&[&self.nearby_text, &self.dialog_title, &self.heading])
    }
}

#[cfg(test)]
mod tests {
    use super::words;

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
        ] {
            assert_eq!(words(input), expected, "{input}");
        }
    }
}
