//! The policy engine selector beside the matrix, and the banner over a matrix no engine enforces
//! (issue 16). The engine follows the Network plan tab's cluster until the user chooses one;
//! the choice then holds, with the plan's engine named beside it and one click to follow the
//! plan again (decisions/0200).

use aksnet_core::{CiliumVersion, Engine};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::i18n::{EngineText, Lang};
use crate::state::{Action, EngineChoice, ViewContext};

/// Where AKS documents the engines and `--network-policy none`.
const ENGINES_SOURCE: &str = "https://learn.microsoft.com/azure/aks/use-network-policies";

/// The engine's name in the selector.
pub fn engine_label(engine: Engine, t: &EngineText) -> String {
    match engine {
        Engine::Spec => t.engine_spec.to_owned(),
        Engine::Azure => t.engine_azure.to_owned(),
        Engine::Calico => t.engine_calico.to_owned(),
        Engine::Cilium(version) => format!("{} {}", t.engine_cilium, version.as_str()),
        Engine::None => t.engine_none.to_owned(),
    }
}

#[derive(Properties, PartialEq)]
pub struct EngineSelectorProps {
    pub choice: EngineChoice,
    /// The engine of the plan's cluster; `None` when the plan has no cluster.
    pub plan: Option<Engine>,
}

#[function_component(EngineSelector)]
pub fn engine_selector(props: &EngineSelectorProps) -> Html {
    let view = use_context::<ViewContext>()
        .expect("EngineSelector is rendered inside the ViewContext provider");
    let t = view.lang.engine_text();
    let engine = props.choice.engine(props.plan);
    let version = match engine {
        Engine::Cilium(version) => version,
        _ => match props.plan {
            Some(Engine::Cilium(version)) => version,
            _ => CiliumVersion::default(),
        },
    };
    let choose = {
        let dispatch = view.dispatch.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            let chosen = match Engine::parse(&select.value()) {
                Some(Engine::Cilium(_)) => Engine::Cilium(version),
                Some(other) => other,
                None => return,
            };
            dispatch.dispatch(Action::ChooseEngine(EngineChoice::Chosen(chosen)));
        })
    };
    let choose_version = {
        let dispatch = view.dispatch.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            if let Some(version) = CiliumVersion::parse(&select.value()) {
                dispatch.dispatch(Action::ChooseEngine(EngineChoice::Chosen(Engine::Cilium(
                    version,
                ))));
            }
        })
    };
    let follow_plan = {
        let dispatch = view.dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::ChooseEngine(EngineChoice::Plan)))
    };
    let option = |name: &'static str| {
        let label = match name {
            "spec" => t.engine_spec,
            "azure" => t.engine_azure,
            "calico" => t.engine_calico,
            "cilium" => t.engine_cilium,
            _ => t.engine_none,
        };
        html! { <option value={name} selected={engine.name() == name}>{ label }</option> }
    };
    let plan_note = match (props.choice, props.plan) {
        (EngineChoice::Plan, Some(_)) => html! {
            <span class="engine-from-plan" data-testid="engine-from-plan">{ t.from_plan }</span>
        },
        (EngineChoice::Chosen(_), Some(plan)) => html! {
            <span class="engine-plan-differs" data-testid="engine-plan-differs" data-plan-engine={plan.name()}>
                { t.plan_differs.replace("{engine}", &engine_label(plan, t)) }{ " " }
                <button data-testid="engine-follow-plan" onclick={follow_plan}>{ t.follow_plan }</button>
            </span>
        },
        (_, None) => html! {},
    };
    html! {
        <div class="engine-choice">
            <label>{ t.engine }{ " " }
                <select data-testid="engine" aria-label={t.engine_label} onchange={choose}>
                    { for Engine::NAMES.into_iter().map(option) }
                </select>
            </label>
            if matches!(engine, Engine::Cilium(_)) {
                { " " }
                <label>{ t.cilium_version }{ " " }
                    <select data-testid="cilium-version" onchange={choose_version}>
                        { for CiliumVersion::ALL.into_iter().map(|v| html! {
                            <option value={v.as_str()} selected={v == version}>{ v.as_str() }</option>
                        }) }
                    </select>
                </label>
            }
            { " " }{ plan_note }
        </div>
    }
}

/// Over the matrix when no engine enforces the policies: every flow is allowed.
pub fn engine_banner(engine: Engine, lang: Lang) -> Html {
    if engine.enforces() {
        return html! {};
    }
    let t = lang.engine_text();
    html! {
        <p class="engine-banner" role="status" data-testid="engine-banner">
            { t.banner_none }{ " (" }
            <a href={ENGINES_SOURCE} target="_blank" rel="noopener noreferrer">{ t.source }</a>{ ")" }
        </p>
    }
}
