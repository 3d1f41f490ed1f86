//! When a key may leave the vault for a page.
//!
//! A chip click fills in one click only where the key already lives: a place
//! of a rotation in progress, a place where the page saved that key before,
//! or a known tool's own host over https with one key that fits. Anywhere
//! else (a site Baton has not seen the key on, a look-alike host, a plain
//! http page, a frame from another origin) the user chooses in the menu, an
//! extension page the site cannot dress up, which names the page's real host
//! and says what is unusual about it. The service worker enforces this
//! decision: a content script (which a compromised page controls) that
//! invents a click gets a menu, never a key, anywhere the key is not meant
//! to go already.

mod env_box;

pub use env_box::{fill_box, is_variable_name, EnvBoxError};

use crate::detect::{
    host_profile, key_environment, place_environment, sighting, tool_name, FieldDescriptor, PlaceEnvironment,
};
use crate::keys::Provider;
use crate::rotation::RotationFill;
use crate::vault::{Environment, Id, KeyView, VaultData};
use crate::web::WebAddress;

/// The frame a chip was clicked in, as the browser reports it (never as
/// the page says).
#[derive(Clone, Copy, Debug)]
pub struct FrameContext<'a> {
    /// The frame's own address.
    pub frame: &'a WebAddress,
    /// The tab's top page, when the browser tells it.
    pub page: Option<&'a WebAddress>,
    /// The tab's top frame itself.
    pub top: bool,
}

impl FrameContext<'_> {
    /// The frame is the page, or of the page's origin.
    fn is_the_page(&self) -> bool {
        self.top || self.page.is_some_and(|page| page.same_origin(self.frame))
    }
}

/// What a chip click gets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FillDecision {
    /// Fill this key now: it already lives here.
    Direct { key_id: Id, basis: Basis },
    /// Let the user choose in the menu, with these words of caution.
    Ask(Vec<Caution>),
}

/// Why a key may be filled in one click.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Basis {
    /// The page is a place of a rotation in progress: its new key goes in.
    RotationPlace(RotationFill),
    /// The page saved this key at this very place before; or on this page,
    /// and it is the one key that fits.
    RecordedPlace,
    /// A known tool's own host, over https, and one key that fits.
    KnownTool,
}

/// What the menu says before a fill, beyond naming the page's host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Caution {
    /// The page is sent unencrypted: anyone on the network can read or
    /// change it.
    NotEncrypted,
    /// The field is inside a frame from another site than the page.
    ForeignFrame { frame_host: String, page_host: String },
    /// The page looks like a tool Baton knows, but is not on its host.
    LooksLike { tool: &'static str, host: String },
    /// The page is for one environment and a key offered is for another.
    OtherEnvironment {
        place: PlaceEnvironment,
        key_label: String,
        key: Environment,
        /// A key of the page's environment, offered first, if there is one.
        matching: Option<String>,
    },
}

impl Caution {
    pub fn words(&self) -> String {
        match self {
            Caution::NotEncrypted => {
                "This page is not encrypted (http): anyone on the network can read or change what you put in it."
                    .into()
            }
            Caution::ForeignFrame { frame_host, page_host } => format!(
                "This field is inside a frame from {frame_host}, not from {page_host}. Fill it only if you trust {frame_host} with this key."
            ),
            Caution::LooksLike { tool, host } => format!(
                "This page looks like {tool}, but it is on {host}. Fill it only if {host} is your own {tool}."
            ),
            Caution::OtherEnvironment { place, key_label, key, matching } => {
                let (page, key) = (place.environment.id(), key.id());
                let advice = match matching {
                    Some(label) => format!("Use a {page} key here: \"{label}\" is first below."),
                    None => format!(
                        "Use a {page} key here: create one at the provider (with a spending cap for development), and keep each key to its own environment."
                    ),
                };
                format!(
                    "This page is for {page} (\"{}\"), but \"{key_label}\" is a {key} key. {advice}",
                    place.evidence
                )
            }
        }
    }
}

/// Decides a chip click on `field` (a key field for `provider`, if known)
/// in `frame`. A key of another environment than the page's is never
/// filled in one click; the menu says why ([`environment_caution`]).
pub fn decide(
    data: &VaultData,
    field: &FieldDescriptor,
    provider: Option<Provider>,
    frame: FrameContext,
) -> FillDecision {
    let decision = decide_by_place(data, field, provider, frame);
    if let (FillDecision::Direct { key_id, .. }, Some(place)) = (&decision, place_environment(field, frame.frame)) {
        let fits = data.key(key_id).is_some_and(|k| key_environment(&k.label, k.environment) == place.environment);
        if !fits {
            return FillDecision::Ask(frame_cautions(field, frame));
        }
    }
    decision
}

fn decide_by_place(
    data: &VaultData,
    field: &FieldDescriptor,
    provider: Option<Provider>,
    frame: FrameContext,
) -> FillDecision {
    let cautions = frame_cautions(field, frame);
    // A page sent in the clear can be rewritten by anyone on the way: no
    // earlier save there proves the next request comes from the same site.
    if frame.frame.is_encrypted() {
        let seen = sighting(field, frame.frame);
        if let Some(fill) = data.rotation_fill_for(seen.clone()) {
            return FillDecision::Direct { key_id: fill.new_key.clone(), basis: Basis::RotationPlace(fill) };
        }
        // Where several keys fit, one click fills only what is certain: the
        // key saved at this very place. Anything else is the user's choice.
        let candidates = data.fill_candidates(provider);
        let only = match candidates.as_slice() {
            [only] => Some(&only.id),
            _ => None,
        };
        match data.key_recorded_at(&seen, provider) {
            Some(recorded) if recorded.exact || only == Some(&recorded.key_id) => {
                return FillDecision::Direct { key_id: recorded.key_id, basis: Basis::RecordedPlace };
            }
            _ => {}
        }
        if let (Some(only), true) =
            (only, cautions.is_empty() && frame.is_the_page() && host_profile(frame.frame).is_some())
        {
            return FillDecision::Direct { key_id: only.clone(), basis: Basis::KnownTool };
        }
    }
    FillDecision::Ask(cautions)
}

/// What the frame itself calls for: no encryption, another site's frame,
/// an imitation of a known tool. These need no vault.
pub fn frame_cautions(field: &FieldDescriptor, frame: FrameContext) -> Vec<Caution> {
    let mut cautions = Vec::new();
    if !frame.frame.is_encrypted() {
        cautions.push(Caution::NotEncrypted);
    }
    if !frame.is_the_page() {
        cautions.push(Caution::ForeignFrame {
            frame_host: frame.frame.host_name(),
            page_host: frame.page.map_or_else(|| "this page".into(), WebAddress::host_name),
        });
    }
    if host_profile(frame.frame).is_none() {
        if let Some(profile) = crate::detect::profile_for(frame.frame, Some(field)) {
            cautions.push(Caution::LooksLike { tool: profile.name, host: frame.frame.host_name() });
        }
    }
    cautions
}

/// What the menu shows for a field: the page's real host (with the tool's
/// name where the host is the tool's), and the keys that fit, the likely
/// provider's first.
pub fn menu_site(field: &FieldDescriptor, frame: &WebAddress) -> String {
    let name = tool_name(frame, Some(field));
    if host_profile(frame).is_some() {
        format!("{name} ({})", frame.host_name())
    } else {
        name
    }
}

/// The keys a menu offers for `field` at `frame`, in order: the field's
/// provider's keys first, and among them those of the page's environment.
pub fn menu_candidates(
    data: &VaultData,
    field: &FieldDescriptor,
    frame: &WebAddress,
    provider: Option<Provider>,
) -> Vec<KeyView> {
    let environment = place_environment(field, frame).map(|p| p.environment);
    crate::order::sorted_by_key(data.fill_candidates(None), |k| {
        let other_provider = provider.is_some() && k.provider != provider;
        let other_environment = environment.is_some_and(|e| key_environment(&k.label, k.environment) != e);
        i64::from(other_provider) * 2 + i64::from(other_environment)
    })
}

/// The menu's warning where the page is for one environment and a key it
/// offers for the field's provider is for another: the key the page's
/// records would fill, else the first such key, and the key of the page's
/// environment when there is one.
pub fn environment_caution(
    data: &VaultData,
    field: &FieldDescriptor,
    frame: &WebAddress,
    provider: Option<Provider>,
) -> Option<Caution> {
    let place = place_environment(field, frame)?;
    let environment_of = |k: &KeyView| key_environment(&k.label, k.environment);
    let fitting: Vec<KeyView> = menu_candidates(data, field, frame, provider)
        .into_iter()
        .filter(|k| provider.is_none() || k.provider.is_none() || k.provider == provider)
        .collect();
    let recorded = data.key_recorded_at(&sighting(field, frame), provider).map(|r| r.key_id);
    let other = fitting
        .iter()
        .filter(|k| environment_of(k) != place.environment)
        .min_by_key(|k| Some(&k.id) != recorded.as_ref())?;
    let matching = fitting.iter().find(|k| environment_of(k) == place.environment).map(|k| k.label.clone());
    Some(Caution::OtherEnvironment { key_label: other.label.clone(), key: environment_of(other), place, matching })
}

#[cfg(test)]
mod tests;
