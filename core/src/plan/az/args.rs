//! Argument access: an `az` command's path and options, and the values of its options as the
//! reader takes them (known, unresolved, placeholders, numbers, CIDR lists, subnet IDs).

use crate::plan::model::{Cidr, Spanned, SubnetRef};
use crate::plan::shell::{self, Command, Word};
use crate::span::Span;

use crate::rules::az::{syntax, unresolved_variable};
use crate::rules::manifest::invalid_field;

use super::Reader;

/// Words before a command that do not change what it does.
const PREFIXES: &[&str] = &[
    "if", "then", "else", "elif", "do", "while", "until", "!", "time", "sudo", "{", "exec",
];

/// An `az` command: its subcommand path and its options.
pub(super) struct AzCommand<'c> {
    pub(super) path: Vec<&'c str>,
    pub(super) args: Args<'c>,
    /// `az` through the last word of the path, such as `az aks create`.
    pub(super) head: Span,
    /// The whole command, first word to last.
    pub(super) whole: Span,
}

impl<'c> AzCommand<'c> {
    pub(super) fn new(command: &'c Command) -> Option<Self> {
        let start = command
            .words
            .iter()
            .position(|w| !PREFIXES.contains(&w.value.as_str()))?;
        let words = command.words.get(start..)?;
        let (az, rest) = words.split_first()?;
        if az.value != "az" {
            return None;
        }
        let path_len = rest.iter().take_while(|w| !w.is_flag()).count();
        let path = rest
            .iter()
            .take(path_len)
            .map(|w| w.value.as_str())
            .collect();
        let head = rest
            .get(..path_len)
            .and_then(<[Word]>::last)
            .map_or(az.at, |last| az.at.cover(last.at));
        let whole = words.last().map_or(az.at, |last| az.at.cover(last.at));
        Some(AzCommand {
            path,
            args: Args::new(rest.get(path_len..).unwrap_or_default()),
            head,
            whole,
        })
    }
}

/// Options and the words after each, up to the next option.
pub(super) struct Args<'c> {
    options: Vec<(&'c Word, Vec<&'c Word>)>,
}

impl<'c> Args<'c> {
    pub(super) fn new(words: &'c [Word]) -> Self {
        let mut options: Vec<(&Word, Vec<&Word>)> = Vec::new();
        for word in words {
            if word.is_flag() {
                options.push((word, Vec::new()));
            } else if let Some((_, values)) = options.last_mut() {
                values.push(word);
            }
        }
        Args { options }
    }

    /// The last occurrence of any of `names` (the az CLI keeps the last), with its values.
    pub(super) fn get(&self, names: &[&str]) -> Option<(&'c Word, &[&'c Word])> {
        self.options
            .iter()
            .rev()
            .find(|(flag, _)| names.contains(&flag.value.as_str()))
            .map(|(flag, values)| (*flag, values.as_slice()))
    }

    /// The value of a name-like option as written, resolved or not.
    pub(super) fn text(&self, names: &[&str]) -> Option<&'c Word> {
        self.get(names)
            .and_then(|(_, values)| values.first().copied())
    }
}

/// An option's value.
pub(super) enum Given<T> {
    Absent,
    /// Given, but without a value or with one not known here (already reported).
    Unknown,
    Value(T),
}

impl Reader {
    /// Whether `word`, the value of `flag`, is known; reports why not.
    pub(super) fn known(&mut self, flag: &Word, word: &Word) -> bool {
        if !word.unresolved.is_empty() {
            for variable in &word.unresolved {
                let violation = if shell::is_placeholder(&variable.value) {
                    unresolved_variable::placeholder(&variable.value, &flag.value)
                } else {
                    unresolved_variable::unset(&variable.value, &flag.value)
                };
                self.raise(variable.span, violation);
            }
            return false;
        }
        if word.opaque {
            self.raise(word.at, unresolved_variable::command_output(&flag.value));
            return false;
        }
        true
    }

    /// The value of an option that takes one.
    pub(super) fn value<'c>(&mut self, args: &Args<'c>, names: &[&str]) -> Given<&'c Word> {
        let Some((flag, values)) = args.get(names) else {
            return Given::Absent;
        };
        let Some(&word) = values.first() else {
            self.missing_value(flag);
            return Given::Unknown;
        };
        if self.known(flag, word) {
            Given::Value(word)
        } else {
            Given::Unknown
        }
    }

    /// The known values of an option that takes several; `None` when it is absent.
    pub(super) fn values<'c>(&mut self, args: &Args<'c>, names: &[&str]) -> Option<Vec<&'c Word>> {
        let (flag, values) = args.get(names)?;
        if values.is_empty() {
            self.missing_value(flag);
        }
        Some(
            values
                .iter()
                .copied()
                .filter(|word| self.known(flag, word))
                .collect(),
        )
    }

    /// A name: taken as written, `$NAME` included, when it cannot be resolved.
    pub(super) fn name(&mut self, args: &Args<'_>, names: &[&str]) -> Option<Spanned<String>> {
        let (flag, values) = args.get(names)?;
        let Some(word) = values.first() else {
            self.missing_value(flag);
            return None;
        };
        Some(Spanned::new(word.value.clone(), word.span))
    }

    pub(super) fn missing_value(&mut self, flag: &Word) {
        self.raise(flag.at, syntax::missing_value(&flag.value));
    }

    /// The CIDR ranges of an option, comma or space separated; `None` when it is absent.
    pub(super) fn cidrs(&mut self, args: &Args<'_>, names: &[&str]) -> Option<Vec<Cidr>> {
        let words = self.values(args, names)?;
        Some(
            words
                .iter()
                .flat_map(|word| items(word))
                .map(|(text, span)| Cidr::parse(&text, span))
                .collect(),
        )
    }

    /// An integer option into `target`: a value that is not a number is a finding.
    pub(super) fn number(
        &mut self,
        args: &Args<'_>,
        names: &[&str],
        target: &mut Option<Spanned<i64>>,
    ) {
        match self.value(args, names) {
            Given::Absent => {}
            Given::Unknown => *target = None,
            Given::Value(word) => {
                let text = word.value.trim();
                if let Ok(number) = text.parse::<i64>() {
                    *target = Some(Spanned::new(number, word.span));
                } else {
                    let flag = names.first().copied().unwrap_or_default();
                    self.raise(
                        word.span,
                        invalid_field::az_whole_number(&flag, &word.value),
                    );
                }
            }
        }
    }

    /// A subnet given by resource ID, by a variable holding one, or by the output of
    /// `az network vnet subnet show|create` (or `az network vnet create --subnet-name`).
    pub(super) fn subnet_ref(&mut self, args: &Args<'_>, names: &[&str]) -> Given<SubnetRef> {
        let Some((flag, values)) = args.get(names) else {
            return Given::Absent;
        };
        let Some(word) = values.first() else {
            self.missing_value(flag);
            return Given::Unknown;
        };
        let found = if let Some(commands) = &word.output_of {
            let found = commands.iter().rev().find_map(subnet_from_command);
            if found.is_none() {
                self.raise(word.at, unresolved_variable::subnet_output(&flag.value));
            }
            found
        } else if !word.opaque
            && let Some(found) = subnet_from_id(&word.value)
        {
            // The VNet and subnet names are read as written, like other names; the unknown
            // parts (subscription, group) do not matter to the plan.
            Some(found)
        } else if self.known(flag, word) {
            let found = subnet_from_id(&word.value);
            if found.is_none() {
                self.raise(word.span, invalid_field::az_subnet_id(&flag.value));
            }
            found
        } else {
            None
        };
        match found {
            Some((vnet, subnet)) => Given::Value(SubnetRef {
                vnet,
                subnet,
                span: word.span,
            }),
            None => Given::Unknown,
        }
    }
}

/// The comma separated items of a value, trimmed, with their spans.
pub(super) fn items(word: &Word) -> Vec<(String, Span)> {
    let mut found = Vec::new();
    let mut offset = 0;
    for part in word.value.split(',') {
        let item = part.trim();
        if !item.is_empty() {
            let start = offset + (part.len() - part.trim_start().len());
            found.push((item.to_owned(), word.part_span(start, start + item.len())));
        }
        offset += part.len() + 1;
    }
    found
}

/// The last path segment of a name or resource ID.
pub(super) fn last_segment_text(text: &str) -> &str {
    let trimmed = text.trim_end_matches('/');
    trimmed.rsplit('/').next().unwrap_or(trimmed)
}

/// The last path segment of a name or resource ID, with its span.
pub(super) fn last_segment(word: &Word) -> Spanned<String> {
    let trimmed = word.value.trim_end_matches('/');
    let start = trimmed.rfind('/').map_or(0, |i| i + 1);
    let name = trimmed.get(start..).unwrap_or(trimmed);
    Spanned::new(name.to_owned(), word.part_span(start, trimmed.len()))
}

/// `.../virtualNetworks/<vnet>/subnets/<subnet>` → (vnet, subnet).
pub(super) fn subnet_from_id(id: &str) -> Option<(String, String)> {
    let segments: Vec<&str> = id.trim().split('/').filter(|s| !s.is_empty()).collect();
    let at = segments
        .iter()
        .position(|s| s.eq_ignore_ascii_case("virtualNetworks"))?;
    let vnet = segments.get(at + 1)?;
    if !segments.get(at + 2)?.eq_ignore_ascii_case("subnets") {
        return None;
    }
    let subnet = segments.get(at + 3)?;
    Some(((*vnet).to_owned(), (*subnet).to_owned()))
}

/// The subnet whose ID a command prints.
pub(super) fn subnet_from_command(command: &Command) -> Option<(String, String)> {
    let az = AzCommand::new(command)?;
    let text = |names: &[&str]| az.args.text(names).map(|w| w.value.clone());
    match az.path.as_slice() {
        ["network", "vnet", "subnet", "show" | "create" | "update"] => {
            if let Some(id) = az.args.text(&["--ids"]) {
                return subnet_from_id(&id.value);
            }
            Some((text(&["--vnet-name"])?, text(&["--name", "-n"])?))
        }
        ["network", "vnet", "create"] => {
            Some((text(&["--name", "-n"])?, text(&["--subnet-name"])?))
        }
        _ => None,
    }
}
