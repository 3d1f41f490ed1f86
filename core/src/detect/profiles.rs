//! The tools Baton knows: how to recognise them and how each one names the
//! place a key lives. Tools not listed here are still detected by the
//! generic rules; they are named by their host.

use serde::Serialize;

use super::field::{starts_with_ignore_case, FieldDescriptor};
use crate::keys::Provider;
use crate::web::WebAddress;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tool {
    Make,
    Zapier,
    N8n,
    GptActions,
    Vercel,
    Netlify,
    Render,
    Railway,
    OpenAiPlatform,
    AnthropicConsole,
    GroqConsole,
}

#[derive(Debug)]
pub struct Profile {
    pub tool: Tool,
    /// The name users know the tool by.
    pub name: &'static str,
    /// Host names: exact, or `*.` for any subdomain (and the bare domain).
    hosts: &'static [&'static str],
    /// The provider a key field here is for when the page does not say.
    pub default_provider: Option<Provider>,
    /// Where the page shows the name of the connection or credential.
    naming: Naming,
    /// A provider's own dashboard: it shows new keys once (to capture, never
    /// to fill) and lists the organisation's keys (for the hygiene check).
    pub captures_only: bool,
}

#[derive(Debug)]
enum Naming {
    /// A text field of the same form with one of these labels.
    FormField(&'static [&'static str]),
    /// The dialog's title.
    DialogTitle,
    /// The variable name in the same row.
    RowName,
    Nothing,
}

const PROFILES: &[Profile] = &[
    Profile {
        tool: Tool::Make,
        name: "Make",
        hosts: &["*.make.com"],
        default_provider: None,
        naming: Naming::FormField(&["connection name"]),
        captures_only: false,
    },
    Profile {
        tool: Tool::Zapier,
        name: "Zapier",
        hosts: &["zapier.com", "*.zapier.com"],
        default_provider: None,
        naming: Naming::Nothing,
        captures_only: false,
    },
    Profile {
        tool: Tool::N8n,
        name: "n8n",
        hosts: &["*.app.n8n.cloud"],
        default_provider: None,
        naming: Naming::DialogTitle,
        captures_only: false,
    },
    Profile {
        tool: Tool::GptActions,
        name: "ChatGPT GPT Actions",
        hosts: &["chatgpt.com", "chat.openai.com"],
        default_provider: None,
        // The dialog is always "Authentication"; the page's address tells GPTs apart.
        naming: Naming::Nothing,
        captures_only: false,
    },
    Profile {
        tool: Tool::Vercel,
        name: "Vercel",
        hosts: &["vercel.com"],
        default_provider: None,
        naming: Naming::RowName,
        captures_only: false,
    },
    Profile {
        tool: Tool::Netlify,
        name: "Netlify",
        hosts: &["app.netlify.com"],
        default_provider: None,
        naming: Naming::RowName,
        captures_only: false,
    },
    Profile {
        tool: Tool::Render,
        name: "Render",
        hosts: &["dashboard.render.com"],
        default_provider: None,
        naming: Naming::RowName,
        captures_only: false,
    },
    Profile {
        tool: Tool::Railway,
        name: "Railway",
        hosts: &["railway.com", "railway.app"],
        default_provider: None,
        naming: Naming::RowName,
        captures_only: false,
    },
    Profile {
        tool: Tool::OpenAiPlatform,
        name: "OpenAI platform",
        hosts: &["platform.openai.com"],
        default_provider: Some(Provider::OpenAi),
        naming: Naming::Nothing,
        captures_only: true,
    },
    Profile {
        tool: Tool::AnthropicConsole,
        name: "Anthropic Console",
        hosts: &["console.anthropic.com", "platform.claude.com"],
        default_provider: Some(Provider::Anthropic),
        naming: Naming::Nothing,
        captures_only: true,
    },
    Profile {
        tool: Tool::GroqConsole,
        name: "GroqCloud console",
        hosts: &["console.groq.com"],
        default_provider: Some(Provider::Groq),
        naming: Naming::Nothing,
        captures_only: true,
    },
];

/// A self-hosted n8n runs on any host; its parameter inputs give it away.
const N8N_TEST_ID: &str = "parameter-input";

fn host_matches(pattern: &str, host: &str) -> bool {
    match pattern.strip_prefix("*.") {
        // `host` is the domain or ends in "." + domain; no allocation, as
        // this runs for every profile and every field.
        Some(domain) => {
            host == domain
                || (host.len() > domain.len()
                    && host.ends_with(domain)
                    && host.as_bytes()[host.len() - domain.len() - 1] == b'.')
        }
        None => host == pattern,
    }
}

/// The profile of the tool at `address`, if Baton knows it. `field` lets pages
/// that identify themselves (a self-hosted n8n) be recognised on any host.
pub fn profile_for(address: &WebAddress, field: Option<&FieldDescriptor>) -> Option<&'static Profile> {
    let by_host = host_profile(address);
    match field {
        Some(field) => with_field(by_host, field),
        None => by_host,
    }
}

/// The hosts of the providers' own dashboards, where the content script's
/// dashboard part runs (the manifest's second `content_scripts` entry, which
/// `cargo xtask` keeps equal to this).
pub fn dashboard_hosts() -> Vec<&'static str> {
    let mut hosts = Vec::new();
    for profile in PROFILES.iter().filter(|p| p.captures_only) {
        hosts.extend_from_slice(profile.hosts);
    }
    hosts
}

/// A provider's own keys dashboard at `address`, on its real host over
/// https, and its provider: the only pages told anything about vault keys
/// (their findings, a revoke dialog's advice).
pub fn provider_dashboard(address: &WebAddress) -> Option<(&'static Profile, Provider)> {
    let profile = host_profile(address).filter(|p| p.captures_only && address.is_encrypted())?;
    Some((profile, profile.default_provider?))
}

/// The profile of the tool at `address` by its host alone. A known host on
/// another port than the default is not the tool: only the tool's own
/// servers answer there, but nothing says which of its services it is.
pub(crate) fn host_profile(address: &WebAddress) -> Option<&'static Profile> {
    if address.port.is_some() {
        return None;
    }
    // The parser gives hosts in lower case.
    PROFILES.iter().find(|p| p.hosts.iter().any(|h| host_matches(h, &address.host)))
}

/// The host's profile, else the one `field` shows (a self-hosted n8n).
pub(crate) fn with_field(by_host: Option<&'static Profile>, field: &FieldDescriptor) -> Option<&'static Profile> {
    by_host.or_else(|| {
        let self_hosted_n8n = field.test_id.starts_with(N8N_TEST_ID);
        self_hosted_n8n.then(|| PROFILES.iter().find(|p| p.tool == Tool::N8n).expect("n8n profile"))
    })
}

impl Profile {
    /// The connection or credential name the page shows for `field`.
    pub fn location_name(&self, field: &FieldDescriptor) -> Option<String> {
        let name = match self.naming {
            Naming::FormField(labels) => field
                .form_texts
                .iter()
                .find(|t| labels.iter().any(|l| starts_with_ignore_case(t.label.trim(), l)))
                .map(|t| t.value.clone()),
            Naming::DialogTitle => Some(field.dialog_title.clone()),
            Naming::RowName => Some(field.row_name.clone()),
            Naming::Nothing => None,
        }?;
        let name = name.trim();
        (!name.is_empty()).then(|| name.chars().take(80).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::address;

    #[test]
    fn only_a_providers_own_dashboard_over_https_is_one() {
        let cases = [
            ("https://platform.openai.com/api-keys", Some(Provider::OpenAi)),
            ("https://console.anthropic.com/settings/keys", Some(Provider::Anthropic)),
            ("http://platform.openai.com/api-keys", None),
            ("https://platform.openai.com:8443/api-keys", None),
            ("https://platform.openai.com.evil.example/api-keys", None),
            ("https://eu1.make.com/123/scenarios", None),
        ];
        for (url, expected) in cases {
            assert_eq!(provider_dashboard(&address(url)).map(|(_, p)| p), expected, "{url}");
        }
    }

    #[test]
    fn hosts() {
        let cases = [
            ("https://eu1.make.com/123/scenarios", Some(Tool::Make)),
            ("https://make.com/", Some(Tool::Make)),
            ("https://zapier.com/engine/auth/start/App123/", Some(Tool::Zapier)),
            ("https://acme.app.n8n.cloud/home/credentials", Some(Tool::N8n)),
            ("https://chatgpt.com/gpts/editor/g-abc", Some(Tool::GptActions)),
            ("https://vercel.com/acme/site/settings/environment-variables", Some(Tool::Vercel)),
            ("https://platform.openai.com/api-keys", Some(Tool::OpenAiPlatform)),
            ("https://console.anthropic.com/settings/keys", Some(Tool::AnthropicConsole)),
            ("https://dashboard.render.com/x", Some(Tool::Render)),
            // Another port of a tool's host is not the tool.
            ("https://eu1.make.com:8443/", None),
            // Look-alikes are not the tool.
            ("https://make.com.evil.example/", None),
            ("https://evilmake.com/", None),
            ("https://zapier.com.attacker.net/", None),
        ];
        for (url, tool) in cases {
            assert_eq!(profile_for(&address(url), None).map(|p| p.tool), tool, "{url}");
        }
    }

    #[test]
    fn self_hosted_n8n_is_recognised_by_its_inputs() {
        let field = FieldDescriptor { test_id: "parameter-input-field".into(), ..Default::default() };
        let page = address("https://n8n.internal.example/");
        assert_eq!(profile_for(&page, Some(&field)).map(|p| p.tool), Some(Tool::N8n));
        assert_eq!(profile_for(&page, None).map(|p| p.tool), None);
        // Named with the host it is really on: any page can imitate n8n's inputs.
        assert_eq!(tool_name(&page, Some(&field)), "n8n at n8n.internal.example");
        assert_eq!(tool_name(&address("https://acme.app.n8n.cloud/"), Some(&field)), "n8n");
    }
}

/// What a page is called in Baton's lists and menus: the tool's name on the
/// tool's own host; a tool recognised only by its page (a self-hosted n8n)
/// with the host it really is on ("n8n at tools.example.org"), since any
/// page can imitate a tool's inputs; else the host.
pub fn tool_name(address: &WebAddress, field: Option<&FieldDescriptor>) -> String {
    match (host_profile(address), profile_for(address, field)) {
        (Some(by_host), _) => by_host.name.to_string(),
        (None, Some(by_page)) => format!("{} at {}", by_page.name, address.host_name()),
        (None, None) => address.host_name(),
    }
}

/// The place a key was saved at, as the location list names it: the tool
/// (or the host, for tools Baton does not know), the page, the field, and
/// the connection or credential name where the page shows one.
pub fn sighting(field: &FieldDescriptor, address: &WebAddress) -> crate::vault::Sighting {
    let profile = profile_for(address, Some(field));
    let tool = tool_name(address, Some(field));
    let name = match profile {
        Some(p) => p.location_name(field),
        None => Some(field.dialog_title.trim().to_string()).filter(|t| !t.is_empty()),
    };
    let field_label = [&field.label, &field.aria_label, &field.nearby_text, &field.placeholder, &field.name]
        .into_iter()
        // "API Key *": the required marker is not the field's name.
        .map(|t| t.trim().trim_end_matches(['*', ' ']))
        .find(|t| !t.is_empty())
        .unwrap_or("Key field")
        .chars()
        .take(120)
        .collect();
    let environment = super::place_environment(field, address).map(|p| p.environment);
    crate::vault::Sighting { tool, url: address.page(), field_label, name, environment }
}

#[cfg(test)]
mod sighting_tests {
    use super::*;
    use crate::detect::NamedText;
    use crate::web::address;

    #[test]
    fn places_are_named_per_tool() {
        let make = FieldDescriptor {
            label: "API Key".into(),
            form_texts: vec![NamedText { label: "Connection name".into(), value: "Avatar pipeline".into() }],
            ..Default::default()
        };
        let s = sighting(&make, &address("https://eu1.make.com/scenarios/edit"));
        assert_eq!(
            (s.tool.as_str(), s.name.as_deref(), s.field_label.as_str()),
            ("Make", Some("Avatar pipeline"), "API Key")
        );

        let vercel =
            FieldDescriptor { placeholder: "Value".into(), row_name: "OPENAI_API_KEY".into(), ..Default::default() };
        let s = sighting(&vercel, &address("https://vercel.com/acme/site/settings/environment-variables"));
        assert_eq!(
            (s.tool.as_str(), s.name.as_deref(), s.field_label.as_str()),
            ("Vercel", Some("OPENAI_API_KEY"), "Value")
        );

        // n8n: labels are not linked to their inputs; the text above is,
        // with the required marker, and the credential's name is the place.
        let n8n = FieldDescriptor {
            nearby_text: "API Key *".into(),
            dialog_title: "OpenAi account".into(),
            test_id: "parameter-input-field parameter-input-apiKey".into(),
            ..Default::default()
        };
        let s = sighting(&n8n, &address("https://acme.app.n8n.cloud/home/credentials"));
        assert_eq!(
            (s.tool.as_str(), s.name.as_deref(), s.field_label.as_str()),
            ("n8n", Some("OpenAi account"), "API Key")
        );

        let unknown = FieldDescriptor { name: "openai_api_key".into(), ..Default::default() };
        let s = sighting(&unknown, &address("https://app.unknowntool.example/settings"));
        assert_eq!(
            (s.tool.as_str(), s.name, s.field_label.as_str()),
            ("app.unknowntool.example", None, "openai_api_key")
        );
    }
}
