//! One way to declare a catalogue of stable kebab-case codes — the finding
//! codes ([`crate::finding::Code`]) and the change codes of `parity diff`
//! ([`crate::diff::ChangeCode`]) — so that both print, parse, serialise and
//! explain themselves alike. Each code's explanation is the page
//! `docs/codes/CODE.md`, compiled in, so `parity explain` and the docs
//! never disagree.

/// Declares `enum $name` with `ALL`, `as_str`, `name`, `parse`, `summary`,
/// `explanation` (the code's docs page), `Display` and `Serialize` as its
/// word, and one more `const fn $column(self) -> $type` that returns each
/// row's value; the value's bare words are looked up in the `using` enums.
macro_rules! catalogue {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $(#[$column_meta:meta])* $column_vis:vis fn $column:ident() -> $type:ty, using [$($using:ident),+];
            $($variant:ident = $word:literal, $value:tt, $summary:literal;)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($variant,)+ }

        impl $name {
            /// The whole catalogue, in documentation order.
            pub const ALL: &'static [Self] = &[$(Self::$variant,)+];

            /// The stable kebab-case code.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $word,)+ }
            }

            /// The code as an identifier (`RouteMissing`), for formats that
            /// name rules so (SARIF).
            #[must_use]
            pub const fn name(self) -> &'static str {
                match self { $(Self::$variant => stringify!($variant),)+ }
            }

            /// Looks a code up by its kebab-case word.
            #[must_use]
            pub fn parse(word: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|code| code.as_str() == word)
            }

            /// One line saying what the code means.
            #[must_use]
            pub const fn summary(self) -> &'static str {
                match self { $(Self::$variant => $summary,)+ }
            }

            /// The full explanation, from `docs/codes/CODE.md`.
            #[must_use]
            pub const fn explanation(self) -> &'static str {
                match self {
                    $(Self::$variant => include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/codes/", $word, ".md")),)+
                }
            }

            $(#[$column_meta])*
            #[must_use]
            $column_vis const fn $column(self) -> $type {
                #[allow(clippy::enum_glob_use)]
                use self::{$($using::*),+};
                match self { $(Self::$variant => $value,)+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    };
}

pub(crate) use catalogue;
