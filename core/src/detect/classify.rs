//! Scoring a field. Exclusions decide first (a search box is never a key
//! field, whatever its placeholder says); then evidence adds up, and a field
//! is a key field from [`KEY_FIELD_THRESHOLD`] on. Every decision keeps its
//! reasons, so a wrong call can be explained and the corpus can pin it.

use serde::Serialize;

use super::field::{starts_with_ignore_case, words_into, FieldDescriptor};
use super::phrases::{find, Found, List};
use super::profiles::{host_profile, with_field, Profile};
use super::vocabulary::*;
use crate::keys::Provider;
use crate::web::WebAddress;

pub const KEY_FIELD_THRESHOLD: i32 = 50;

/// No provider's key is shorter; a redacted hint (`sk-...abcd`) is.
const MIN_KEY_CHARS: u32 = 30;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldKind {
    ApiKey,
    /// A box for a whole `.env` file (name=value lines): a key goes in as
    /// its provider's line.
    EnvBlock,
    /// A provider dashboard showing a newly created key once, read-only:
    /// a key to capture, never a field to fill.
    KeyDisplay,
    OrganizationId,
    ProjectId,
    BaseUrl,
    NotRelevant,
}

impl FieldKind {
    /// A field Baton fills: it gets a chip.
    pub fn takes_a_key(self) -> bool {
        matches!(self, FieldKind::ApiKey | FieldKind::EnvBlock)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Classification {
    pub kind: FieldKind,
    /// For key fields: the provider the page points to, if any.
    pub provider: Option<Provider>,
    /// The key-field score; meaningful for API key fields and near misses.
    pub score: i32,
    pub reasons: Reasons,
}

impl Classification {
    fn not_relevant(reason: &'static str) -> Self {
        Classification::other(FieldKind::NotRelevant, reason)
    }

    fn other(kind: FieldKind, reason: &'static str) -> Self {
        let mut reasons = Reasons::default();
        reasons.push(reason);
        Classification { kind, provider: None, score: 0, reasons }
    }
}

/// Why a field was classified so, in the order the rules decided. Kept in
/// place rather than in a `Vec`: a page's fields are classified by the
/// hundred, and an allocation each was a tenth of the time.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub struct Reasons {
    list: [&'static str; MAX_REASONS],
    len: usize,
}

/// More than every rule that adds evidence.
const MAX_REASONS: usize = 12;

impl Reasons {
    pub fn iter(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.list[..self.len].iter().copied()
    }

    fn push(&mut self, reason: &'static str) {
        debug_assert!(self.len < MAX_REASONS, "more reasons than rules");
        if let Some(slot) = self.list.get_mut(self.len) {
            *slot = reason;
            self.len += 1;
        }
    }
}

impl std::fmt::Debug for Reasons {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Classifies one field of the frame at `address`.
pub fn classify(field: &FieldDescriptor, address: &WebAddress) -> Classification {
    Classifier::new(address).classify(field)
}

/// Classifies the fields of one page: the page's tool is looked up once,
/// and one buffer holds each text's words in turn.
#[derive(Debug)]
pub struct Classifier {
    by_host: Option<&'static Profile>,
    words: Vec<u8>,
}

impl Classifier {
    /// For the fields of the frame at `address`.
    pub fn new(address: &WebAddress) -> Self {
        Classifier { by_host: host_profile(address), words: Vec::with_capacity(256) }
    }

    /// The vocabulary's phrases in the words of `texts`; the words stay in
    /// `self.words` until the next call.
    fn found(&mut self, texts: &[&str]) -> Found {
        words_into(texts, &mut self.words);
        find(&self.words)
    }

    pub fn classify(&mut self, field: &FieldDescriptor) -> Classification {
        let input_type = if field.input_type.is_empty() { "text" } else { &field.input_type };
        if field.tag != "textarea" && NON_TEXT_TYPES.contains(&input_type) {
            return Classification::not_relevant("this kind of input never holds a key");
        }
        let autocomplete = field.autocomplete.trim();
        let autocomplete_is = |value: &str| autocomplete.eq_ignore_ascii_case(value);
        if NOT_A_KEY_AUTOCOMPLETE.iter().any(|v| autocomplete_is(v)) || starts_with_ignore_case(autocomplete, "cc-") {
            return Classification::not_relevant("its autocomplete says it is something else");
        }

        let seen = self.found(&field.visible_texts());
        let named = self.found(&field.code_texts());
        let own = seen | named;
        let context = self.found(&field.context_texts());
        let profile = with_field(self.by_host, field);
        // Provider dashboards make keys and never take one.
        let takes_keys = !profile.is_some_and(|p| p.captures_only);
        let key_named = own.any(List::KeyPhrase);

        // "Import from a .env file", "Raw Editor", or a KEY=value placeholder.
        let env_placeholder = field.placeholder.contains('=') && field.placeholder.contains('_');
        if field.tag == "textarea" && (own.any(List::EnvBlock) || env_placeholder) && takes_keys {
            return Classification::other(FieldKind::EnvBlock, "a box for a whole .env file");
        }
        if let (Some(i), false) = (own.first(List::NotAKey), key_named) {
            return Classification::not_relevant(NOT_A_KEY[i].1);
        }
        if own.any(List::Password) && !key_named && !own.any(List::KeyWord) {
            return Classification::not_relevant("a login password");
        }
        if (autocomplete_is("current-password") || autocomplete_is("new-password")) && !key_named {
            return Classification::not_relevant("a login password");
        }

        // "Key name", "Header Name", "Connection name": the name of a thing.
        let label = self.found(&[&field.label, &field.aria_label]);
        let label_is_key = self.words == b" key ";
        if label.any(List::Name) {
            return Classification::not_relevant("a name, not a secret");
        }
        if looks_like_variable_name_example(&field.placeholder) {
            return Classification::not_relevant("the name of a variable");
        }
        // "Key" beside "Value" is the name half of a name/value pair; a secret
        // labelled only "Key" hides what is typed or says "API key" around it.
        if label_is_key && input_type != "password" && !context.any(List::KeyPhrase) {
            return Classification::not_relevant("the name in a name/value pair");
        }

        if own.any(List::Org) && !key_named {
            return Classification::other(FieldKind::OrganizationId, "labelled as an organization id");
        }
        if own.any(List::Project) && !key_named {
            return Classification::other(FieldKind::ProjectId, "labelled as a project id");
        }
        if own.any(List::BaseUrl) && !key_named {
            return Classification::other(FieldKind::BaseUrl, "labelled as a base URL");
        }

        let mut evidence = Evidence::default();
        let mut add = |points: i32, reason: &'static str| evidence.add(points, reason);
        if seen.any(List::KeyPhrase) {
            add(60, "its label names an API key");
        } else if seen.any(List::KeyWord) {
            add(40, "its label says token, secret or key");
        }
        if named.any(List::KeyPhrase) {
            add(50, "its name or id names an API key");
        } else if named.any(List::KeyWord) {
            add(30, "its name or id says token, secret or key");
        }
        let placeholder = field.placeholder.trim();
        let prefix = placeholder_prefix(placeholder);
        if prefix.is_some() {
            add(50, "its placeholder shows a key's prefix");
        }
        if is_secret_variable_name(&field.row_name) {
            add(60, "its variable is named like a secret");
        }
        if input_type == "password" {
            add(20, "it hides what is typed");
        }
        if context.any(List::KeyPhrase) {
            add(15, "the text around it talks about API keys");
        }
        if field.value_masked {
            add(10, "it shows a saved secret as a mask");
        }
        if field.tag == "textarea" && evidence.score > 0 && field.row_name.is_empty() {
            // A free-text area rarely holds one key.
            evidence.add(-10, "a multi-line box");
        }

        if let Some(dashboard) = profile.filter(|p| p.captures_only) {
            // A whole key, not the redacted form the revoke dialog shows.
            let shows_new_key = field.read_only
                && field.value_length >= MIN_KEY_CHARS
                && (evidence.score > 0 || !field.dialog_title.is_empty());
            if shows_new_key {
                let mut shown = Classification::other(FieldKind::KeyDisplay, "a dashboard showing a new key once");
                (shown.provider, shown.score) = (dashboard.default_provider, evidence.score);
                return shown;
            }
            // Dashboards make keys; they never take one.
            return Classification::not_relevant("a provider's dashboard takes no key");
        }
        // The provider only matters for key fields, and its bonus cannot lift a
        // field from below 40 to the threshold: skip the search for the rest.
        let provider = if evidence.score >= KEY_FIELD_THRESHOLD - 10 {
            let row = self.found(&[&field.row_name]);
            // The page's title ("OpenAI API — Swagger UI"), sent with a click:
            // the weakest sign, after everything around the field itself.
            let title = self.found(&[&field.page_title]);
            // An API console's server and header names, weaker still.
            let api = self.found(&[&field.api_texts]);
            provider_hint([row, seen, named, context, title, api], prefix.and_then(|(_, p)| p), profile)
        } else {
            None
        };
        if provider.is_some() && evidence.score > 0 {
            evidence.add(10, "the page names the provider");
        }

        let Evidence { score, reasons } = evidence;
        let kind = if score >= KEY_FIELD_THRESHOLD { FieldKind::ApiKey } else { FieldKind::NotRelevant };
        Classification { kind, provider: (kind == FieldKind::ApiKey).then_some(provider).flatten(), score, reasons }
    }
}

#[derive(Default)]
struct Evidence {
    score: i32,
    reasons: Reasons,
}

impl Evidence {
    fn add(&mut self, points: i32, reason: &'static str) {
        self.score += points;
        self.reasons.push(reason);
    }
}

/// The provider a key field is for: the key prefix in its placeholder, then
/// the first provider named by its variable, label, name, surroundings,
/// the page's title or the API the page describes, then the tool's own
/// provider.
fn provider_hint(texts: [Found; 6], from_placeholder: Option<Provider>, profile: Option<&Profile>) -> Option<Provider> {
    let named_in = |found: Found| found.first(List::Provider).and_then(provider_of_phrase);
    from_placeholder
        .or_else(|| texts.into_iter().find_map(named_in))
        .or_else(|| profile.and_then(|p| p.default_provider))
}

/// Why a key cannot go into `field`, in words the user can act on; `None`
/// when it can. `key_chars` is the key's length.
pub fn fill_refusal(field: &FieldDescriptor, key_chars: usize) -> Option<String> {
    if field.read_only {
        return Some(
            "This field is read-only, so Baton cannot fill it. If the page has an Edit button, click it first.".into(),
        );
    }
    match field.max_length {
        Some(max) if (max as usize) < key_chars => Some(format!(
            "This field takes at most {max} characters and the key has {key_chars}. The page would cut the key short, so Baton did not fill it. Check that this is the right field, or ask the tool's support about longer keys."
        )),
        _ => None,
    }
}
