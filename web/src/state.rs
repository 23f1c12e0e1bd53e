//! The page's state and the actions that change it.

use std::rc::Rc;

use yew::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    pub manifests: String,
}

impl Default for AppState {
    fn default() -> Self {
        Self {
            manifests: crate::EXAMPLE_MANIFESTS.to_owned(),
        }
    }
}

pub enum Action {
    EditManifests(String),
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::EditManifests(text) => Rc::new(AppState { manifests: text }),
        }
    }
}

pub type AppContext = UseReducerHandle<AppState>;
