//! The page's state and the actions that change it.

use std::rc::Rc;

use aksnet_core::{Code, FlowPort};
use yew::prelude::*;

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
    /// The matrix cell whose explanation is shown, by endpoint id.
    pub flow: Option<(String, String)>,
    /// The finding code whose rule page is shown.
    pub rule: Option<Code>,
}

impl Default for AppState {
    fn default() -> Self {
        Self {
            tab: Tab::Policies,
            manifests: crate::EXAMPLE_MANIFESTS.to_owned(),
            plan: crate::EXAMPLE_PLAN.to_owned(),
            port: FlowPort::tcp(80),
            flow: None,
            rule: None,
        }
    }
}

pub enum Action {
    ShowTab(Tab),
    EditManifests(String),
    EditPlan(String),
    ChoosePort(FlowPort),
    SelectFlow(String, String),
    ShowRule(Option<Code>),
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
            Action::SelectFlow(from, to) => next.flow = Some((from, to)),
            Action::ShowRule(code) => next.rule = code,
        }
        Rc::new(next)
    }
}

pub type AppContext = UseReducerHandle<AppState>;
