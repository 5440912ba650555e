//! Which source of truth a verdict follows where a rulebook's premises disagree: the
//! document the rulebook encodes (`page`, its specification) or the public documentation
//! its premises cite (`docs`). A plain value, so a flag and a policy file can both set it.

use borsh::{BorshDeserialize, BorshSerialize};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    BorshSerialize,
    BorshDeserialize,
    JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Trust {
    /// The document the rulebook encodes.
    #[default]
    Page,
    /// The public documentation the premises cite.
    Docs,
}

impl Trust {
    pub const ALL: [Trust; 2] = [Trust::Page, Trust::Docs];

    pub fn as_str(self) -> &'static str {
        match self {
            Trust::Page => "page",
            Trust::Docs => "docs",
        }
    }

    /// The other source of truth.
    pub fn other(self) -> Trust {
        match self {
            Trust::Page => Trust::Docs,
            Trust::Docs => Trust::Page,
        }
    }
}

impl std::fmt::Display for Trust {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Trust {
    type Err = String;

    fn from_str(text: &str) -> Result<Trust, String> {
        match text {
            "page" => Ok(Trust::Page),
            "docs" => Ok(Trust::Docs),
            other => Err(format!(
                "`{other}` is not a source of truth; expected page or docs"
            )),
        }
    }
}
