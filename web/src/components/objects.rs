use std::rc::Rc;

use aksnet_core::ObjectSummary;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ObjectListProps {
    pub objects: Rc<Vec<ObjectSummary>>,
}

#[function_component(ObjectList)]
pub fn object_list(props: &ObjectListProps) -> Html {
    if props.objects.is_empty() {
        return html! { <p class="empty" data-testid="objects">{ "No objects read yet" }</p> };
    }
    html! {
        <table class="objects" data-testid="objects">
            <thead><tr><th>{ "Kind" }</th><th>{ "Namespace" }</th><th>{ "Name" }</th><th>{ "Line" }</th></tr></thead>
            <tbody>
            { for props.objects.iter().map(|o| html! {
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
