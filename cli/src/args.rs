//! The command line, as tools and graders call it.

use std::path::PathBuf;

use aksnet_core::{CiliumVersion, Engine, FlowPort, Lang};
use anyhow::bail;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand, ValueEnum};

/// Understand Kubernetes network policy and AKS address plans.
#[derive(Debug, Parser)]
#[command(name = "aksnet", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// The language of messages, fix titles and explanations (also the `message` of JSON and
    /// SARIF output)
    #[arg(long, global = true, value_enum, default_value_t = Language::En)]
    pub lang: Language,
}

/// `--lang`: the languages the core writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Language {
    En,
    Ja,
}

impl From<Language> for Lang {
    fn from(language: Language) -> Lang {
        match language {
            Language::En => Lang::En,
            Language::Ja => Lang::Ja,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read manifests and list their objects and findings (exit status 1 on any error)
    #[command(after_long_help = CHECK_JSON_HELP)]
    Check {
        /// Files, directories (every .yaml, .yml and .json file under them) or `-` for standard input
        #[arg(required_unless_present = "explain", value_name = "MANIFEST")]
        manifests: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// Print the page of a finding code (what it means, why, an example and its fix)
        #[arg(long, value_name = "CODE", conflicts_with = "manifests")]
        explain: Option<String>,
        #[command(flatten)]
        selection: crate::select::Selection,
        /// With --migrate-to: the engine the cluster runs now (only azure); alone, recorded in the
        /// JSON (the findings are the same for every engine). --cilium-version is the target's
        #[command(flatten)]
        engine: EngineArgs,
        /// Check the move from --engine azure to this engine (cilium): the migrate-* findings, each
        /// policy that behaves differently after it, and the flows whose verdict changes
        #[arg(
            long = "migrate-to",
            value_name = "ENGINE",
            value_parser = PossibleValuesParser::new(Engine::NAMES)
                .map(|name| Engine::parse(&name).unwrap_or_default())
        )]
        migrate_to: Option<Engine>,
        /// With --migrate-to: an address or range outside the cluster expected to reach the
        /// load balancer and node port Services; repeatable [default: an assumed 203.0.113.10]
        #[arg(long = "external", value_name = "IP|CIDR", requires = "migrate_to")]
        external: Vec<String>,
    },
    /// Print the manifests with their safe fixes applied (comments and layout kept); the unsafe
    /// ones, which change what the manifests do, only with --unsafe-fixes
    #[command(after_long_help = FIX_OUTPUT_HELP)]
    Fix {
        /// Files, directories (every .yaml, .yml and .json file under them) or `-` for standard input
        #[arg(required = true, value_name = "MANIFEST")]
        manifests: Vec<PathBuf>,
        /// Rewrite the files in place instead of printing them: each is replaced whole, and a file
        /// whose bytes are not UTF-8 is left as it is (exit status 2)
        #[arg(long)]
        write: bool,
        /// Also apply the unsafe fixes, those that change what the manifests do (which traffic
        /// flows, how a pod runs); without it only safe fixes are applied
        #[arg(long)]
        unsafe_fixes: bool,
    },
    /// Which endpoints reach which, on each port: the reachability matrix
    #[command(after_long_help = REACH_INCOMPLETE_HELP)]
    Reach {
        /// Files, directories (every .yaml, .yml and .json file under them) or `-` for standard input
        #[arg(required = true, value_name = "MANIFEST")]
        manifests: Vec<PathBuf>,
        /// A destination port, such as 80/TCP or 53/UDP; repeat for more [default: 80/TCP]
        #[arg(long = "port", value_name = "PORT/PROTO", value_parser = parse_port)]
        ports: Vec<FlowPort>,
        /// An address or range outside the cluster to include as an endpoint; repeatable
        #[arg(long = "external", value_name = "IP|CIDR")]
        external: Vec<String>,
        /// Only flows from this endpoint: what it can reach
        #[arg(long, value_name = "NS/NAME|IP")]
        from: Option<String>,
        /// Only flows to this endpoint: who can reach it
        #[arg(long, value_name = "NS/NAME|IP")]
        to: Option<String>,
        /// Add representative endpoints derived from the policies' selectors: for each peer a
        /// pod that matches it and the nearest ones that do not, any pod in any namespace, and
        /// an address outside the cluster (their names start with `~`)
        #[arg(long)]
        representatives: bool,
        /// Only the flows entering through this `NodePort` or `LoadBalancer` Service: from each
        /// --external source (0.0.0.0/0 without one) to the Service's backends, on its ports (or
        /// the Service ports --port names), each explained as the engine sees it
        #[arg(
            long,
            value_name = "NS/SERVICE",
            conflicts_with_all = ["from", "to", "representatives"]
        )]
        via: Option<String>,
        #[command(flatten)]
        engine: EngineArgs,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Check an AKS address plan (NetworkPlan YAML or az command lines): overlaps, sizing,
    /// authorized ranges, private access (exit status 1 on any error)
    #[command(after_long_help = PLAN_JSON_HELP)]
    Plan {
        /// A NetworkPlan YAML file or a script of az commands, or `-` for standard input
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Also tell whether this address may reach the API server through the authorized ranges
        #[arg(long = "check-ip", value_name = "IP")]
        check_ip: Option<std::net::IpAddr>,
        /// Manifest files or directories read with the plan, only for the NetworkPolicies they
        /// hold: without a policy engine in the plan, network-policy-none says they have no
        /// effect (the manifests' own findings are `aksnet check`'s)
        #[arg(long, value_name = "PATH", num_args = 1..)]
        manifests: Vec<PathBuf>,
        /// Also apply the unsafe fixes (a different range, DNS service IP or maxPods for the
        /// deployed network) in the corrected plan; without it only safe fixes are applied
        #[arg(long)]
        unsafe_fixes: bool,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        #[command(flatten)]
        selection: crate::select::Selection,
    },
    /// Why one flow is allowed or blocked, policy by policy and rule by rule
    #[command(after_long_help = EXPLAIN_INCOMPLETE_HELP)]
    Explain {
        /// Files, directories (every .yaml, .yml and .json file under them) or `-` for standard input
        #[arg(required = true, value_name = "MANIFEST")]
        manifests: Vec<PathBuf>,
        /// The source: a pod or workload as namespace/name, an address, or a representative's id
        /// from `reach --representatives` (`ns/~app=web`)
        #[arg(long, value_name = "NS/NAME|IP")]
        from: String,
        /// The destination: a pod, workload or Service as namespace/name, an address, or a
        /// representative's id from `reach --representatives`
        #[arg(long, value_name = "NS/NAME|IP")]
        to: String,
        /// The destination port, such as 80/TCP
        #[arg(long, value_name = "PORT/PROTO", value_parser = parse_port)]
        port: FlowPort,
        #[command(flatten)]
        engine: EngineArgs,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Workshop exercises: list the built-in ones, or check files against an exercise's goals
    Exercise {
        #[command(subcommand)]
        command: ExerciseCommand,
    },
}

/// `--engine` and `--cilium-version`: the policy engine whose enforcement a command evaluates.
/// One definition, flattened into every command that takes it (`reach`, `explain`, `check`).
#[derive(Clone, Debug, Default, clap::Args)]
pub struct EngineArgs {
    /// The engine that enforces the policies: the Kubernetes specification (spec), Azure Network
    /// Policy Manager (azure), calico, cilium, or none (policies stored, nothing enforced); see
    /// docs/netpol-semantics.md [default: spec]
    #[arg(
        long = "engine",
        value_name = "ENGINE",
        value_parser = PossibleValuesParser::new(Engine::NAMES)
            .map(|name| Engine::parse(&name).unwrap_or_default())
    )]
    pub engine: Option<Engine>,
    /// The Cilium release (with --engine cilium): AKS runs 1.16 on Kubernetes 1.31, 1.17 on
    /// 1.32 and 1.33, 1.18 on 1.34 and later [default: 1.17]
    #[arg(
        long = "cilium-version",
        value_name = "VERSION",
        value_parser = PossibleValuesParser::new(CiliumVersion::ALL.map(CiliumVersion::as_str))
            .map(|text| CiliumVersion::parse(&text).unwrap_or_default())
    )]
    pub cilium_version: Option<CiliumVersion>,
}

impl EngineArgs {
    /// The engine asked for: `spec` by default; `--cilium-version` only with `--engine cilium`
    /// (a usage error otherwise, exit status 2).
    pub fn engine(&self) -> anyhow::Result<Engine> {
        match (self.engine.unwrap_or_default(), self.cilium_version) {
            (Engine::Cilium(default), version) => Ok(Engine::Cilium(version.unwrap_or(default))),
            (_, Some(version)) => bail!(
                "--cilium-version {}: only with --engine cilium",
                version.as_str()
            ),
            (engine, None) => Ok(engine),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum ExerciseCommand {
    /// The built-in exercises, in workshop order: id, number of goals and title
    #[command(after_long_help = EXERCISE_LIST_JSON_HELP)]
    List {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Check manifests and a plan against an exercise's goals (exit status 0 when every goal is
    /// met, 1 when one is not, 2 for an unreadable file or an invalid exercise)
    #[command(after_long_help = EXERCISE_JSON_HELP)]
    Check {
        /// An exercise file (YAML, see docs/exercises.md) or the id of a built-in exercise
        exercise: String,
        /// The participant's files: manifests (files, directories or `-`) and at most one plan
        /// (NetworkPlan YAML or az command lines), told apart by their content
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Text output follows `--lang`; JSON has both languages.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

const REACH_INCOMPLETE_HELP: &str = "\
JSON output (--format json):
  {\"endpoints\": [\"ns/name\", ...],
   \"endpoint_details\": [{\"name\", \"kind\": \"pod\" | \"workload\" | \"external\" | \"node\" | \"representative\",
     \"namespace\": TEXT | null, \"labels\": {KEY: VALUE}, \"namespace_labels\": {KEY: VALUE} | null,
     \"description\": TEXT (English)}],
   \"flows\": [{\"from\", \"to\", \"port\": NUMBER, \"protocol\", \"allowed\": BOOL | null, \"verdict\"}],
   \"incomplete\": [{\"file\", \"line\", \"message\"}],
   \"engine\": \"spec\" | \"azure\" | \"calico\" | \"cilium\" | \"none\",
   \"cilium_version\": \"1.16\" | \"1.17\" | \"1.18\" (with --engine cilium only)}
\"endpoint_details\" follows the order of \"endpoints\"; there is one flow for every ordered pair of
distinct endpoints and port, written as it is produced. The verdicts are those of the engine
\"engine\" names (--engine; spec, the Kubernetes specification, by default).

With --via NS/SERVICE (a NodePort or LoadBalancer Service), the flows entering through it: from
each --external source (\"0.0.0.0/0\", any client, without one) to each backend, per Service port
(--port names Service ports; all of them by default). The same object, with \"endpoints\" listing
the flows' ends only, and:
   \"via\": {\"service\", \"type\": \"NodePort\" | \"LoadBalancer\",
     \"external_traffic_policy\": \"Cluster\" | \"Local\"},
   each flow also with \"service_port\": NUMBER (the client's; \"port\" is the backend's) and
   \"explanation\": what `aksnet explain --format json` gives for the flow: {\"from\", \"to\",
     \"port\": {\"port\", \"protocol\"}, \"allowed\", \"egress\" and \"ingress\": {\"side\", \"verdict\",
     \"isolating\", \"matches\": [{\"policy\", \"rule\", \"peer\", \"port\", \"peer_index\",
     \"port_index\"}]}, \"engine\", \"engine_notes\": [{\"point\", \"side\", \"message\",
     \"message_ja\", \"source\": URL}]}.
\"engine_notes\" has point \"external-traffic-cluster\" when the engine decides how the Service's
source NAT (externalTrafficPolicy Cluster) meets the backend's ingress rules (docs/cli.md,
\"Traffic from outside\"). A Service of another type, or one the input does not hold, is a usage
error (exit status 2).

When a document cannot be read (a YAML syntax error, a document cut off, an object the API server
would refuse), the answer is incomplete: each such document is named on standard error and in
\"incomplete\" (empty when complete), and the exit status is 1. A flow such a document could
change has \"verdict\": \"unknown\" and \"allowed\": null (? in the text grid); the others have
\"verdict\" \"allowed\" or \"denied\" and \"allowed\" true or false (docs/netpol-semantics.md,
\"Incomplete input\").";

const EXPLAIN_INCOMPLETE_HELP: &str = "\
JSON output (--format json): the explanation (an array of them for a Service, one per target
pod):
  {\"from\", \"to\", \"port\": {\"port\": NUMBER, \"protocol\"}, \"allowed\": BOOL | null,
   \"verdict\", \"unknown\": TEXT (only when unknown),
   \"egress\" and \"ingress\": {\"side\", \"verdict\": \"not-isolated\" | \"host-network\" | \"external\"
     | \"allowed\" | \"denied\" | \"own-node\", \"isolating\": [\"ns/policy\", ...], \"matches\": [{\"policy\",
     \"rule\": INDEX, \"peer\": TEXT | null, \"port\": TEXT | null, \"peer_index\": INDEX | null,
     \"port_index\": INDEX | null}]},
   \"incomplete\": [{\"file\", \"line\", \"message\"}],
   \"engine\": \"spec\" | \"azure\" | \"calico\" | \"cilium\" | \"none\",
   \"cilium_version\": \"1.16\" | \"1.17\" | \"1.18\" (with --engine cilium only),
   \"engine_notes\": [{\"point\", \"side\": \"ingress\" | \"egress\", \"message\" (English),
     \"message_ja\", \"source\": URL}]}
\"verdict\" is \"allowed\", \"denied\" or \"unknown\"; \"incomplete\" lists the documents that could not be
read. \"engine_notes\" has one note for each point where the engine (--engine), not the
Kubernetes specification, decided a side of the flow: \"point\" is one of ipblock-pods,
ipblock-nodes, own-node-egress, own-node-ingress, end-port, named-port, windows-dropped,
windows-unenforced, not-enforced (docs/netpol-semantics.md). An unknown flow has \"allowed\": null and
\"unknown\", why; its text output gives that reason and no verdict. Exit status 1 when any
document could not be read.";

const EXERCISE_JSON_HELP: &str = "\
JSON output (--format json), for graders:
  {\"exercise\": ID, \"met\": BOOL, \"goals\": [{\"id\": ID, \"title\": {\"en\": TEXT, \"ja\": TEXT},
    \"met\": BOOL, \"detail\": null | {\"en\": TEXT, \"ja\": TEXT}}]}
\"met\" is true when every goal is met; \"detail\" says why a goal is not met.";

// The JSON shapes of `check` and `plan`; their finding objects are documented as they are
// today, field by field.
/// The one finding form `check` and `plan` share (docs/cli.md, "Findings in JSON").
macro_rules! finding_json_help {
    () => {
        "\
  FINDING: {\"code\", \"severity\": \"error\" | \"warning\" | \"info\", \"message\", \"file\",
    \"ranges\": [TEXT, ...], \"line\", \"column\", \"object\": \"ns/Kind/name\" | null,
    \"fix\": {\"title\", \"applicability\": \"safe\" | \"unsafe\", \"title_ja\",
      \"edits\": [{\"line\", \"column\", \"start\", \"end\", \"text\"}]} (only when there is one),
    \"message_ja\", \"end_line\", \"end_column\", \"start_utf16\": {\"line\", \"column\"},
    \"end_utf16\": {\"line\", \"column\"}, \"file_index\", \"span\": {\"start\", \"end\"}}
\"message\" and the fix's \"title\" are in the --lang language, \"message_ja\" and \"title_ja\" in
Japanese. Lines and columns count from 1 (UTF-16 columns from 0); an edit replaces bytes
start..end of its file with \"text\"."
    };
}

const CHECK_JSON_HELP: &str = concat!(
    "\
JSON output (--format json):
  {\"objects\": [{\"kind\", \"name\", \"namespace\": TEXT | null, \"file\", \"line\",
     \"summary\": {\"en\": TEXT, \"ja\": TEXT} (NetworkPolicies only)}],
   \"findings\": [FINDING, ...],
   \"engine\": \"spec\" | \"azure\" | \"calico\" | \"cilium\" | \"none\" (only with --engine),
   \"cilium_version\": \"1.16\" | \"1.17\" | \"1.18\" (only with cilium as the engine or the target),
   \"migration\": {\"from\", \"to\", \"flows\": [{\"from\", \"to\", \"port\": {\"port\", \"protocol\"},
     \"before\": BOOL, \"after\": BOOL, \"codes\": [CODE, ...], \"via\": \"NS/SERVICE\" (through a
     LoadBalancer or NodePort Service only)}, ...]} (only with --migrate-to)}
  With --migrate-to the migrate-* findings are among \"findings\", in the same form.
",
    finding_json_help!(),
    "

SARIF output (--format sarif): SARIF 2.1.0, one run whose rules are the codes found (with their
pages' addresses) and one result per finding; a result's \"fixes\" hold its edits as byte ranges,
with \"properties\": {\"applicability\"}."
);

const PLAN_JSON_HELP: &str = concat!(
    "\
JSON output (--format json):
  {\"form\": \"yaml\" | \"az\",
   \"engine\": \"azure\" | \"calico\" | \"cilium\" | \"none\" | null (the cluster's policy engine;
     null without a cluster or when its flags are not known),
   \"cilium_version\": \"1.16\" | \"1.17\" | \"1.18\" (only with \"engine\": \"cilium\"),
   \"findings\": [FINDING, ...],
   \"sizing\": [{\"what\", \"formula\" (both English), \"required\", \"cidr\": CIDR | null,
     \"usable\": NUMBER | null, \"headroom\": NUMBER | null, \"smallest_prefix\": NUMBER | null}],
   \"free_space\": [{\"vnet\", \"blocks\": [CIDR, ...]}],
   \"node_pools\": [{\"name\", \"mode\", \"os_type\", \"os_sku\" (each TEXT | null), \"node_count\",
     \"max_pods\", \"max_surge\", \"autoscaler\": {\"min_count\", \"max_count\"} | null,
     \"subnet\": \"vnet/subnet\" | null, \"pod_subnet\": \"vnet/subnet\" | null}],
   \"corrections\": [{\"code\", then the fields of a FINDING's \"fix\"}],
   \"corrected\": TEXT | null,
   \"api_server_access\": {\"ip\", \"allowed\": BOOL | null} (only with --check-ip)}
",
    finding_json_help!(),
    "
\"corrected\" is the plan with the safe corrections applied (and the unsafe ones with
--unsafe-fixes), null when none applies."
);

const FIX_OUTPUT_HELP: &str = "\
Output: the fixed manifests on standard output (with --write, nothing: the files are rewritten).
There is no JSON output; `aksnet check --format json` lists each fix with its title and
applicability.";

const EXERCISE_LIST_JSON_HELP: &str = "\
JSON output (--format json):
  {\"exercises\": [{\"id\", \"title\": {\"en\": TEXT, \"ja\": TEXT}, \"goals\": NUMBER}]}";

fn parse_port(text: &str) -> Result<FlowPort, String> {
    FlowPort::parse(text)
        .ok_or_else(|| format!("`{text}` is not a port such as 80/TCP, 53/UDP or 9000/SCTP"))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// `check` also speaks SARIF 2.1.0, which CI systems show on pull requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
    Sarif,
}
