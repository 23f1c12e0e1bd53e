use std::rc::Rc;

use yew::prelude::*;

use crate::analysis::PolicyReport;
use crate::state::ViewContext;

#[derive(Properties)]
pub struct ObjectListProps {
    /// The report whose objects are listed.
    pub objects: Rc<PolicyReport>,
}

impl PartialEq for ObjectListProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.objects, &other.objects) || self.objects.objects == other.objects.objects
    }
}

#[function_component(ObjectList)]
pub fn object_list(props: &ObjectListProps) -> Html {
    let view = use_context::<ViewContext>()
        .expect("ObjectList is rendered inside the ViewContext provider");
    let t = view.lang.text();
    if props.objects.objects.is_empty() {
        return html! { <p class="empty" data-testid="objects">{ t.no_objects }</p> };
    }
    html! {
        <table class="objects" data-testid="objects">
            <thead><tr><th>{ t.kind }</th><th>{ t.namespace }</th><th>{ t.name }</th><th>{ t.line }</th></tr></thead>
            <tbody>
            { for props.objects.objects.iter().map(|o| html! {
                <tr data-testid="object" data-kind={o.kind.clone()}>
                    <td>{ &o.kind }</td>
                    <td>{ o.namespace.as_deref().unwrap_or("—") }</td>
                    <td>{ &o.name }</td>
                    <td>{ o.line }</td>
                </tr>
            }) }
            </tbody>
        </table>
    }
}
