//! TEMPORARY placeholder until the real renderer lands (same API).
use ratatui::text::Line;
pub struct Rendered {
    pub lines: Vec<Line<'static>>,
    pub sources: Vec<usize>,
    pub headings: Vec<Heading>,
    pub warnings: Vec<String>,
}
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub line: usize,
    pub source: usize,
}
impl Rendered {
    pub fn plain_lines(&self) -> Vec<String> {
        self.lines.iter().map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect()).collect()
    }
    pub fn line_for_source(&self, source: usize) -> usize {
        self.sources.iter().position(|&s| s >= source).unwrap_or(self.lines.len().saturating_sub(1))
    }
}
pub fn render(markdown: &str, width: u16) -> Rendered {
    let width = usize::from(width.max(1));
    let mut r = Rendered { lines: vec![], sources: vec![], headings: vec![], warnings: vec![] };
    let mut offset = 0;
    for line in markdown.lines() {
        let text: String = crate::sanitize::sanitize(line).chars().take(width).collect();
        if let Some(h) = text.strip_prefix("# ").or(text.strip_prefix("## ")) {
            r.headings.push(Heading { level: 1, text: h.to_string(), line: r.lines.len(), source: offset });
        }
        r.lines.push(Line::from(text));
        r.sources.push(offset);
        offset += line.len() + 1;
    }
    r
}
