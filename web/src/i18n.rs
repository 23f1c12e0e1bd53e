//! The page's own words in English and Japanese. Finding messages, fix titles, explanations and
//! rule pages come from the core, in both languages too.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    Ja,
}

impl Lang {
    /// The browser's preferred language, when it is one the page speaks.
    pub fn from_tag(tag: &str) -> Lang {
        if tag.to_ascii_lowercase().starts_with("ja") {
            Lang::Ja
        } else {
            Lang::En
        }
    }

    pub const fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    pub const fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Ja,
            Lang::Ja => Lang::En,
        }
    }

    pub const fn text(self) -> &'static Text {
        match self {
            Lang::En => &EN,
            Lang::Ja => &JA,
        }
    }
}

impl From<Lang> for aksnet_core::Lang {
    fn from(lang: Lang) -> Self {
        match lang {
            Lang::En => aksnet_core::Lang::En,
            Lang::Ja => aksnet_core::Lang::Ja,
        }
    }
}

/// Every string the page shows. `{port}` is replaced where it appears.
pub struct Text {
    pub tagline: &'static str,
    pub workspaces: &'static str,
    pub tab_policies: &'static str,
    pub tab_plan: &'static str,
    pub tab_exercises: &'static str,
    pub exercise_done: &'static str,
    pub exercise_open: &'static str,
    /// `{done}` of `{total}` exercises.
    pub exercises_progress: &'static str,
    pub goals: &'static str,
    pub goal_met: &'static str,
    pub goal_unmet: &'static str,
    pub all_goals_met: &'static str,
    /// `{met}` of `{total}` goals.
    pub goals_met: &'static str,
    pub hints: &'static str,
    pub show_hint: &'static str,
    pub show_solution: &'static str,
    pub solution_confirm: &'static str,
    pub cancel: &'static str,
    pub restart_exercise: &'static str,
    pub exercise_direct_link: &'static str,
    /// The toggle's label: the name of the other language, in that language.
    pub switch_to: &'static str,
    pub manifests: &'static str,
    pub manifests_label: &'static str,
    pub plan: &'static str,
    pub plan_label: &'static str,
    pub reachability: &'static str,
    pub findings: &'static str,
    pub no_findings: &'static str,
    pub results: &'static str,
    pub analysing: &'static str,
    pub crash_title: &'static str,
    pub crash_body: &'static str,
    pub crash_detail: &'static str,
    pub reload: &'static str,
    pub restored_after_crash: &'static str,
    pub dismiss: &'static str,
    /// `{ms}` is the analysis time.
    pub analysed_in: &'static str,
    pub analysis_crashed: &'static str,
    pub filter_findings: &'static str,
    pub errors: &'static str,
    pub warnings: &'static str,
    pub infos: &'static str,
    /// `{count}` is the number of findings not drawn yet.
    pub show_more: &'static str,
    pub go_to_line: &'static str,
    pub corrected: &'static str,
    pub objects: &'static str,
    pub no_objects: &'static str,
    pub kind: &'static str,
    pub namespace: &'static str,
    pub name: &'static str,
    pub line: &'static str,
    pub apply: &'static str,
    pub what_this_means: &'static str,
    pub port: &'static str,
    pub port_label: &'static str,
    /// After the namespace choice of a large matrix; `{count}` is the number of endpoints.
    pub matrix_narrowed: &'static str,
    pub matrix_caption: &'static str,
    pub no_endpoints: &'static str,
    pub allowed: &'static str,
    pub blocked: &'static str,
    pub same_endpoint: &'static str,
    /// Marks a verdict the last edit changed.
    pub changed: &'static str,
    pub click_a_cell: &'static str,
    pub sizing: &'static str,
    pub sizing_caption: &'static str,
    pub what: &'static str,
    pub range: &'static str,
    pub formula: &'static str,
    pub usable: &'static str,
    pub headroom: &'static str,
    pub smallest_fit: &'static str,
    pub free_in_vnet: &'static str,
    pub share: &'static str,
    pub share_label: &'static str,
    pub embed: &'static str,
    pub embed_label: &'static str,
    pub reset: &'static str,
    pub close: &'static str,
    pub no_page: &'static str,
}

pub const EN: Text = Text {
    tagline: "Kubernetes network policy and AKS address planning, in your browser",
    workspaces: "Workspaces",
    tab_policies: "Policies",
    tab_plan: "Network plan",
    tab_exercises: "Exercises",
    exercise_done: "done",
    exercise_open: "not done yet",
    exercises_progress: "{done} of {total} exercises done",
    goals: "Goals",
    goal_met: "met:",
    goal_unmet: "not met yet:",
    all_goals_met: "Every goal is met. Well done!",
    goals_met: "{met} of {total} goals met",
    hints: "Hints",
    show_hint: "Show a hint",
    show_solution: "Show the solution",
    solution_confirm: "The solution replaces your text in the editors. Show it?",
    cancel: "Cancel",
    restart_exercise: "Start over",
    exercise_direct_link: "Link to this exercise:",
    switch_to: "日本語",
    manifests: "Manifests",
    manifests_label: "Kubernetes manifests (YAML or JSON)",
    plan: "Network plan",
    plan_label: "A NetworkPlan YAML document or az command lines",
    reachability: "Reachability",
    findings: "Findings",
    no_findings: "No findings",
    results: "Results",
    analysing: "Analysing…",
    crash_title: "aksnet stopped on an internal error",
    crash_body: "Your text is below, as it was: copy it if you like. It is also kept in this browser, and reloading the page brings it back into the editors. Please report the input that caused this.",
    crash_detail: "Details for a bug report",
    reload: "Reload the page",
    restored_after_crash: "The page stopped on an internal error last time. Your text was kept and is back in the editors.",
    dismiss: "Dismiss",
    analysed_in: "Analysed in {ms} ms, in this browser",
    analysis_crashed: "The analysis stopped on an internal error with this text. Your text is safe in the editor; please report the input that caused it. The results shown are from the previous text.",
    filter_findings: "Show findings by severity",
    errors: "Errors",
    warnings: "Warnings",
    infos: "Notes",
    show_more: "Show {count} more",
    go_to_line: "Go to this line in the editor",
    corrected: "Corrected",
    objects: "Objects",
    no_objects: "No objects read yet",
    kind: "Kind",
    namespace: "Namespace",
    name: "Name",
    line: "line",
    apply: "Apply",
    what_this_means: "What this means",
    port: "Port",
    port_label: "Port shown in the matrix",
    matrix_narrowed: "({count} endpoints: showing one namespace at a time)",
    matrix_caption: "Who reaches whom on {port}: rows are sources, columns destinations",
    no_endpoints: "No pods or workloads to connect yet",
    allowed: "allowed",
    blocked: "blocked",
    same_endpoint: "same endpoint",
    changed: "changed by the last edit",
    click_a_cell: "Click a cell to see why the flow is allowed or blocked.",
    sizing: "Sizing",
    sizing_caption: "Azure reserves 5 addresses in every subnet",
    what: "What",
    range: "Range",
    formula: "Formula",
    usable: "Usable",
    headroom: "Headroom",
    smallest_fit: "Smallest fit",
    free_in_vnet: "Free in VNet",
    share: "Share link",
    share_label: "Share link: the whole state is in it",
    embed: "Embed code",
    embed_label: "Embed code for documentation pages",
    reset: "Reset to example",
    close: "Close the rule page",
    no_page: "No page for this code yet.",
};

pub const JA: Text = Text {
    tagline: "Kubernetes のネットワーク ポリシーと AKS のアドレス計画をブラウザーで確認",
    workspaces: "ワークスペース",
    tab_policies: "ポリシー",
    tab_plan: "ネットワーク計画",
    tab_exercises: "演習",
    exercise_done: "完了",
    exercise_open: "未完了",
    exercises_progress: "{total} 問中 {done} 問完了",
    goals: "目標",
    goal_met: "達成:",
    goal_unmet: "未達成:",
    all_goals_met: "すべての目標を達成しました。お疲れさまでした!",
    goals_met: "{total} 個の目標のうち {met} 個を達成",
    hints: "ヒント",
    show_hint: "ヒントを表示",
    show_solution: "解答を表示",
    solution_confirm: "解答を表示すると、エディターのテキストが解答に置き換わります。表示しますか?",
    cancel: "キャンセル",
    restart_exercise: "最初からやり直す",
    exercise_direct_link: "この演習へのリンク:",
    switch_to: "English",
    manifests: "マニフェスト",
    manifests_label: "Kubernetes マニフェスト (YAML または JSON)",
    plan: "ネットワーク計画",
    plan_label: "NetworkPlan の YAML、または az コマンド",
    reachability: "到達性",
    findings: "検出結果",
    no_findings: "検出結果はありません",
    results: "結果",
    analysing: "分析しています…",
    crash_title: "aksnet が内部エラーで停止しました",
    crash_body: "入力していたテキストをそのまま下に表示しています。必要であればコピーしてください。テキストはこのブラウザーにも保存されており、ページを再読み込みするとエディターに戻ります。原因となった入力をご報告ください。",
    crash_detail: "バグ報告用の詳細",
    reload: "ページを再読み込み",
    restored_after_crash: "前回、ページが内部エラーで停止しました。テキストは保存されており、エディターに戻しました。",
    dismiss: "閉じる",
    analysed_in: "このブラウザー内で {ms} ms で分析しました",
    analysis_crashed: "このテキストの分析が内部エラーで停止しました。テキストはエディターにそのまま残っています。原因となった入力をご報告ください。表示中の結果は直前のテキストのものです。",
    filter_findings: "重大度で検出結果を絞り込む",
    errors: "エラー",
    warnings: "警告",
    infos: "情報",
    show_more: "さらに {count} 件を表示",
    go_to_line: "エディターでこの行を表示",
    corrected: "修正後",
    objects: "オブジェクト",
    no_objects: "まだオブジェクトを読み込んでいません",
    kind: "種類",
    namespace: "名前空間",
    name: "名前",
    line: "行",
    apply: "適用",
    what_this_means: "この検出結果の説明",
    port: "ポート",
    port_label: "マトリックスに表示するポート",
    matrix_narrowed: "(エンドポイント {count} 個: 名前空間ごとに表示)",
    matrix_caption: "{port} で誰が誰に到達できるか: 行が送信元、列が宛先",
    no_endpoints: "接続を調べるポッドやワークロードがまだありません",
    allowed: "許可",
    blocked: "ブロック",
    same_endpoint: "同じエンドポイント",
    changed: "直前の編集で変化",
    click_a_cell: "セルをクリックすると、通信が許可またはブロックされる理由を表示します。",
    sizing: "サイズ",
    sizing_caption: "Azure はどのサブネットでもアドレスを 5 個予約します",
    what: "対象",
    range: "範囲",
    formula: "計算式",
    usable: "使用可能",
    headroom: "余裕",
    smallest_fit: "最小の収まるサイズ",
    free_in_vnet: "VNet の空き",
    share: "共有リンク",
    share_label: "共有リンク: 状態のすべてがリンクに含まれます",
    embed: "埋め込みコード",
    embed_label: "ドキュメント ページ用の埋め込みコード",
    reset: "例に戻す",
    close: "ルールのページを閉じる",
    no_page: "このコードのページはまだありません。",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_come_from_the_browser_tag() {
        assert_eq!(Lang::from_tag("ja-JP"), Lang::Ja);
        assert_eq!(Lang::from_tag("JA"), Lang::Ja);
        assert_eq!(Lang::from_tag("en-US"), Lang::En);
        assert_eq!(Lang::from_tag("fr"), Lang::En);
        assert_eq!(Lang::Ja.other(), Lang::En);
    }
}
