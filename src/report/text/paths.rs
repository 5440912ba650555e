//! `paths`: the comparison table of the outcomes, and one outcome in full.

use super::*;

/// The comparison table of all outcomes.
pub fn paths_table(rb: &Rulebook, ui: Ui) -> String {
    let lang = ui.lang;
    let header = [
        tr(lang, "Path", "路径"),
        tr(lang, "Id", "标识"),
        tr(lang, "Best for", "适用于"),
        tr(lang, "Complexity", "复杂度"),
        tr(lang, "Code", "代码"),
        tr(lang, "Automation", "自动化"),
    ];
    let mut rows: Vec<Vec<String>> = vec![header.iter().map(|s| s.to_string()).collect()];
    for o in &rb.outcomes {
        rows.push(vec![
            o.name.get(lang).to_string(),
            o.id.clone(),
            o.best_for.as_ref().map_or("—", |t| t.get(lang)).to_string(),
            o.complexity
                .as_ref()
                .map_or("—", |t| t.get(lang))
                .to_string(),
            yes_no(lang, o.code_required).to_string(),
            yes_no(lang, o.automation).to_string(),
        ]);
    }
    let mut out = table(&rows, ui);
    let _ = writeln!(out);
    for o in &rb.outcomes {
        if let Some(fact) = &o.key_fact {
            let _ = writeln!(
                out,
                "{} {}{}{}",
                ui.bold(&o.id),
                tr(lang, "key fact", "关键事实"),
                colon(lang),
                fact.get(lang)
            );
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{}",
        ui.dim(tr(
            lang,
            "Show one path in full: eb-advisor paths ID",
            "查看某条路径的全部信息：eb-advisor paths ID"
        ))
    );
    out
}

/// Aligns columns by display width, so wide (CJK) characters keep the table straight.
fn table(rows: &[Vec<String>], ui: Ui) -> String {
    let columns = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .map(|r| console::measure_text_width(&r[c]))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let pad = widths[c] - console::measure_text_width(cell);
            if c + 1 == columns {
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad + 2));
            }
        }
        let line = line.trim_end().to_string();
        let _ = writeln!(out, "{}", if i == 0 { ui.bold(&line) } else { line });
    }
    out
}

/// One outcome in full, with its next steps as templates (answers shown as `<question>`).
pub fn path_detail(rb: &Rulebook, outcome: usize, trust: crate::rulebook::Trust, ui: Ui) -> String {
    let lang = ui.lang;
    let o = &rb.outcomes[outcome];
    let mut notes = Notes::new(rb, trust);
    let none = Answers::new(rb);
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", ui.bold(o.name.get(lang)), o.id);
    let summary = outcome_summary(o, ui);
    if !summary.is_empty() {
        let _ = writeln!(out, "  {}", ui.dim(&summary));
    }
    if let Some(d) = &o.description {
        section(&mut out, ui, tr(lang, "Description", "说明"));
        let _ = writeln!(out, "  {}", d.get(lang));
    }
    let lists: [(&str, &[Fact]); 4] = [
        (tr(lang, "Key facts", "关键事实"), &o.key_facts),
        (tr(lang, "When to use", "适用场景"), &o.when_to_use),
        (
            tr(lang, "When not to use", "不适用场景"),
            &o.when_not_to_use,
        ),
        (tr(lang, "Known limitations", "已知限制"), &o.limitations),
    ];
    for (title, list) in lists {
        let shown = super::shown_facts(rb, list, &none, trust);
        if !shown.is_empty() {
            section(&mut out, ui, title);
            facts(&mut out, &shown, ui, &mut notes, false);
        }
    }
    if !o.next_steps.is_empty() {
        let answers = Answers::new(rb);
        let values = crate::fill::Values {
            rb,
            answers: &answers,
            cost: None,
            setting: None,
            extra: &[],
        };
        section(&mut out, ui, tr(lang, "Next steps", "下一步"));
        let possible = o.next_steps.iter().filter(|step| {
            step.when
                .as_ref()
                .is_none_or(|c| crate::engine::may_hold(rb, c, trust))
        });
        for (i, step) in possible.enumerate() {
            // Without answers, say which answers a step is for.
            let when = step.when.as_ref().map(|c| match (when_text(rb, c), lang) {
                (Some(w), crate::text::Lang::En) => format!("(when {w}) "),
                (Some(w), crate::text::Lang::Zh) => format!("（当 {w} 时）"),
                (None, _) => tr(lang, "(for some answers) ", "（仅适用于部分回答）").to_string(),
            });
            let _ = writeln!(
                out,
                "  {}. {}{}",
                i + 1,
                when.unwrap_or_default(),
                values.fill(step.text.get(lang), lang)
            );
            for url in &step.docs {
                let _ = writeln!(out, "     {url}");
            }
        }
    }
    footnotes(&mut out, &notes, &[], ui);
    ui.wrap(&out)
}
