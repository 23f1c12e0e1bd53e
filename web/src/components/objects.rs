use std::rc::Rc;

use yew::prelude::*;

use crate::analysis::PolicyReport;
use crate::components::name::Name;
use crate::state::ViewContext;

/// Objects drawn before a "show more" button: 32 KB of aliases make 40,000 objects, and drawing
/// them all froze the page for seconds.
const PAGE: usize = 200;

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
    let limit = use_state(|| PAGE);
    if props.objects.objects.is_empty() {
        return html! { <p class="empty" data-testid="objects">{ t.no_objects }</p> };
    }
    let more = props.objects.objects.len().saturating_sub(*limit);
    let show_more = {
        let limit = limit.clone();
        Callback::from(move |_| limit.set(*limit + PAGE * 5))
    };
    html! {
        <>
        <table class="objects" data-testid="objects">
            <thead><tr><th>{ t.kind }</th><th>{ t.namespace }</th><th>{ t.name }</th><th>{ t.line }</th></tr></thead>
            <tbody>
            { for props.objects.objects.iter().take(*limit).map(|o| html! {
                <>
                <tr data-testid="object" data-kind={o.kind.clone()} data-unread={o.unread.then_some("true")}
                    class={classes!(o.unread.then_some("unread"))}>
                    <td>{ &o.kind }
                        if o.unread {
                            { " " }<span class="unread-mark" data-testid="object-unread">{ t.unread }</span>
                        }
                    </td>
                    <td>{ match &o.namespace {
                        Some(namespace) => html! { <Name text={namespace.clone()} /> },
                        None => html! { "—" },
                    } }</td>
                    <td><Name text={o.name.clone()} /></td>
                    <td>{ o.line }</td>
                </tr>
                // A policy's summary in plain words, under its row.
                if let Some(summary) = &o.summary {
                    <tr class="policy-summary-row">
                        <td colspan="4" data-testid="policy-summary" aria-label={t.policy_summary}>
                            { summary.get(view.lang.into()) }
                        </td>
                    </tr>
                }
                </>
            }) }
            </tbody>
        </table>
        if more > 0 {
            <button class="more" data-testid="more-objects" onclick={show_more}>
                { t.show_more.replace("{count}", &more.to_string()) }
            </button>
        }
        </>
    }
}
