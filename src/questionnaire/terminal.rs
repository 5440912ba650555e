//! The real prompter: dialoguer menus and inputs on stderr, with the rulebook's help
//! under each choice, one summary line per answered question, and wrapping that keeps
//! Chinese text and styled items within the terminal's width.

use console::{style, Style, Term};
use dialoguer::theme::{ColorfulTheme, Theme};

use super::{
    Header, InputPrompt, ItemKind, PromptError, Prompter, ReviewPrompt, ReviewReply, SelectPrompt,
};
use crate::i18n::tr;
use crate::text::Lang;

/// The dialoguer prompter, drawing on stderr.
pub struct TermPrompter {
    term: Term,
    select_theme: ColorfulTheme,
    input_theme: ColorfulTheme,
    /// The ids of the questions whose one-line summaries are on screen, last at the end,
    /// so that going back can take the last one off again.
    summaries: Vec<String>,
    lang: Lang,
}

impl TermPrompter {
    pub fn new(color: bool, lang: Lang) -> TermPrompter {
        console::set_colors_enabled_stderr(color);
        let input_theme = ColorfulTheme {
            prompt_style: Style::new().for_stderr(),
            ..ColorfulTheme::default()
        };
        let select_theme = ColorfulTheme {
            prompt_style: Style::new().for_stderr(),
            prompt_suffix: style(String::new()).for_stderr(),
            ..ColorfulTheme::default()
        };
        TermPrompter {
            term: Term::stderr(),
            select_theme,
            input_theme,
            summaries: Vec::new(),
            lang,
        }
    }

    pub fn term(&self) -> &Term {
        &self.term
    }

    fn width(&self) -> usize {
        (self.term.size().1 as usize).max(20)
    }

    fn height(&self) -> usize {
        (self.term.size().0 as usize).max(8)
    }

    /// Takes the summary of `id` off the screen if it is the last line: the user went
    /// back to it.
    fn retract(&mut self, id: &str) -> Result<(), PromptError> {
        if self.summaries.last().is_some_and(|s| s == id) {
            self.term.clear_last_lines(1)?;
            self.summaries.pop();
        }
        Ok(())
    }

    /// "✔ (2/7) Which colour …? · Blue"
    fn summary(&mut self, header: &Header, answer: &str) -> Result<(), PromptError> {
        let theme = &self.select_theme;
        let progress = header.progress();
        // "✔ ", the progress, a space, the question, " · ", the answer: on one line, the
        // question shortened first.
        let room = (self.width() - 1).saturating_sub(2 + measure(&progress) + 1 + 3);
        let question_width = measure(&header.prompt).min(20);
        let answer = console::truncate_str(answer, room.saturating_sub(question_width), "…");
        let question =
            console::truncate_str(&header.prompt, room.saturating_sub(measure(&answer)), "…");
        let line = format!(
            "{} {} {question} {} {}",
            theme.success_prefix,
            dim(&progress),
            theme.success_suffix,
            theme.values_style.apply_to(answer)
        );
        self.term.write_line(&line)?;
        self.summaries.push(header.id.clone());
        Ok(())
    }

    /// A select of `items` under the `header` lines; `None` for Esc.
    fn pick(
        &self,
        header: &[String],
        items: &[String],
        default: usize,
    ) -> Result<Option<usize>, PromptError> {
        let theme = Lookup {
            base: &self.select_theme,
            items,
        };
        // dialoguer measures items in bytes to find the ones that wrap, which overcounts
        // styled and Chinese text and clears lines it should not; it gets short keys
        // instead, and the theme draws the item each key stands for.
        let keys: Vec<String> = (0..items.len()).map(|i| i.to_string()).collect();
        let rows_per_item = items.iter().map(|i| i.lines().count()).max().unwrap_or(1);
        let room = self.height().saturating_sub(header.len() + 1) / rows_per_item.max(1);
        Ok(dialoguer::Select::with_theme(&theme)
            .with_prompt(header.join("\n"))
            .items(&keys)
            .default(default)
            .max_length(room.max(3))
            .clear(true)
            .report(false)
            .interact_on_opt(&self.term)?)
    }

    /// The question, its help and the keys, wrapped to the terminal's width.
    fn header_lines(&self, header: &Header) -> Vec<String> {
        let width = self.width();
        let mut lines = Vec::new();
        let first = format!("{} {}", header.progress(), header.prompt);
        for (i, line) in wrap(&first, width - 3).into_iter().enumerate() {
            lines.push(if i == 0 {
                let rest = line.strip_prefix(&header.progress()).unwrap_or(&line);
                format!("{}{}", dim(&header.progress()), bold(rest))
            } else {
                bold(&line)
            });
        }
        if let Some(help) = &header.help {
            for line in wrap(help, width - 3) {
                lines.push(format!("  {}", dim(&line)));
            }
        }
        for line in wrap(&header.keys, width - 3) {
            lines.push(format!("  {}", dim(&line)));
        }
        lines
    }
}

impl Prompter for TermPrompter {
    fn select(&mut self, prompt: &SelectPrompt) -> Result<Option<usize>, PromptError> {
        self.retract(&prompt.header.id)?;
        let width = self.width() - 3;
        let lines = self.header_lines(&prompt.header);
        let one_line = prompt.items.iter().all(|item| {
            let help = item.help.as_deref().map_or(0, |h| measure(h) + 3);
            measure(&item.label) + help <= width
        });
        let items: Vec<String> = prompt
            .items
            .iter()
            .map(|item| item_text(&item.label, item.help.as_deref(), width, one_line))
            .collect();
        let picked = self.pick(&lines, &items, prompt.default)?;
        if let Some(item) = picked.and_then(|i| prompt.items.get(i)) {
            if !matches!(item.kind, ItemKind::Back) {
                self.summary(&prompt.header, &item.label)?;
            }
        }
        Ok(picked)
    }

    fn input(
        &mut self,
        prompt: &InputPrompt,
        check: &dyn Fn(&str) -> Result<(), String>,
    ) -> Result<String, PromptError> {
        self.retract(&prompt.header.id)?;
        let lines = self.header_lines(&prompt.header);
        // The `?` the selects show before the question.
        let mut first = true;
        for line in &lines {
            if first {
                self.term
                    .write_line(&format!("{} {line}", self.select_theme.prompt_prefix))?;
                first = false;
            } else {
                self.term.write_line(line)?;
            }
        }
        let text: String = dialoguer::Input::with_theme(&self.input_theme)
            .with_prompt("")
            .with_initial_text(prompt.initial.clone())
            .allow_empty(true)
            .report(false)
            .validate_with(|text: &String| check(text))
            .interact_text_on(&self.term)?;
        self.term.clear_last_lines(lines.len())?;
        let digits: String = text
            .chars()
            .filter(|c| !matches!(c, ',' | '_' | ' '))
            .collect();
        let shown = if digits.is_empty() {
            tr(self.lang, "skipped", "已跳过").to_string()
        } else {
            // As the review shows it: 50,000.
            digits
                .parse::<u64>()
                .map_or(digits.clone(), crate::report::format_count)
        };
        let trimmed = text.trim();
        if trimmed != "<" && !trimmed.eq_ignore_ascii_case("back") {
            self.summary(&prompt.header, &shown)?;
        }
        Ok(text)
    }

    fn review(&mut self, prompt: &ReviewPrompt) -> Result<ReviewReply, PromptError> {
        let width = self.width();
        let mut lines = vec![bold(&prompt.title)];
        for line in wrap(&prompt.keys, width - 3) {
            lines.push(format!("  {}", dim(&line)));
        }
        let answer_texts: Vec<String> = prompt
            .rows
            .iter()
            .map(|r| match &r.note {
                Some(note) => format!("{}  {}", r.answer, dim(note)),
                None => r.answer.clone(),
            })
            .collect();
        let widest_answer = answer_texts.iter().map(|a| measure(a)).max().unwrap_or(0);
        let widest_question = prompt
            .rows
            .iter()
            .map(|r| measure(&r.prompt))
            .max()
            .unwrap_or(0);
        // A table (question, two spaces, answer) after "❯ ", when the questions keep at
        // least 30 columns; else each answer under its question.
        let room = width - 3;
        let question_room = room.saturating_sub(2 + widest_answer);
        let table = question_room >= 30.min(widest_question);
        let mut items = vec![bold(&prompt.show)];
        for (row, answer) in prompt.rows.iter().zip(&answer_texts) {
            if table {
                let column = widest_question.min(question_room);
                let question = console::truncate_str(&row.prompt, column, "…");
                let pad = column.saturating_sub(measure(&question));
                items.push(format!("{question}{}  {answer}", " ".repeat(pad)));
            } else {
                let question = console::truncate_str(&row.prompt, room, "…");
                let answer = console::truncate_str(answer, room.saturating_sub(4), "…");
                items.push(format!("{}\n    {answer}", dim(&question)));
            }
        }
        let picked = self.pick(&lines, &items, 0)?;
        Ok(match picked {
            None => ReviewReply::Back,
            Some(0) => ReviewReply::Show,
            Some(i) => ReviewReply::Change(i - 1),
        })
    }
}

fn dim(text: &str) -> String {
    style(text).for_stderr().dim().to_string()
}

fn bold(text: &str) -> String {
    style(text).for_stderr().bold().to_string()
}

fn measure(text: &str) -> usize {
    console::measure_text_width(text)
}

/// "Label — help" on one line, or the help dimmed on the lines under the label.
fn item_text(label: &str, help: Option<&str>, width: usize, one_line: bool) -> String {
    let label = console::truncate_str(label, width, "…").into_owned();
    match help {
        Some(help) if one_line => format!("{label} {}", dim(&format!("— {help}"))),
        Some(help) => {
            let mut text = label;
            for line in wrap(help, width.saturating_sub(2)) {
                text.push_str(&format!("\n    {}", dim(&line)));
            }
            text
        }
        None => label,
    }
}

/// Draws the item a short key stands for (see [`TermPrompter::pick`]).
struct Lookup<'a> {
    base: &'a ColorfulTheme,
    items: &'a [String],
}

impl Theme for Lookup<'_> {
    fn format_select_prompt(&self, f: &mut dyn std::fmt::Write, prompt: &str) -> std::fmt::Result {
        self.base.format_select_prompt(f, prompt)
    }

    fn format_select_prompt_item(
        &self,
        f: &mut dyn std::fmt::Write,
        key: &str,
        active: bool,
    ) -> std::fmt::Result {
        let text = key
            .parse::<usize>()
            .ok()
            .and_then(|i| self.items.get(i))
            .map_or(key, String::as_str);
        self.base.format_select_prompt_item(f, text, active)
    }
}

/// Breaks `text` into lines of at most `width` columns where Unicode's line-breaking
/// rules allow (at spaces, and between Chinese characters but not before closing
/// punctuation), or anywhere when a word is longer than a line. First fit, so that a
/// prompt fills its lines as a reader expects.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let options = textwrap::Options::new(width.max(8))
        .word_separator(textwrap::WordSeparator::UnicodeBreakProperties)
        .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit)
        .break_words(true);
    text.lines()
        .flat_map(|paragraph| textwrap::wrap(paragraph, &options))
        .map(|line| line.trim_end().to_string())
        .collect()
}
