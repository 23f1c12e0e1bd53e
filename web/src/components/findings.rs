//! The findings of one text, grouped by code so that the list leads with the point: one row per
//! code with its count ("pod-runs-as-root × 300"), each expandable to its findings. The
//! NetworkPolicy, reading and planner groups come first, pod security is a section of its own
//! (collapsed while there are other findings), then the rest. Within each part, groups go by
//! their most severe finding, then by their first position, the order the core sorts findings
//! in. In an exercise, only the groups its goals concern are shown (and any group holding an
//! error), the others one click away.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use aksnet_core::{Finding, Fix, Lang, Severity};
use yew::prelude::*;

use crate::components::name::{Name, visible};
use crate::state::{Action, ViewContext};

/// Findings of a group drawn before its "show all" button: a dump can have thousands of one
/// code, and drawing them all on every keystroke is what makes a page stutter.
const GROUP_PAGE: usize = 10;
/// Findings a group's button adds at a time.
const GROUP_MORE: usize = 1000;

#[derive(Properties, PartialEq)]
pub struct FindingListProps {
    pub findings: Rc<Vec<Finding>>,
    /// The `data-testid` of the editor whose text the findings are in.
    pub editor: AttrValue,
    /// Applies a finding's fix to the editor's text; `None` while the findings describe an older
    /// text than the editor's, whose byte offsets no longer match.
    #[prop_or_default]
    pub on_apply: Option<Callback<Fix>>,
    /// The codes an exercise's goals concern: other groups are shown on request (those holding
    /// an error always). `None`: every group.
    #[prop_or_default]
    pub focus: Option<Rc<Vec<&'static str>>>,
}

/// The parts of the list, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    /// NetworkPolicy, reading (`manifest-*`, `yaml-*`) and planner findings.
    Lead,
    PodSecurity,
    Rest,
}

/// Which part a code's group goes in. `pod-cidr-*` codes are the planner's.
fn part(code: &str) -> Part {
    if code.starts_with("pod-") && !code.starts_with("pod-cidr-") {
        Part::PodSecurity
    } else if code.starts_with("ingress-") {
        Part::Rest
    } else {
        Part::Lead
    }
}

/// The findings of one code, in the list's order.
struct Group<'a> {
    code: &'a str,
    part: Part,
    /// The most severe of its findings.
    severity: Severity,
    /// The position of its first finding.
    first: (usize, usize),
    items: Vec<&'a Finding>,
}

/// `findings` grouped by code: lead, pod security, rest; within each, by most severe finding,
/// then first position. Linear in the findings, plus a sort of the groups.
fn groups<'a>(findings: &[&'a Finding]) -> Vec<Group<'a>> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut groups: Vec<Group<'_>> = Vec::new();
    for f in findings {
        let at = *index.entry(f.code.as_str()).or_insert_with(|| {
            groups.push(Group {
                code: f.code.as_str(),
                part: part(f.code.as_str()),
                severity: f.severity,
                first: (f.position.line, f.position.column),
                items: Vec::new(),
            });
            groups.len() - 1
        });
        if let Some(group) = groups.get_mut(at) {
            group.severity = group.severity.min(f.severity);
            group.first = group.first.min((f.position.line, f.position.column));
            group.items.push(f);
        }
    }
    groups.sort_by_key(|g| (g.part, g.severity, g.first));
    groups
}

#[function_component(FindingList)]
pub fn finding_list(props: &FindingListProps) -> Html {
    let view = use_context::<ViewContext>()
        .expect("FindingList is rendered inside the ViewContext provider");
    let t = view.lang.text();
    let ft = view.lang.findings_text();
    let hidden = use_state(Vec::<Severity>::new);
    // Groups the user folded, pod security's section when the user chose, the number drawn of
    // groups the user asked to see more of, and whether findings outside an exercise's goals are
    // shown: all by code, so that they last while the text is edited.
    let folded = use_state(HashSet::<String>::new);
    let pod_open = use_state(|| None::<bool>);
    let limits = use_state(HashMap::<String, usize>::new);
    let show_other = use_state(|| false);
    let count = |severity: Severity| {
        props
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    };
    let filter = |severity: Severity, label: &'static str| {
        let shown = !hidden.contains(&severity);
        let onclick = {
            let hidden = hidden.clone();
            Callback::from(move |_| {
                let mut next = (*hidden).clone();
                if shown {
                    next.push(severity);
                } else {
                    next.retain(|s| *s != severity);
                }
                hidden.set(next);
            })
        };
        html! {
            <button class={classes!("filter", severity.as_str())} aria-pressed={shown.to_string()}
                data-testid="severity-filter" data-severity={severity.as_str()} {onclick}>
                { format!("{label} ({})", count(severity)) }
            </button>
        }
    };
    let visible_findings: Vec<&Finding> = props
        .findings
        .iter()
        .filter(|f| !hidden.contains(&f.severity))
        .collect();
    let all = groups(&visible_findings);
    // An exercise leaves aside the groups its goals do not concern, unless they hold an error.
    let concerned = |g: &Group<'_>| {
        props
            .focus
            .as_ref()
            .is_none_or(|codes| codes.contains(&g.code) || g.severity == Severity::Error)
    };
    let other: usize = all
        .iter()
        .filter(|g| !concerned(g))
        .map(|g| g.items.len())
        .sum();
    let shown: Vec<&Group<'_>> = all.iter().filter(|g| *show_other || concerned(g)).collect();
    let has_lead = shown.iter().any(|g| g.part != Part::PodSecurity);
    let pod_count: usize = shown
        .iter()
        .filter(|g| g.part == Part::PodSecurity)
        .map(|g| g.items.len())
        .sum();
    let pods_open = pod_open.unwrap_or(!has_lead);
    // A folded section keeps its groups' rows, hidden, so that what it holds stays countable.
    let group = |g: &Group<'_>, in_view: bool| {
        let open = in_view && !folded.contains(g.code);
        let toggle = {
            let (folded, code) = (folded.clone(), g.code.to_owned());
            Callback::from(move |_| {
                let mut next = (*folded).clone();
                if !next.remove(&code) {
                    next.insert(code.clone());
                }
                folded.set(next);
            })
        };
        let limit = limits.get(g.code).copied().unwrap_or(GROUP_PAGE);
        let more = g.items.len().saturating_sub(limit);
        let show_more = {
            let (limits, code) = (limits.clone(), g.code.to_owned());
            Callback::from(move |_| {
                let mut next = (*limits).clone();
                next.insert(code.clone(), limit + GROUP_MORE);
                limits.set(next);
            })
        };
        let more_label = if more <= GROUP_MORE {
            ft.show_all.replace("{count}", &g.items.len().to_string())
        } else {
            ft.show_next
                .replace("{count}", &GROUP_MORE.to_string())
                .replace("{total}", &g.items.len().to_string())
        };
        html! {
            <li class={classes!("finding-group", g.severity.as_str())} data-testid="finding-group"
                data-code={g.code.to_owned()} data-count={g.items.len().to_string()}
                data-severity={g.severity.as_str()}>
                <button class="group-toggle" aria-expanded={open.to_string()} title={ft.group_toggle}
                    data-testid="finding-group-toggle" onclick={toggle}>
                    <span class="severity">{ severity_symbol(g.severity) }</span>{ " " }
                    <span class="group-code">{ g.code }</span>
                    { format!(" × {}", g.items.len()) }
                </button>
                if open {
                    <ul class="group-findings">
                        { for g.items.iter().take(limit).map(|f| finding_item(f, props, &view)) }
                    </ul>
                    if more > 0 {
                        <button class="more" data-testid="more-findings" data-code={g.code.to_owned()}
                            onclick={show_more}>{ more_label }</button>
                    }
                }
            </li>
        }
    };
    let toggle_pods = {
        let pod_open = pod_open.clone();
        Callback::from(move |_| pod_open.set(Some(!pods_open)))
    };
    let toggle_other = {
        let show_other = show_other.clone();
        Callback::from(move |_| show_other.set(!*show_other))
    };
    html! {
        <>
            <div class="filters" role="group" aria-label={t.filter_findings}>
                { filter(Severity::Error, t.errors) }
                { filter(Severity::Warning, t.warnings) }
                { filter(Severity::Info, t.infos) }
            </div>
            <ul class="findings" data-testid="findings">
                if shown.is_empty() {
                    <li class="empty">{ t.no_findings }</li>
                }
                { for shown.iter().filter(|g| g.part == Part::Lead).map(|g| group(g, true)) }
                if pod_count > 0 {
                    <li class="finding-section" data-testid="finding-section" data-section="pod-security">
                        <button class="section-toggle" aria-expanded={pods_open.to_string()}
                            data-testid="finding-section-toggle" onclick={toggle_pods}>
                            { ft.pod_security.replace("{count}", &pod_count.to_string()) }
                        </button>
                        <ul class="finding-groups" hidden={!pods_open}>
                            { for shown.iter().filter(|g| g.part == Part::PodSecurity).map(|g| group(g, pods_open)) }
                        </ul>
                    </li>
                }
                { for shown.iter().filter(|g| g.part == Part::Rest).map(|g| group(g, true)) }
            </ul>
            if other > 0 {
                <button class="more" data-testid="other-findings" aria-pressed={show_other.to_string()}
                    onclick={toggle_other}>
                    { if *show_other { ft.hide_other.to_owned() } else { ft.show_other.replace("{count}", &other.to_string()) } }
                </button>
            }
        </>
    }
}

fn finding_item(f: &Finding, props: &FindingListProps, view: &ViewContext) -> Html {
    let t = view.lang.text();
    let code = Some(f.code);
    let lang = Lang::from(view.lang);
    let show_rule = {
        let dispatch = view.dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::ShowRule(code)))
    };
    let reveal = {
        let (dispatch, editor, line) =
            (view.dispatch.clone(), props.editor.clone(), f.position.line);
        Callback::from(move |_| dispatch.dispatch(Action::RevealLine(editor.clone(), line)))
    };
    html! {
        <li class={classes!("finding", f.severity.as_str())}
            data-testid="finding" data-code={f.code.as_str()} data-severity={f.severity.as_str()}
            data-line={f.position.line.to_string()}>
            <span class="severity">{ severity_symbol(f.severity) }{ " " }{ severity_name(f.severity, t) }</span>
            <button class="code" title={t.what_this_means} onclick={show_rule}>{ f.code.as_str() }</button>
            <button class="line" title={t.go_to_line} data-testid="finding-line" onclick={reveal}>
                { format!("{} {}:{}", t.line, f.position.line, f.position.column) }
            </button>
            <span class="message">
                { message(f.message_in(lang)) }
                if let Some(object) = &f.object {
                    { " (" }<Name text={AttrValue::from(object.clone())} />{ ")" }
                }
            </span>
            if let Some(fix) = &f.fix {
                <span class="fix">
                    <button data-testid="apply-fix" disabled={props.on_apply.is_none()}
                        onclick={props.on_apply.clone().unwrap_or_default().reform({
                            let fix = fix.clone();
                            move |_| fix.clone()
                        })}>{ t.apply }</button>
                    { format!(" {}", fix.title_in(lang)) }
                </span>
            }
        </li>
    }
}

/// A finding's message with the names it quotes (between backticks) drawn as names: isolated,
/// their hidden characters written out, long ones shortened. The text between them comes from
/// the core but may hold names too, so its hidden characters are written out as well.
fn message(text: &str) -> Html {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                html! { <>{ "`" }<Name text={AttrValue::from(part.to_owned())} />{ "`" }</> }
            } else {
                Html::from(visible(part))
            }
        })
        .collect()
}

/// The severity's name in the page's language.
const fn severity_name(severity: Severity, t: &crate::i18n::Text) -> &'static str {
    match severity {
        Severity::Error => t.error,
        Severity::Warning => t.warning,
        Severity::Info => t.info,
    }
}

/// Severity by shape as well as colour.
pub const fn severity_symbol(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "✖",
        Severity::Warning => "⚠",
        Severity::Info => "ℹ",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aksnet_core::{Code, Position, Span, Text};

    fn finding(code: &str, severity: Severity, line: usize) -> Finding {
        let code = Code::parse(code).unwrap();
        let mut finding = Finding::new(code, 0, Span::empty(0), Text::same("m"));
        finding.severity = severity;
        finding.position = Position { line, column: 1 };
        finding
    }

    #[test]
    fn groups_lead_with_the_network_then_severity_then_position() {
        let findings = [
            finding("pod-runs-as-root", Severity::Warning, 1),
            finding("pod-privileged", Severity::Error, 2),
            finding("np-no-default-deny", Severity::Info, 3),
            finding("ingress-backend-missing", Severity::Warning, 4),
            finding("np-split-peer", Severity::Warning, 9),
            finding("pod-runs-as-root", Severity::Warning, 10),
            finding("yaml-syntax", Severity::Error, 12),
            finding("pod-cidr-too-small", Severity::Error, 13),
        ];
        let refs: Vec<&Finding> = findings.iter().collect();
        let order: Vec<(&str, usize)> = groups(&refs)
            .iter()
            .map(|g| (g.code, g.items.len()))
            .collect();
        assert_eq!(
            order,
            [
                ("yaml-syntax", 1),
                ("pod-cidr-too-small", 1),
                ("np-split-peer", 1),
                ("np-no-default-deny", 1),
                ("pod-privileged", 1),
                ("pod-runs-as-root", 2),
                ("ingress-backend-missing", 1),
            ]
        );
    }
}
