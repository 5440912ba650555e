//! The real prompter: dialoguer menus and inputs on stderr, with the rulebook's help
//! under each choice, one summary line per answered question, and wrapping that keeps
//! Chinese text and styled items within the terminal's width.

use console::{style, Style, Term};
use dialoguer::theme::{ColorfulTheme, Theme};

use console::Key;

use super::{
    Answered, Header, InputPrompt, PromptError, Prompter, ReviewPrompt, ReviewReply, SelectPrompt,
    SettledPrompt, SettledReply,
};
use crate::text::Lang;

/// The dialoguer prompter, drawing on stderr.
pub struct TermPrompter {
    term: Term,
    select_theme: ColorfulTheme,
    input_theme: ColorfulTheme,
    /// The one-line summaries of answered questions on screen, in order, last at the
    /// end: what `sync` compares the answers that apply now with.
    summaries: Vec<String>,
}

impl TermPrompter {
    pub fn new(color: bool, _lang: Lang) -> TermPrompter {
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

    /// Makes the summary lines on screen those of `answered`: the lines that differ
    /// from it (a changed answer, a total that changed, an answer that no longer
    /// applies, the question being asked again) are taken off and the rest written.
    fn sync(&mut self, answered: &[Answered]) -> Result<(), PromptError> {
        let lines: Vec<String> = answered.iter().map(|a| self.summary(a)).collect();
        let kept = self
            .summaries
            .iter()
            .zip(&lines)
            .take_while(|(shown, wanted)| shown == wanted)
            .count();
        self.term.clear_last_lines(self.summaries.len() - kept)?;
        for line in &lines[kept..] {
            self.term.write_line(line)?;
        }
        self.summaries = lines;
        Ok(())
    }

    /// "✔ (2/7) Which colour …? · Blue", on one line.
    fn summary(&self, answered: &Answered) -> String {
        let theme = &self.select_theme;
        // "✔ ", the progress, a space, the question, " · ", the answer: on one line, the
        // question shortened first.
        let room = (self.width() - 1).saturating_sub(2 + measure(&answered.progress) + 1 + 3);
        let question_width = measure(&answered.prompt).min(20);
        let answer =
            console::truncate_str(&answered.answer, room.saturating_sub(question_width), "…");
        let question =
            console::truncate_str(&answered.prompt, room.saturating_sub(measure(&answer)), "…");
        format!(
            "{} {} {question} {} {}",
            theme.success_prefix,
            dim(&answered.progress),
            theme.success_suffix,
            theme.values_style.apply_to(answer)
        )
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

    /// Asks for one line of text under `title` and `help`, starting from `initial`: the
    /// text, or `None` for Esc. `check` refuses what cannot be used, with its reason; a
    /// refused text is taken out of the field when `clear_rejected` (a literal secret, say).
    pub fn line(
        &mut self,
        title: &str,
        help: &str,
        initial: &str,
        clear_rejected: bool,
        check: &dyn Fn(&str) -> Result<(), String>,
    ) -> Result<Option<String>, PromptError> {
        let width = self.width();
        let mut lines: Vec<String> = wrap(title, width - 3)
            .iter()
            .enumerate()
            .map(|(i, l)| match i {
                0 => format!("{} {}", self.select_theme.prompt_prefix, bold(l)),
                _ => bold(l),
            })
            .collect();
        for line in wrap(help, width - 3) {
            lines.push(format!("  {}", dim(&line)));
        }
        for line in &lines {
            self.term.write_line(line)?;
        }
        let typed = self.edit_line(initial, clear_rejected, check)?;
        self.term.clear_last_lines(lines.len())?;
        Ok(typed)
    }

    /// One line of text to type, starting from `initial`, on the line under the
    /// question: Enter accepts it once `check` does (else its reason shows under the
    /// line, and with `clear_rejected` the field is emptied for the next try), Esc goes
    /// back (`None`), and the usual keys edit it (Ctrl-U deletes up to the cursor, Ctrl-K
    /// from it). dialoguer's input knows no Esc, and going back from a filled-in number
    /// must take one key.
    ///
    /// Ctrl-C is read as a key (not raised as SIGINT while the screen is half drawn): the
    /// line is finished, the reason under it wiped, and the cursor left at the start of
    /// the next line, so whatever prints next (the interruption, then the shell) starts
    /// on a line of its own.
    fn edit_line(
        &self,
        initial: &str,
        clear_rejected: bool,
        check: &dyn Fn(&str) -> Result<(), String>,
    ) -> Result<Option<String>, PromptError> {
        let theme = &self.input_theme;
        let mut text: Vec<char> = initial.chars().collect();
        let mut cursor = text.len();
        let mut error: Option<String> = None;
        self.term.show_cursor()?;
        loop {
            let typed: String = text.iter().collect();
            let before: String = text[..cursor].iter().collect();
            self.term.clear_line()?;
            self.term.clear_to_end_of_screen()?;
            let lead = format!("  {} ", theme.prompt_suffix);
            self.term.write_str(&format!("{lead}{typed}"))?;
            if let Some(message) = &error {
                self.term.write_str(&format!(
                    "\n  {} {}",
                    theme.error_prefix,
                    theme.error_style.apply_to(message)
                ))?;
                self.term.move_cursor_up(1)?;
            }
            self.term.write_str("\r")?;
            self.term
                .move_cursor_right(measure(&lead) + measure(&before))?;
            self.term.flush()?;
            let key = match self.term.read_key_raw() {
                Ok(key) => key,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => Key::CtrlC,
                Err(e) => return Err(e.into()),
            };
            match key {
                Key::Enter => match check(&typed) {
                    Ok(()) => {
                        self.term.clear_line()?;
                        self.term.clear_to_end_of_screen()?;
                        return Ok(Some(typed));
                    }
                    Err(message) => {
                        error = Some(message);
                        if clear_rejected {
                            text.clear();
                            cursor = 0;
                        }
                    }
                },
                Key::Escape => {
                    self.term.clear_line()?;
                    self.term.clear_to_end_of_screen()?;
                    return Ok(None);
                }
                Key::CtrlC => {
                    self.term.clear_line()?;
                    self.term.clear_to_end_of_screen()?;
                    self.term.write_line(&format!("{lead}{typed}"))?;
                    self.term.flush()?;
                    return Err(PromptError::Interrupted);
                }
                // Ctrl-U, as in a shell: everything before the cursor goes.
                Key::Char('\u{15}') => {
                    text.drain(..cursor);
                    cursor = 0;
                    error = None;
                }
                // Ctrl-K: everything from the cursor on.
                Key::Char('\u{0b}') => {
                    text.truncate(cursor);
                    error = None;
                }
                Key::Char(c) if !c.is_control() => {
                    text.insert(cursor, c);
                    cursor += 1;
                    error = None;
                }
                Key::Backspace if cursor > 0 => {
                    cursor -= 1;
                    text.remove(cursor);
                    error = None;
                }
                Key::Del if cursor < text.len() => {
                    text.remove(cursor);
                    error = None;
                }
                Key::ArrowLeft => cursor = cursor.saturating_sub(1),
                Key::ArrowRight => cursor = (cursor + 1).min(text.len()),
                Key::Home => cursor = 0,
                Key::End => cursor = text.len(),
                _ => {}
            }
        }
    }

    /// A select of `items` under `title` and `help`, outside the questionnaire: the index
    /// picked, or `None` for Esc.
    pub fn choose(
        &mut self,
        title: &str,
        help: &str,
        items: &[String],
        default: usize,
    ) -> Result<Option<usize>, PromptError> {
        let width = self.width();
        let mut lines: Vec<String> = wrap(title, width - 3).iter().map(|l| bold(l)).collect();
        for line in wrap(help, width - 3) {
            lines.push(format!("  {}", dim(&line)));
        }
        self.pick(&lines, items, default)
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
        self.sync(&prompt.answered)?;
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
        self.pick(&lines, &items, prompt.default)
    }

    fn input(
        &mut self,
        prompt: &InputPrompt,
        check: &dyn Fn(&str) -> Result<(), String>,
    ) -> Result<Option<String>, PromptError> {
        self.sync(&prompt.answered)?;
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
        let typed = self.edit_line(&prompt.initial, true, check)?;
        self.term.clear_last_lines(lines.len())?;
        Ok(typed)
    }

    fn finish(&mut self, answered: &[Answered]) -> Result<(), PromptError> {
        self.sync(answered)
    }

    fn settled(&mut self, prompt: &SettledPrompt) -> Result<SettledReply, PromptError> {
        self.sync(&prompt.answered)?;
        let width = self.width();
        let mut lines: Vec<String> = wrap(&prompt.title, width - 3)
            .iter()
            .map(|line| bold(line))
            .collect();
        for text in [&prompt.last, &prompt.keys] {
            for line in wrap(text, width - 3) {
                lines.push(format!("  {}", dim(&line)));
            }
        }
        let items = [
            bold(&prompt.show),
            prompt.back.clone(),
            prompt.review.clone(),
        ];
        Ok(match self.pick(&lines, &items, 0)? {
            Some(0) => SettledReply::Show,
            Some(2) => SettledReply::Review,
            _ => SettledReply::Back,
        })
    }

    fn review(&mut self, prompt: &ReviewPrompt) -> Result<ReviewReply, PromptError> {
        self.sync(&prompt.answered)?;
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
