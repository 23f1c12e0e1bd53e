//! Ports and protocols: what a flow is addressed to (`80/TCP`), and the `protocol` field as
//! containers and NetworkPolicy ports write it. Both the cluster model and the policies read
//! them, so they live apart from either.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::codes::Code;
use crate::fields::FieldReader;
use crate::text;
use crate::yaml::Node;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Protocol {
    #[serde(rename = "TCP")]
    Tcp,
    #[serde(rename = "UDP")]
    Udp,
    #[serde(rename = "SCTP")]
    Sctp,
}

impl Protocol {
    pub fn parse(text: &str) -> Option<Protocol> {
        match text {
            "TCP" => Some(Protocol::Tcp),
            "UDP" => Some(Protocol::Udp),
            "SCTP" => Some(Protocol::Sctp),
            _ => None,
        }
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            Protocol::Tcp => "TCP",
            Protocol::Udp => "UDP",
            Protocol::Sctp => "SCTP",
        }
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A destination port and protocol, such as `80/TCP`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FlowPort {
    pub port: u16,
    pub protocol: Protocol,
}

impl FlowPort {
    pub const fn tcp(port: u16) -> Self {
        Self {
            port,
            protocol: Protocol::Tcp,
        }
    }

    /// Reads `80`, `80/TCP`, `53/udp`.
    pub fn parse(text: &str) -> Option<FlowPort> {
        let (port, protocol) = match text.split_once('/') {
            Some((port, protocol)) => (port, Protocol::parse(&protocol.to_ascii_uppercase())?),
            None => (text, Protocol::Tcp),
        };
        let port: u16 = port.trim().parse().ok()?;
        (port > 0).then_some(FlowPort { port, protocol })
    }
}

impl fmt::Display for FlowPort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.port, self.protocol)
    }
}

/// `protocol`, TCP when absent; `None` (reported) when it names no protocol.
pub(crate) fn read_protocol(
    reader: &mut FieldReader<'_>,
    node: &Node,
    path: &str,
) -> Option<Protocol> {
    let Some(text) = reader.string(node, "protocol", path) else {
        return Some(Protocol::Tcp);
    };
    let protocol = Protocol::parse(text);
    if protocol.is_none() {
        reader.report(
            Code::ManifestInvalidField,
            node.get("protocol").map_or(node.span, |n| n.span),
            text!(
                "unknown protocol `{0}`: use TCP, UDP or SCTP",
                "プロトコル `{0}` は不明です。TCP、UDP、SCTP のいずれかを使用してください",
                text
            ),
        );
    }
    protocol
}
