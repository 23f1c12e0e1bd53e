//! The codes the YAML layer raises (`yaml-*`): text that cannot be read as YAML, keys given
//! twice, and input past a bound (docs/limits.md). core/src/yaml.rs, the only module that names
//! the YAML parser, finds them; these modules word them.

pub(crate) mod duplicate_key;
pub(crate) mod limit;
pub(crate) mod syntax;
