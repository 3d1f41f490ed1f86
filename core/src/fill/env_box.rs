//! Filling a key into a box that holds a whole `.env` file: the key goes in
//! as one variable's value, and every other line stays as it was.
//!
//! Only one variable is ever written: the one that holds the key being
//! replaced (a rotation's old key, whatever the variable is called), else the
//! provider's own (`OPENAI_API_KEY`). Every line that sets it is rewritten,
//! in the form it has (`export NAME=`, spaces around `=`, quotes), or none
//! is, when one of them cannot be rewritten safely. A key whose provider is
//! unknown is never written under a made-up name: the user names the
//! variable.

use thiserror::Error;

use crate::keys::Provider;

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum EnvBoxError {
    #[error("Baton does not know which variable this key belongs in. Choose the variable's name in Baton's menu.")]
    NoVariable,
    #[error(
        "\"{0}\" is not a variable name. Use letters, digits and underscores, starting with a letter or underscore."
    )]
    BadName(String),
    #[error("The box sets {0} in a way Baton cannot rewrite safely (a quoted value over several lines). Change that line by hand.")]
    Unsafe(String),
}

/// Whether `name` can be a `.env` variable's name.
pub fn is_variable_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && name.len() <= 128
}

/// One `NAME=value` line, split.
struct Assignment<'a> {
    /// `export ` and the indentation before the name, kept as written.
    lead: &'a str,
    name: &'a str,
    /// From the end of the name up to the value: ` = `, `=`.
    equals: &'a str,
    /// The value as written, quotes included; comments after it dropped.
    raw_value: &'a str,
}

impl Assignment<'_> {
    fn quote(&self) -> Option<char> {
        self.raw_value.chars().next().filter(|c| *c == '"' || *c == '\'')
    }

    /// The value without its quotes, or `None` if a quote is not closed on
    /// this line.
    fn value(&self) -> Option<&str> {
        match self.quote() {
            Some(q) => {
                let inner = &self.raw_value[1..];
                inner.find(q).map(|end| &inner[..end])
            }
            None => Some(self.raw_value.split(" #").next().unwrap_or_default().trim_end()),
        }
    }
}

fn parse(line: &str) -> Option<Assignment<'_>> {
    let trimmed = line.trim_start();
    let indent = &line[..line.len() - trimmed.len()];
    let (lead_len, rest) = match trimmed.strip_prefix("export") {
        Some(after) if after.starts_with([' ', '\t']) => {
            let after = after.trim_start();
            (line.len() - after.len(), after)
        }
        _ => (indent.len(), trimmed),
    };
    let name_len = rest.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
    let name = &rest[..name_len];
    let after_name = &rest[name_len..];
    let value_start = after_name.trim_start().strip_prefix('=')?;
    let value = value_start.trim_start();
    let equals = &after_name[..after_name.len() - value.len()];
    is_variable_name(name).then_some(Assignment { lead: &line[..lead_len], name, equals, raw_value: value })
}

/// The variables of `text` whose value is `value`.
pub fn variables_holding(text: &str, value: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for a in text.lines().filter_map(parse) {
        if a.value() == Some(value) && !names.iter().any(|n| n == a.name) {
            names.push(a.name.to_string());
        }
    }
    names
}

/// `text` with every line that sets `name` set to `value` instead, in the
/// form the line had, or a line `name=value` added at the end when none does.
pub fn set_variable(text: &str, name: &str, value: &str) -> Result<String, EnvBoxError> {
    if !is_variable_name(name) {
        return Err(EnvBoxError::BadName(name.chars().take(60).collect()));
    }
    let mut out = String::with_capacity(text.len() + value.len() + name.len() + 2);
    let mut found = false;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let newline = &line[body.len()..];
        match parse(body).filter(|a| a.name == name) {
            Some(a) => {
                if a.value().is_none() {
                    return Err(EnvBoxError::Unsafe(name.to_string()));
                }
                found = true;
                out.push_str(a.lead);
                out.push_str(a.name);
                out.push_str(a.equals);
                match a.quote() {
                    Some(q) => {
                        out.push(q);
                        out.push_str(value);
                        out.push(q);
                    }
                    None => out.push_str(value),
                }
                out.push_str(newline);
            }
            None => out.push_str(line),
        }
    }
    if !found {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(name);
        out.push('=');
        out.push_str(value);
    }
    Ok(out)
}

/// `text` with `value` put in: under `chosen` when the user named the
/// variable; else in every variable that holds `replacing` (the key a
/// rotation replaces); else under the provider's own variable.
pub fn fill_box(
    text: &str,
    value: &str,
    provider: Option<Provider>,
    replacing: Option<&str>,
    chosen: Option<&str>,
) -> Result<String, EnvBoxError> {
    let names = match (chosen, replacing.map(|old| variables_holding(text, old))) {
        (Some(name), _) => vec![name.trim().to_string()],
        (None, Some(holding)) if !holding.is_empty() => holding,
        _ => vec![provider.ok_or(EnvBoxError::NoVariable)?.env_var().to_string()],
    };
    names.iter().try_fold(text.to_string(), |text, name| set_variable(&text, name, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn which_variable_takes_the_key() {
        let text = "OPENAI_KEY_PROD=sk-old\nOPENAI_API_KEY=sk-other";
        let cases = [
            (Some(Provider::OpenAi), Some("sk-old"), None, Ok("OPENAI_KEY_PROD=new\nOPENAI_API_KEY=sk-other")),
            (Some(Provider::OpenAi), Some("sk-absent"), None, Ok("OPENAI_KEY_PROD=sk-old\nOPENAI_API_KEY=new")),
            (Some(Provider::OpenAi), None, None, Ok("OPENAI_KEY_PROD=sk-old\nOPENAI_API_KEY=new")),
            (None, None, Some("MY_KEY"), Ok("OPENAI_KEY_PROD=sk-old\nOPENAI_API_KEY=sk-other\nMY_KEY=new")),
            (None, None, None, Err(EnvBoxError::NoVariable)),
            (None, None, Some("MY KEY"), Err(EnvBoxError::BadName("MY KEY".into()))),
        ];
        for (provider, replacing, chosen, expected) in cases {
            let got = fill_box(text, "new", provider, replacing, chosen);
            assert_eq!(
                got.as_deref().map_err(Clone::clone),
                expected.as_deref().map_err(Clone::clone),
                "{provider:?} {replacing:?} {chosen:?}"
            );
        }
    }

    #[test]
    fn every_form_of_the_line_is_rewritten_and_the_rest_kept() {
        let cases = [
            ("OPENAI_API_KEY=old\nOTHER=1", "OPENAI_API_KEY=new\nOTHER=1"),
            ("export OPENAI_API_KEY=old", "export OPENAI_API_KEY=new"),
            ("OPENAI_API_KEY = old\n", "OPENAI_API_KEY = new\n"),
            ("OPENAI_API_KEY=\"old\"", "OPENAI_API_KEY=\"new\""),
            ("OPENAI_API_KEY='old' # prod", "OPENAI_API_KEY='new'"),
            ("OPENAI_API_KEY=old # prod", "OPENAI_API_KEY=new"),
            ("  export  OPENAI_API_KEY=old", "  export  OPENAI_API_KEY=new"),
            ("A=1\r\nOPENAI_API_KEY=old\r\nB=2", "A=1\r\nOPENAI_API_KEY=new\r\nB=2"),
            // Every line that sets it, not only the first.
            ("OPENAI_API_KEY=a\nX=1\nOPENAI_API_KEY=b", "OPENAI_API_KEY=new\nX=1\nOPENAI_API_KEY=new"),
            // Look-alike names and comments are not the variable.
            (
                "OPENAI_API_KEY_OLD=a\n# OPENAI_API_KEY=b\nMY_OPENAI_API_KEY=c",
                "OPENAI_API_KEY_OLD=a\n# OPENAI_API_KEY=b\nMY_OPENAI_API_KEY=c\nOPENAI_API_KEY=new",
            ),
            ("", "OPENAI_API_KEY=new"),
            ("A=1\n", "A=1\nOPENAI_API_KEY=new"),
            ("A=1", "A=1\nOPENAI_API_KEY=new"),
            ("exporter=1", "exporter=1\nOPENAI_API_KEY=new"),
        ];
        for (text, expected) in cases {
            assert_eq!(set_variable(text, "OPENAI_API_KEY", "new").as_deref(), Ok(expected), "{text:?}");
        }
    }

    #[test]
    fn a_line_it_cannot_rewrite_safely_changes_nothing() {
        let text = "OPENAI_API_KEY=ok\nOPENAI_API_KEY=\"starts here\nand ends here\"";
        assert_eq!(set_variable(text, "OPENAI_API_KEY", "new"), Err(EnvBoxError::Unsafe("OPENAI_API_KEY".into())));
        assert_eq!(set_variable("A=1", "1BAD", "new"), Err(EnvBoxError::BadName("1BAD".into())));
        assert_eq!(set_variable("A=1", "API KEY", "new"), Err(EnvBoxError::BadName("API KEY".into())));
    }

    #[test]
    fn the_variable_holding_a_key_is_found_whatever_its_name() {
        let text = "export OPENAI_KEY_PROD=\"sk-old\"\nOTHER=sk-new\nCOPY = sk-old # again\nOPENAI_KEY_PROD=sk-old";
        assert_eq!(variables_holding(text, "sk-old"), ["OPENAI_KEY_PROD", "COPY"]);
        assert!(variables_holding(text, "nothing").is_empty());
    }

    #[test]
    fn variable_names() {
        for (name, ok) in [("OPENAI_API_KEY", true), ("_x1", true), ("1X", false), ("A-B", false), ("", false)] {
            assert_eq!(is_variable_name(name), ok, "{name}");
        }
    }
}
