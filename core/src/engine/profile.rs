//! The policy engine a cluster runs, which decides the points where the engines differ from the
//! Kubernetes specification and from each other (docs/netpol-semantics.md, one section per
//! engine). `Spec` is the specification as written and the default everywhere.
//!
//! How AKS chooses the engine: `--network-policy azure` is Azure Network Policy Manager (NPM),
//! `calico` is Calico, `--network-dataplane cilium` is Cilium, and `none` (also the default when
//! no flag is given) enforces nothing
//! (<https://learn.microsoft.com/azure/aks/use-network-policies>).

use std::fmt;

use serde::{Deserialize, Serialize};

/// The Cilium release a cluster runs, which AKS ties to the Kubernetes version: 1.16 on
/// Kubernetes 1.31, 1.17 on 1.32 and 1.33, 1.18 on 1.34 and later
/// (<https://learn.microsoft.com/azure/aks/azure-cni-powered-by-cilium>).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CiliumVersion {
    V1_16,
    #[default]
    V1_17,
    V1_18,
}

impl CiliumVersion {
    pub const ALL: [CiliumVersion; 3] = [
        CiliumVersion::V1_16,
        CiliumVersion::V1_17,
        CiliumVersion::V1_18,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            CiliumVersion::V1_16 => "1.16",
            CiliumVersion::V1_17 => "1.17",
            CiliumVersion::V1_18 => "1.18",
        }
    }

    pub fn parse(text: &str) -> Option<CiliumVersion> {
        CiliumVersion::ALL
            .into_iter()
            .find(|v| v.as_str() == text.trim())
    }

    /// Whether this release reads `endPort`: Cilium 1.16 opens only `port` and ignores `endPort`
    /// (<https://learn.microsoft.com/azure/aks/migrate-from-npm-to-cilium-network-policy>,
    /// "NetworkPolicy with endPort").
    pub const fn reads_end_port(self) -> bool {
        !matches!(self, CiliumVersion::V1_16)
    }
}

/// The engine that enforces NetworkPolicy, as chosen by `aksnet ... --engine` and the page's
/// engine selector.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Engine {
    /// The Kubernetes specification as written.
    #[default]
    Spec,
    /// Azure Network Policy Manager: Linux rules for Linux pods, the Windows rules for pods on
    /// Windows nodes.
    Azure,
    Calico,
    Cilium(CiliumVersion),
    /// No engine: policies are stored but nothing enforces them, so every flow is allowed.
    None,
}

impl Engine {
    /// The engines' names as the command line and the page's selector spell them.
    pub const NAMES: [&'static str; 5] = ["spec", "azure", "calico", "cilium", "none"];

    pub const fn name(self) -> &'static str {
        match self {
            Engine::Spec => "spec",
            Engine::Azure => "azure",
            Engine::Calico => "calico",
            Engine::Cilium(_) => "cilium",
            Engine::None => "none",
        }
    }

    /// The engine named `name` (one of [`Engine::NAMES`]); Cilium in its default release.
    pub fn parse(name: &str) -> Option<Engine> {
        match name.trim() {
            "spec" => Some(Engine::Spec),
            "azure" => Some(Engine::Azure),
            "calico" => Some(Engine::Calico),
            "cilium" => Some(Engine::Cilium(CiliumVersion::default())),
            "none" => Some(Engine::None),
            _ => None,
        }
    }

    /// Whether the engine enforces policies at all.
    pub const fn enforces(self) -> bool {
        !matches!(self, Engine::None)
    }

    /// The engine's name for people, the same in both languages.
    pub const fn title(self) -> &'static str {
        match self {
            Engine::Spec => "Kubernetes specification",
            Engine::Azure => "Azure Network Policy Manager",
            Engine::Calico => "Calico",
            Engine::Cilium(_) => "Cilium",
            Engine::None => "none",
        }
    }
}

impl fmt::Display for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Engine::Cilium(version) => write!(f, "cilium {}", version.as_str()),
            other => f.write_str(other.name()),
        }
    }
}

/// Serialised as its name (`cilium`); the Cilium release travels in a field of its own.
impl Serialize for Engine {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Engine {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Engine::parse(&name).ok_or_else(|| serde::de::Error::custom("unknown engine"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back() {
        for name in Engine::NAMES {
            assert_eq!(Engine::parse(name).map(Engine::name), Some(name));
        }
        assert_eq!(Engine::parse("npm"), None);
    }

    #[test]
    fn only_cilium_1_16_ignores_end_port() {
        assert!(!CiliumVersion::V1_16.reads_end_port());
        assert!(CiliumVersion::V1_17.reads_end_port());
        assert_eq!(CiliumVersion::parse("1.18"), Some(CiliumVersion::V1_18));
        assert_eq!(CiliumVersion::parse("1.15"), None);
    }
}
