//! The page's state as text: in the URL fragment for share links, in localStorage so a reload
//! keeps the user's work. Nothing leaves the browser: a fragment is never sent to a server.
//!
//! Fragment format `v1.<base64url(deflate(json))>`. The version prefix lets links made today keep
//! opening after the format changes: a new format gets a new prefix, and old ones stay decodable.

use aksnet_core::{CiliumVersion, Engine};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What a link or a saved session holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    #[serde(rename = "m")]
    pub manifests: String,
    #[serde(rename = "p")]
    pub plan: String,
    /// `plan` when the Network plan tab was open.
    #[serde(rename = "t", default, skip_serializing_if = "String::is_empty")]
    pub tab: String,
    /// The policy engine the matrix answers for: [`FOLLOW_PLAN`], or an engine as
    /// [`engine_text`] writes it. Absent from the links and sessions made before engines
    /// existed, which open as `spec`: what they showed then (decisions/0200).
    #[serde(rename = "e", default, skip_serializing_if = "Option::is_none")]
    pub engine: Option<String>,
}

/// [`Saved::engine`] when the engine follows the Network plan tab's cluster.
pub const FOLLOW_PLAN: &str = "plan";

/// An engine as links, sessions and the worker's requests write it: its name, and Cilium's
/// release after a space (`cilium 1.16`).
pub fn engine_text(engine: Engine) -> String {
    engine.to_string()
}

/// The engine [`engine_text`] wrote; `None` for anything else.
pub fn read_engine(text: &str) -> Option<Engine> {
    let (name, version) = text.split_once(' ').unwrap_or((text, ""));
    match Engine::parse(name)? {
        Engine::Cilium(default) if version.is_empty() => Some(Engine::Cilium(default)),
        Engine::Cilium(_) => CiliumVersion::parse(version).map(Engine::Cilium),
        _ if !version.is_empty() => None,
        engine => Some(engine),
    }
}

/// Serde for an [`Engine`] with Cilium's release ([`engine_text`]): the core serialises an
/// engine by its name alone.
pub mod engine_serde {
    use super::{Deserialize, Deserializer, Engine, Serializer, engine_text, read_engine};

    // Serde's `with` passes the field by reference.
    #[allow(clippy::trivially_copy_pass_by_ref)]
    pub fn serialize<S: Serializer>(engine: &Engine, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&engine_text(*engine))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Engine, D::Error> {
        let text = String::deserialize(deserializer)?;
        read_engine(&text).ok_or_else(|| serde::de::Error::custom("unknown engine"))
    }
}

/// Inflated state larger than this is refused, so a crafted link cannot exhaust memory.
pub const MAX_STATE: usize = 8 * 1024 * 1024;

/// Longest link "Share link" makes: Chromium opens addresses up to 2 MiB, and the address holds
/// the page's own part besides the fragment.
pub const MAX_LINK: usize = 2 * 1024 * 1024 - 4096;

/// The fragment for `saved` when a link can carry it: `None` when the page opening it would
/// refuse it (more than [`MAX_STATE`] to inflate) or the browser could not open it ([`MAX_LINK`]).
pub fn link_fragment(saved: &Saved) -> Option<String> {
    if saved.manifests.len() + saved.plan.len() > MAX_STATE {
        return None;
    }
    Some(encode(saved)).filter(|fragment| fragment.len() <= MAX_LINK)
}

pub fn encode(saved: &Saved) -> String {
    let json = serde_json::to_vec(saved).unwrap_or_default();
    let packed = miniz_oxide::deflate::compress_to_vec(&json, 9);
    format!("v1.{}", URL_SAFE_NO_PAD.encode(packed))
}

/// `None` for anything that is not a link this or an earlier version made.
pub fn decode(fragment: &str) -> Option<Saved> {
    read(fragment).ok()
}

/// Why a state could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unreadable {
    /// Not a state at all (an empty fragment, an anchor such as `#section-2`).
    NotState,
    /// A later version's format (`v2.` and up), which this page cannot read.
    Newer,
    /// A `v1.` state that is damaged (cut short, edited).
    Broken,
    /// A `v1.` state that inflates past [`MAX_STATE`].
    TooLarge,
}

/// The state `fragment` holds, or why it holds none.
pub fn read(fragment: &str) -> Result<Saved, Unreadable> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let Some(payload) = fragment.strip_prefix("v1.") else {
        let (version, _) = fragment.split_once('.').ok_or(Unreadable::NotState)?;
        let newer = version
            .strip_prefix('v')
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        return Err(if newer {
            Unreadable::Newer
        } else {
            Unreadable::NotState
        });
    };
    let packed = URL_SAFE_NO_PAD
        .decode(payload.trim())
        .map_err(|_| Unreadable::Broken)?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_STATE).map_err(
        |error| match error.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => Unreadable::TooLarge,
            _ => Unreadable::Broken,
        },
    )?;
    serde_json::from_slice(&json).map_err(|_| Unreadable::Broken)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_round_trips_through_a_fragment() {
        let saved = Saved {
            manifests: "kind: Pod\nmetadata: {name: ポッド}\n".repeat(50),
            plan: "az aks create -n c".to_owned(),
            tab: "plan".to_owned(),
            engine: Some("cilium 1.16".to_owned()),
        };
        let fragment = encode(&saved);
        assert!(fragment.starts_with("v1."));
        assert!(
            fragment.len() < 300,
            "repeated text compresses: {}",
            fragment.len()
        );
        assert!(
            fragment
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        );
        assert_eq!(decode(&format!("#{fragment}")), Some(saved));
    }

    /// A link pinned at format v1; if this fails, old links stopped opening.
    #[test]
    fn a_v1_link_keeps_opening() {
        let link = encode(&Saved {
            manifests: "a".into(),
            plan: "b".into(),
            tab: String::new(),
            engine: None,
        });
        assert_eq!(
            decode(&link).map(|s| (s.manifests, s.plan)),
            Some(("a".into(), "b".into()))
        );
        // Made independently (raw DEFLATE of `{"m":"a","p":"b"}`, base64url without padding).
        assert_eq!(
            decode("#v1.q1bKVbJSSlTSUSoA0klKtQA"),
            Some(Saved {
                manifests: "a".into(),
                plan: "b".into(),
                tab: String::new(),
                engine: None,
            })
        );
    }

    #[test]
    fn engines_read_back_with_cilium_release() {
        for engine in [
            Engine::Spec,
            Engine::Azure,
            Engine::Calico,
            Engine::None,
            Engine::Cilium(CiliumVersion::V1_16),
            Engine::Cilium(CiliumVersion::V1_18),
        ] {
            assert_eq!(read_engine(&engine_text(engine)), Some(engine));
        }
        assert_eq!(
            read_engine("cilium"),
            Some(Engine::Cilium(CiliumVersion::default()))
        );
        for junk in ["", "npm", "cilium 1.15", "azure 1.16", FOLLOW_PLAN] {
            assert_eq!(read_engine(junk), None, "{junk}");
        }
    }

    #[test]
    fn unreadable_links_say_why() {
        assert_eq!(read("#v9.abc"), Err(Unreadable::Newer));
        assert_eq!(read("#v1.!!!"), Err(Unreadable::Broken));
        assert_eq!(read("#section-2"), Err(Unreadable::NotState));
        assert_eq!(read(""), Err(Unreadable::NotState));
        let huge = serde_json::to_vec(&Saved {
            manifests: "a".repeat(MAX_STATE + 1),
            ..Saved::default()
        })
        .unwrap();
        let packed = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&huge, 9));
        assert_eq!(read(&format!("v1.{packed}")), Err(Unreadable::TooLarge));
    }

    #[test]
    fn anything_else_is_refused() {
        for junk in [
            "",
            "#",
            "#v2.abc",
            "#v1.",
            "#v1.!!!",
            "#v1.AAAA",
            "#section-2",
        ] {
            assert_eq!(decode(junk), None, "{junk}");
        }
    }
}
