pub mod editor;
pub mod exercises;
pub mod findings;
pub mod matrix;
pub mod objects;
pub mod plan_view;
pub mod rule_page;
pub mod session;
