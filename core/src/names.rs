//! The enums that are stored and sent as names (`"production"`,
//! `"in-progress"`) are read through one decoder: serde's derive gives each
//! its own (about 800 bytes of wasm apiece, a dozen of them). Serialising
//! stays derived; `named!` lists the same kebab-case names, and the tests
//! hold the two equal.

use serde::de::{Deserialize, Deserializer, Error};

/// The value whose name is the JSON string `deserializer` reads.
pub fn by_name<'de, D: Deserializer<'de>, T: Copy>(deserializer: D, names: &[(&str, T)]) -> Result<T, D::Error> {
    let name = String::deserialize(deserializer)?;
    for (known, value) in names {
        if *known == name {
            return Ok(*value);
        }
    }
    Err(D::Error::custom("not one of the names this field takes"))
}

/// `named!(Environment { Production = "production", … })`: the name of each
/// variant (as `#[serde(rename_all = "kebab-case")]` writes it) in
/// `Environment::NAMED`, and `Deserialize` through [`by_name`].
#[macro_export]
macro_rules! named {
    ($ty:ident { $($variant:ident = $name:literal),+ $(,)? }) => {
        impl $ty {
            /// Every variant with the name it is stored and sent under.
            pub const NAMED: &'static [(&'static str, $ty)] = &[$(($name, $ty::$variant)),+];
        }
        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::names::by_name(deserializer, Self::NAMED)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::keys::{CheckOutcome, Provider};
    use crate::rotation::{Precision, UseSource};
    use crate::vault::{Environment, LocationSource, NewKeyFate, PlaceState, RotationStatus, Stage, Witness};

    /// Each name reads back as its variant and is what serialising writes.
    fn holds<T: Copy + PartialEq + std::fmt::Debug + serde::Serialize + serde::de::DeserializeOwned>(
        named: &[(&str, T)],
        variants: usize,
    ) {
        assert_eq!(named.len(), variants, "{named:?}: every variant named");
        for (name, value) in named {
            assert_eq!(serde_json::to_string(value).unwrap(), format!("\"{name}\""));
            assert_eq!(serde_json::from_str::<T>(&format!("\"{name}\"")).unwrap(), *value);
        }
        assert!(serde_json::from_str::<T>("\"no-such-name\"").is_err());
        assert!(serde_json::from_str::<T>("3").is_err());
    }

    #[test]
    fn every_named_enum_reads_what_it_writes() {
        holds(Provider::NAMED, Provider::ALL.len());
        holds(Environment::NAMED, Environment::ALL.len());
        holds(PlaceState::NAMED, PlaceState::ALL.len());
        holds(Stage::NAMED, 4);
        holds(CheckOutcome::NAMED, 3);
        holds(RotationStatus::NAMED, 3);
        holds(Witness::NAMED, 2);
        holds(NewKeyFate::NAMED, 2);
        holds(LocationSource::NAMED, 3);
        holds(UseSource::NAMED, 2);
        holds(Precision::NAMED, 2);
        holds(crate::connect::PlatformId::NAMED, 8);
    }
}
