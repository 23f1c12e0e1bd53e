//! The examples gallery: the AKS documentation's walkthroughs, each loaded into the editor it is
//! written for. The files live in static/examples/ (also served beside the page).

use crate::i18n::Lang;
use crate::state::Tab;

pub struct Example {
    /// Stable: tests and links name examples by it.
    pub id: &'static str,
    pub tab: Tab,
    title_en: &'static str,
    title_ja: &'static str,
    pub text: &'static str,
}

impl Example {
    pub const fn title(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.title_en,
            Lang::Ja => self.title_ja,
        }
    }
}

/// The manifests the page opens with: the walkthrough's last step.
pub const EXAMPLE_MANIFESTS: &str = include_str!("../../static/examples/backend-policy.yaml");

/// The plan the page opens with: the walkthrough's az script.
pub const EXAMPLE_PLAN: &str = include_str!("../../static/examples/network-policy-walkthrough.sh");

pub const EXAMPLES: &[Example] = &[
    Example {
        id: "deny-backend",
        tab: Tab::Policies,
        title_en: "Network policy walkthrough 1: deny all ingress to the backend",
        title_ja: "ネットワーク ポリシーのチュートリアル 1: バックエンドへの受信をすべて拒否",
        text: include_str!("../../static/examples/deny-backend.yaml"),
    },
    Example {
        id: "allow-frontend",
        tab: Tab::Policies,
        title_en: "Network policy walkthrough 2: allow the frontend",
        title_ja: "ネットワーク ポリシーのチュートリアル 2: フロントエンドを許可",
        text: include_str!("../../static/examples/allow-frontend.yaml"),
    },
    Example {
        id: "development-only",
        tab: Tab::Policies,
        title_en: "Network policy walkthrough 3: the frontend only from the development namespace",
        title_ja: "ネットワーク ポリシーのチュートリアル 3: development 名前空間のフロントエンドだけを許可",
        text: include_str!("../../static/examples/development-only.yaml"),
    },
    Example {
        id: "vnet-and-cluster",
        tab: Tab::Plan,
        title_en: "Create the VNet and the cluster (the walkthrough's az script)",
        title_ja: "仮想ネットワークとクラスターを作成 (チュートリアルの az スクリプト)",
        text: EXAMPLE_PLAN,
    },
    Example {
        id: "authorized-ip-ranges",
        tab: Tab::Plan,
        title_en: "API server authorized IP ranges",
        title_ja: "API サーバーの承認済み IP 範囲",
        text: include_str!("../../static/examples/authorized-ip-ranges.sh"),
    },
];

pub fn find(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}
