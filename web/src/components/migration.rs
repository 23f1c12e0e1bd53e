//! The "Azure NPM → Cilium" view of the Policies tab (issue 16): the flows whose verdict the move
//! changes, the `migrate-*` findings with their fixes (in the page's one findings list), and the
//! reimage window. Everything drawn comes from the core's migration check
//! ([`aksnet_core::migration::check`]), run by the analyst when the view is open.

use std::rc::Rc;

use aksnet_core::{CiliumVersion, Fix};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::analysis::MigrationView;
use crate::components::findings::FindingList;
use crate::components::name::Name;
use crate::state::{Action, ViewContext};

/// Microsoft's migration guide; its warning on the reimage window is under this heading.
const GUIDE: &str =
    "https://learn.microsoft.com/azure/aks/migrate-from-npm-to-cilium-network-policy";
const REIMAGE: &str = "https://learn.microsoft.com/azure/aks/migrate-from-npm-to-cilium-network-policy#upgrade-to-azure-cni-powered-by-cilium";

#[derive(Properties, PartialEq)]
pub struct MigrationProps {
    /// The Cilium release the view migrates to, while it is open.
    pub open: Option<CiliumVersion>,
    /// The analyst's answer, when it has one for the text shown.
    pub view: Option<MigrationView>,
    /// Applies a fix to the manifest editor's text (`None` while the report is stale).
    pub on_apply: Option<Callback<Fix>>,
}

#[function_component(Migration)]
pub fn migration(props: &MigrationProps) -> Html {
    let view = use_context::<ViewContext>()
        .expect("Migration is rendered inside the ViewContext provider");
    let t = view.lang.text();
    let e = view.lang.engine_text();
    let findings = use_memo(
        props.view.as_ref().map(|v| v.findings.clone()),
        |findings| Rc::new(findings.clone().unwrap_or_default()),
    );
    let toggle = {
        let (dispatch, open) = (view.dispatch.clone(), props.open);
        Callback::from(move |_| {
            let next = match open {
                Some(_) => None,
                None => Some(CiliumVersion::default()),
            };
            dispatch.dispatch(Action::ShowMigration(next));
        })
    };
    let choose_release = {
        let dispatch = view.dispatch.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            if let Some(version) = CiliumVersion::parse(&select.value()) {
                dispatch.dispatch(Action::ShowMigration(Some(version)));
            }
        })
    };
    let body = props.open.map(|release| {
        let answer = props
            .view
            .as_ref()
            .filter(|v| v.to == release.as_str());
        html! {
            <>
                <label class="port-choice">{ e.migration_release }{ " " }
                    <select data-testid="migration-release" onchange={choose_release}>
                        { for CiliumVersion::ALL.into_iter().map(|v| html! {
                            <option value={v.as_str()} selected={v == release}>{ v.as_str() }</option>
                        }) }
                    </select>
                </label>
                <p class="reimage-note" role="note" data-testid="migration-reimage">
                    { e.reimage_note }{ " (" }
                    <a href={REIMAGE} target="_blank" rel="noopener noreferrer">{ e.migration_guide }</a>{ ")" }
                </p>
                if let Some(answer) = answer {
                    { flows(answer, view.lang) }
                    <h3>{ e.migration_findings }</h3>
                    <div data-testid="migration-findings">
                        <FindingList findings={(*findings).clone()} editor="manifest-editor" on_apply={props.on_apply.clone()} />
                    </div>
                } else {
                    <p class="hint">{ t.analysing }</p>
                }
            </>
        }
    });
    html! {
        <section class="migration" data-testid="migration" aria-label={e.migration_title}>
            <h2>{ e.migration_title }</h2>
            <p class="hint">{ e.migration_intro }{ " (" }
                <a href={GUIDE} target="_blank" rel="noopener noreferrer">{ e.migration_guide }</a>{ ")" }
            </p>
            <button data-testid="migration-toggle" aria-expanded={props.open.is_some().to_string()} onclick={toggle}>
                { if props.open.is_some() { e.migration_hide } else { e.migration_show } }
            </button>
            { " " }{ body.unwrap_or_default() }
        </section>
    }
}

/// The flows whose verdict changes, one row each: ✓ → ✗ or ✗ → ✓, and the codes that say why.
fn flows(answer: &MigrationView, lang: crate::i18n::Lang) -> Html {
    let (t, e) = (lang.text(), lang.engine_text());
    let count = answer.flows.len() + answer.more;
    let symbol = |allowed: bool| if allowed { "✓" } else { "✗" };
    let words = |allowed: bool| if allowed { t.allowed } else { t.blocked };
    html! {
        <>
            <h3>{ e.migration_flows.replace("{count}", &count.to_string()) }</h3>
            if answer.flows.is_empty() {
                <p data-testid="migration-no-flows">{ e.migration_no_flows }</p>
            } else {
                <table class="migration-flows">
                    <caption>{ e.migration_flows_caption }</caption>
                    <thead><tr>
                        <th scope="col">{ e.migration_from }</th><th scope="col">{ e.migration_to }</th>
                        <th scope="col">{ t.port }</th><th scope="col">{ e.migration_change }</th>
                        <th scope="col">{ e.migration_why }</th>
                    </tr></thead>
                    <tbody>
                    { for answer.flows.iter().map(|flow| html! {
                        <tr data-testid="migration-flow" data-from={flow.from.clone()} data-to={flow.to.clone()}
                            data-port={flow.port.to_string()} data-before={flow.before.to_string()} data-after={flow.after.to_string()}>
                            <td><Name text={AttrValue::from(flow.from.clone())} /></td>
                            <td><Name text={AttrValue::from(flow.to.clone())} /></td>
                            <td>{ flow.port.to_string() }</td>
                            <td class={classes!("change", if flow.after { "allowed" } else { "blocked" })}
                                aria-label={format!("{} → {}", words(flow.before), words(flow.after))}>
                                { format!("{} → {}", symbol(flow.before), symbol(flow.after)) }
                            </td>
                            <td>{ flow.codes.join(", ") }</td>
                        </tr>
                    }) }
                    </tbody>
                </table>
                if answer.more > 0 {
                    <p class="hint">{ e.migration_more.replace("{count}", &answer.more.to_string()) }</p>
                }
            }
        </>
    }
}
