use std::rc::Rc;

use aksnet_core::{Code, Severity};
use yew::prelude::*;

use crate::analysis::{FindingView, FixView};
use crate::state::{Action, ViewContext};

/// Findings drawn before a "show more" button: a dump can have thousands, and drawing them all on
/// every keystroke is what makes a page stutter.
const PAGE: usize = 200;

#[derive(Properties, PartialEq)]
pub struct FindingListProps {
    pub findings: Rc<Vec<FindingView>>,
    /// The `data-testid` of the editor whose text the findings are in.
    pub editor: AttrValue,
    /// Applies a finding's fix to the editor's text; `None` while the findings describe an older
    /// text than the editor's, whose byte offsets no longer match.
    #[prop_or_default]
    pub on_apply: Option<Callback<FixView>>,
}

#[function_component(FindingList)]
pub fn finding_list(props: &FindingListProps) -> Html {
    let view = use_context::<ViewContext>()
        .expect("FindingList is rendered inside the ViewContext provider");
    let t = view.lang.text();
    let hidden = use_state(Vec::<Severity>::new);
    let limit = use_state(|| PAGE);
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
    let visible: Vec<&FindingView> = props
        .findings
        .iter()
        .filter(|f| !hidden.contains(&f.severity))
        .collect();
    let more = visible.len().saturating_sub(*limit);
    let show_more = {
        let limit = limit.clone();
        Callback::from(move |_| limit.set(*limit + PAGE * 5))
    };
    html! {
        <>
            <div class="filters" role="group" aria-label={t.filter_findings}>
                { filter(Severity::Error, t.errors) }
                { filter(Severity::Warning, t.warnings) }
                { filter(Severity::Info, t.infos) }
            </div>
            <ul class="findings" data-testid="findings">
                if visible.is_empty() {
                    <li class="empty">{ t.no_findings }</li>
                }
                { for visible.iter().take(*limit).map(|f| finding_item(f, props, &view)) }
            </ul>
            if more > 0 {
                <button class="more" data-testid="more-findings" onclick={show_more}>
                    { t.show_more.replace("{count}", &more.to_string()) }
                </button>
            }
        </>
    }
}

fn finding_item(f: &FindingView, props: &FindingListProps, view: &ViewContext) -> Html {
    let t = view.lang.text();
    let code = Code::parse(&f.code);
    let show_rule = {
        let dispatch = view.dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::ShowRule(code)))
    };
    let reveal = {
        let (dispatch, editor, line) = (view.dispatch.clone(), props.editor.clone(), f.line);
        Callback::from(move |_| dispatch.dispatch(Action::RevealLine(editor.clone(), line)))
    };
    html! {
        <li class={classes!("finding", f.severity.as_str())}
            data-testid="finding" data-code={f.code.clone()} data-severity={f.severity.as_str()}
            data-line={f.line.to_string()}>
            <span class="severity">{ severity_symbol(f.severity) }{ " " }{ severity_name(f.severity, t) }</span>
            <button class="code" title={t.what_this_means} onclick={show_rule}>{ &f.code }</button>
            <button class="line" title={t.go_to_line} data-testid="finding-line" onclick={reveal}>
                { format!("{} {}:{}", t.line, f.line, f.column) }
            </button>
            <span class="message">{ f.message.get(view.lang.into()) }</span>
            if let Some(fix) = &f.fix {
                <span class="fix">
                    <button data-testid="apply-fix" disabled={props.on_apply.is_none()}
                        onclick={props.on_apply.clone().unwrap_or_default().reform({
                            let fix = fix.clone();
                            move |_| fix.clone()
                        })}>{ t.apply }</button>
                    { format!(" {}", fix.title.get(view.lang.into())) }
                </span>
            }
        </li>
    }
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
