//! Whether a click saves what was typed: the site's own Save, Continue,
//! Create… button, as opposed to Cancel, Close or Test.

use super::field::words;

const SAVES: &[&str] = &[
    " save ",
    " continue ",
    " create ",
    " add ",
    " update ",
    " connect ",
    " submit ",
    " done ",
    " apply ",
    " confirm ",
    " yes ",
    " ok ",
    " allow ",
    " authorize ",
    " authorise ",
    " deploy ",
    " store ",
    " set ",
    " finish ",
];

const DOES_NOT_SAVE: &[&str] = &[
    " cancel ",
    " close ",
    " back ",
    " delete ",
    " remove ",
    " discard ",
    " reset ",
    " copy ",
    " show ",
    " hide ",
    " reveal ",
    " edit ",
    " search ",
    " no ",
    " revoke ",
];

/// Whether the user's action saves the form: a form's own submit
/// (`"submit"`, as the content script reports it), or a click on a button
/// reading `text` that saves the form it belongs to.
pub fn is_save_action(text: &str) -> bool {
    if text == "submit" {
        return true;
    }
    let w = words(text);
    !DOES_NOT_SAVE.iter().any(|p| w.contains(p)) && SAVES.iter().any(|p| w.contains(p))
}

#[cfg(test)]
mod tests {
    use super::is_save_action;

    #[test]
    fn buttons() {
        let cases = [
            // A form's own submit, as the content script reports it.
            ("submit", true),
            ("Save", true),
            ("Save changes", true),
            ("Yes, Continue to ChatGPT (OpenAI)", true),
            ("Create connection", true),
            ("Add Environment Variable", true),
            ("Update", true),
            ("Deploy", true),
            ("OK", true),
            ("Cancel", false),
            ("Close", false),
            ("Test connection", false),
            ("Delete", false),
            ("Show value", false),
            ("Copy", false),
            ("", false),
            ("Learn more", false),
            ("Save and test", true),
            ("Test", false),
        ];
        for (text, expected) in cases {
            assert_eq!(is_save_action(text), expected, "{text}");
        }
    }
}
