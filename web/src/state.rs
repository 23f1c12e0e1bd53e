//! The page's state and the actions that change it.

use std::rc::Rc;

use aksnet_core::{Code, FlowPort};
use yew::prelude::*;

use crate::i18n::Lang;
use crate::share::Saved;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Policies,
    Plan,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    pub tab: Tab,
    pub manifests: String,
    pub plan: String,
    /// The port the matrix shows.
    pub port: FlowPort,
    /// The namespace a large matrix is narrowed to.
    pub matrix_namespace: Option<String>,
    /// The matrix cell whose explanation is shown, by endpoint id.
    pub flow: Option<(String, String)>,
    /// The finding code whose rule page is shown.
    pub rule: Option<Code>,
    /// Framed in documentation (`?embed=1`): minimal chrome.
    pub embed: bool,
    /// `?readonly=1`: the editors cannot be changed.
    pub readonly: bool,
    pub lang: Lang,
}

impl Default for AppState {
    fn default() -> Self {
        Self {
            tab: Tab::Policies,
            manifests: crate::EXAMPLE_MANIFESTS.to_owned(),
            plan: crate::EXAMPLE_PLAN.to_owned(),
            port: FlowPort::tcp(80),
            matrix_namespace: None,
            flow: None,
            rule: None,
            embed: false,
            readonly: false,
            lang: Lang::En,
        }
    }
}

impl AppState {
    /// The state a share link or a saved session restores; the examples otherwise.
    pub fn restored(saved: Option<Saved>) -> Self {
        let mut state = Self::default();
        if let Some(saved) = saved {
            state.manifests = saved.manifests;
            state.plan = saved.plan;
            if saved.tab == "plan" {
                state.tab = Tab::Plan;
            }
        }
        state
    }

    pub fn saved(&self) -> Saved {
        Saved {
            manifests: self.manifests.clone(),
            plan: self.plan.clone(),
            tab: if self.tab == Tab::Plan {
                "plan".to_owned()
            } else {
                String::new()
            },
        }
    }
}

pub enum Action {
    ShowTab(Tab),
    EditManifests(String),
    EditPlan(String),
    ChoosePort(FlowPort),
    ChooseNamespace(String),
    SelectFlow(String, String),
    ShowRule(Option<Code>),
    /// Back to the examples.
    Reset,
    SetLang(Lang),
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::ShowTab(tab) => next.tab = tab,
            Action::EditManifests(text) => next.manifests = text,
            Action::EditPlan(text) => next.plan = text,
            Action::ChoosePort(port) => next.port = port,
            Action::ChooseNamespace(namespace) => next.matrix_namespace = Some(namespace),
            Action::SelectFlow(from, to) => next.flow = Some((from, to)),
            Action::ShowRule(code) => next.rule = code,
            Action::Reset => {
                next = AppState {
                    embed: self.embed,
                    readonly: self.readonly,
                    lang: self.lang,
                    ..AppState::default()
                };
            }
            Action::SetLang(lang) => next.lang = lang,
        }
        Rc::new(next)
    }
}

pub type AppContext = UseReducerHandle<AppState>;
