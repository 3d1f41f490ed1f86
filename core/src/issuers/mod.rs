//! The providers' side of a rotation by API (issue 16): creating the
//! replacement key with an admin or management key, and deleting the old
//! one at the end. Each created key's value is read straight out of the
//! provider's one answer that shows it, into a [`Secret`]; its name is
//! Baton's own, from the old key's label and the day, so a worker stopped
//! mid-call finds the key it created by that name and adopts or deletes it.
//!
//! - [`openai`]: a service account (with its key) in a project.
//! - [`openrouter`]: a key through the keys API.

pub mod openai;
pub mod openrouter;

use crate::secret::Secret;
use crate::Millis;

/// A key the provider just created: its id there, and the value it shows once.
#[derive(Debug, PartialEq, Eq)]
pub struct Created {
    /// What deletes it later (a service account's id, a key's hash).
    pub id: String,
    pub name: String,
    pub value: Secret,
}

/// The name Baton gives a key it creates: the old key's label and the day,
/// with a mark (`baton`) that finds it again, bounded to what providers take.
pub fn created_name(old_label: &str, now: Millis) -> String {
    let label: String = old_label.chars().filter(|c| !c.is_control()).take(60).collect();
    format!("{} — baton {}", label.trim(), crate::date::iso_date(now))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_say_what_replaced_what_and_when() {
        let now = 1_795_737_600_000; // 2026-11-27
        assert_eq!(
            created_name("Avatar pipeline — production", now),
            "Avatar pipeline — production — baton 2026-11-27"
        );
        let long = "x".repeat(200);
        assert_eq!(created_name(&long, now).chars().count(), 60 + " — baton 2026-11-27".chars().count());
        assert_eq!(created_name(" a\u{7}b ", now), "ab — baton 2026-11-27");
    }
}
