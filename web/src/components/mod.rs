pub mod findings;
pub mod manifest_editor;
pub mod objects;
