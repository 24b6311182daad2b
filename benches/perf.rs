//! `cargo bench`: the performance figures of the README, each as a ratio against a
//! baseline measured in the same run (the machine may be loaded; ratios stay put).
//!
//! A small harness of its own (no criterion, to keep dependencies lean): every figure
//! warms up, then takes several samples that alternate baseline and subject, and
//! reports medians. Run it with `cargo bench`; `cargo bench --bench perf -- --quick` takes
//! fewer samples (the flag goes to this harness only; the unit-test harnesses reject it),
//! and `cargo bench -- render` stops after the rendering figures.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};
use std::time::{Duration, Instant};

use handoff::course::{self, Course, CourseOrigin, Lesson};
use handoff::markdown;
use handoff::progress::ProgressStore;
use handoff::ui::app::Screen;
use handoff::ui::theme::Theme;
use handoff::ui::{App, Message};
use pulldown_cmark::{Options, Parser};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

// ----- a counting allocator, for the peak heap -----

/// Wraps the system allocator and, once switched on, keeps the current and the peak
/// number of live bytes. Off in the timing runs: counting costs atomic operations on every
/// allocation, which would slow the allocation-heavy side of a comparison only.
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
// Signed: blocks allocated before counting started may be freed after.
static CURRENT: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

fn grew(bytes: usize) {
    if COUNTING.load(Ordering::Relaxed) {
        let bytes = bytes as isize;
        let now = CURRENT.fetch_add(bytes, Ordering::Relaxed) + bytes;
        PEAK.fetch_max(now, Ordering::Relaxed);
    }
}

fn shrank(bytes: usize) {
    if COUNTING.load(Ordering::Relaxed) {
        CURRENT.fetch_sub(bytes as isize, Ordering::Relaxed);
    }
}

// SAFETY: every call is forwarded unchanged to `System`; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) };
        shrank(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            shrank(layout.size());
            grew(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

// ----- timing -----

/// The renderer's pulldown-cmark options (see `markdown::render_with_theme`).
fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// The parse-only baseline: every pulldown-cmark event, nothing done with them.
fn parse_only(text: &str) -> usize {
    Parser::new_ext(text, options()).count()
}

struct Timing {
    subject: Duration,
    baseline: Duration,
    /// Median of the per-sample ratios (each sample times both back to back).
    ratio: f64,
}

struct Bench {
    /// Target time spent per figure, split over the samples.
    budget: Duration,
    min_samples: usize,
}

impl Bench {
    /// Times `subject` against `baseline`. Fast operations are repeated within a sample so
    /// each sample lasts long enough for the clock; samples alternate which one runs first.
    fn compare<B, S>(&self, mut baseline: impl FnMut() -> B, mut subject: impl FnMut() -> S) -> Timing {
        // Warm-up (caches, lazy allocations), and a first estimate of the cost.
        let b0 = run(&mut baseline, 1).min(run(&mut baseline, 1));
        let s0 = run(&mut subject, 1).min(run(&mut subject, 1));
        let reps = |d: Duration| (Duration::from_millis(5).as_secs_f64() / d.as_secs_f64().max(1e-9)).ceil() as u32;
        let (b_reps, s_reps) = (reps(b0).max(1), reps(s0).max(1));
        let pair = b0 * b_reps + s0 * s_reps;
        let samples = (self.budget.as_secs_f64() / pair.as_secs_f64().max(1e-9)) as usize;
        let samples = samples.clamp(self.min_samples, 101);
        let mut subjects = Vec::with_capacity(samples);
        let mut baselines = Vec::with_capacity(samples);
        let mut ratios = Vec::with_capacity(samples);
        // Each timed run follows an untimed run of the same side, so neither side is timed
        // in the memory the other just left (see `settled`).
        let mut settled_baseline = || settled(&mut baseline, b_reps);
        let mut settled_subject = || settled(&mut subject, s_reps);
        for i in 0..samples {
            let (b, s) = if i % 2 == 0 {
                let b = settled_baseline();
                (b, settled_subject())
            } else {
                let s = settled_subject();
                (settled_baseline(), s)
            };
            baselines.push(b);
            subjects.push(s);
            ratios.push(s.as_secs_f64() / b.as_secs_f64().max(1e-12));
        }
        Timing { subject: median(&mut subjects), baseline: median(&mut baselines), ratio: median(&mut ratios) }
    }
}

/// Runs `f` `n` times and returns the time per run. What the runs return is dropped after
/// the clock stops: freeing a rendered document is not part of rendering it.
fn run<R>(f: &mut impl FnMut() -> R, n: u32) -> Duration {
    let mut results = Vec::with_capacity(n as usize);
    let start = Instant::now();
    for _ in 0..n {
        results.push(f());
    }
    let elapsed = start.elapsed();
    drop(black_box(results));
    elapsed / n
}

/// [`run`] after one untimed run of `f`. Without it, a side timed right after the other
/// runs in the memory the other just allocated and freed: the 1 MiB document's parse took
/// 4.5 ms when it ran first in a sample and 6.8 ms when it ran after a render, which made
/// the median ratio depend on the order of the pair (3.6x one way, 2.7x the other).
fn settled<R>(f: &mut impl FnMut() -> R, n: u32) -> Duration {
    drop(black_box(f()));
    run(f, n)
}

fn median<T: PartialOrd + Copy>(values: &mut [T]) -> T {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    values[values.len() / 2]
}

// ----- the report -----

struct Row {
    name: String,
    value: String,
    baseline: String,
    ratio: String,
    goal: String,
    ok: Option<bool>,
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms >= 100.0 {
        format!("{ms:.0} ms")
    } else if ms >= 1.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{:.0} µs", ms * 1000.0)
    }
}

fn mb(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn print_table(rows: &[Row]) {
    let headers = ["figure", "time", "baseline", "ratio", "goal", ""];
    let cells: Vec<[&str; 6]> = rows
        .iter()
        .map(|r| {
            let verdict = match r.ok {
                Some(true) => "ok",
                Some(false) => "MISS",
                None => "",
            };
            [r.name.as_str(), r.value.as_str(), r.baseline.as_str(), r.ratio.as_str(), r.goal.as_str(), verdict]
        })
        .collect();
    let width = |i: usize| cells.iter().map(|c| c[i].chars().count()).chain([headers[i].len()]).max().unwrap_or(0);
    let widths: Vec<usize> = (0..headers.len()).map(width).collect();
    let line = |c: &[&str; 6]| {
        let mut s = format!("{:<w$}", c[0], w = widths[0]);
        for i in 1..c.len() {
            // Numbers right-aligned, words left-aligned.
            if (1..=3).contains(&i) {
                s.push_str(&format!("  {:>w$}", c[i], w = widths[i]));
            } else {
                s.push_str(&format!("  {:<w$}", c[i], w = widths[i]));
            }
        }
        println!("{}", s.trim_end());
    };
    line(&headers);
    println!("{}", "-".repeat(widths.iter().sum::<usize>() + 2 * (widths.len() - 1)));
    for c in &cells {
        line(c);
    }
}

// ----- generated inputs (deterministic) -----

/// xorshift64*: deterministic, good enough to vary a document.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "the",
    "provider",
    "customer",
    "secures",
    "data",
    "and",
    "identity",
    "of",
    "a",
    "network",
    "is",
    "shared",
    "responsibility",
    "model",
    "for",
    "every",
    "service",
    "in",
    "cloud",
    "platform",
    "runtime",
    "operating",
    "system",
    "patches",
    "access",
    "keys",
    "logs",
    "audit",
    "control",
    "configuration",
    "encryption",
    "at",
    "rest",
    "transit",
    "who",
    "owns",
    "which",
    "layer",
    "when",
    "you",
    "deploy",
    "application",
    "code",
    "physical",
    "hardware",
    "hypervisor",
    "tenant",
    "account",
    "policy",
    "role",
    "least",
    "privilege",
    "backup",
    "incident",
    "response",
    "evidence",
    "contract",
    "compliance",
    "report",
    "to",
    "with",
    "that",
    "not",
    "your",
    "its",
    "under",
    "between",
    "handoff",
    "breach",
    "storage",
    "bucket",
    "public",
    "private",
    "endpoint",
    "device",
];
/// A few words beyond ASCII, as real prose has (accents, a dash, CJK, an emoji).
const RARE_WORDS: &[&str] = &["naïve", "café", "résumé", "—", "東京", "データ", "✓", "🙂", "Zürich", "façade"];
const LANGS: &[&str] = &["sh", "rust", "json", "yaml", "python", ""];

/// Between `lo` and `hi` words.
fn words(rng: &mut Rng, lo: usize, hi: usize) -> String {
    let n = rng.range(lo, hi);
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(if rng.chance(2) { rng.pick(RARE_WORDS) } else { rng.pick(WORDS) });
    }
    s
}

/// A sentence with some inline markup: emphasis, strong, code, links, strikethrough.
fn sentence(rng: &mut Rng, links: usize) -> String {
    let mut s = String::new();
    let n = rng.range(6, 18);
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        let word = if rng.chance(2) { rng.pick(RARE_WORDS) } else { rng.pick(WORDS) };
        match rng.below(40) {
            0 => s.push_str(&format!("*{word}*")),
            1 => s.push_str(&format!("**{word} {}**", rng.pick(WORDS))),
            2 => s.push_str(&format!("`{word}_{}`", rng.below(100))),
            3 => {
                s.push_str(&format!("[{word} {}](https://example.com/docs/{}/page)", rng.pick(WORDS), rng.below(links)))
            }
            4 if rng.chance(20) => s.push_str(&format!("~~{word}~~")),
            _ => s.push_str(word),
        }
    }
    let mut chars = s.chars();
    let first = chars.next().map(|c| c.to_uppercase().collect::<String>()).unwrap_or_default();
    format!("{first}{}.", chars.as_str())
}

/// Source text wrapped at about 72 columns, as lessons are written.
fn paragraph(rng: &mut Rng, lo: usize, hi: usize, prefix: &str) -> String {
    let sentences = rng.range(lo, hi);
    let text: Vec<String> = (0..sentences).map(|_| sentence(rng, 400)).collect();
    let text = text.join(" ");
    let mut out = String::new();
    let mut col = 0;
    for word in text.split(' ') {
        if col > 0 && col + word.len() > 72 {
            out.push('\n');
            col = 0;
        }
        if col == 0 {
            out.push_str(prefix);
        } else {
            out.push(' ');
        }
        out.push_str(word);
        col += word.len() + 1;
    }
    out.push('\n');
    out
}

fn list(rng: &mut Rng, out: &mut String) {
    let ordered = rng.chance(30);
    let task = !ordered && rng.chance(15);
    for i in 1..=rng.range(3, 7) {
        let marker = if ordered {
            format!("{i}. ")
        } else if task {
            format!("- [{}] ", if rng.chance(50) { "x" } else { " " })
        } else {
            "- ".to_string()
        };
        let indent = " ".repeat(marker.len());
        let body = paragraph(rng, 1, 2, &indent);
        out.push_str(&marker);
        out.push_str(body.trim_start());
        if rng.chance(25) {
            // A nested list, sometimes two levels deep.
            for _ in 0..rng.range(2, 3) {
                out.push_str(&format!("{indent}- {}\n", words(rng, 4, 12)));
                if rng.chance(20) {
                    out.push_str(&format!("{indent}  - {}\n", words(rng, 3, 8)));
                }
            }
        }
    }
}

fn code_block(rng: &mut Rng, out: &mut String) {
    out.push_str(&format!("```{}\n", rng.pick(LANGS)));
    for _ in 0..rng.range(3, 14) {
        let indent = "    ".repeat(rng.below(3));
        // Some lines are longer than 80 columns and hard-wrap.
        let n = if rng.chance(10) { rng.range(14, 24) } else { rng.range(2, 9) };
        let line: Vec<String> = (0..n)
            .map(|_| match rng.below(4) {
                0 => format!("{}_{}", rng.pick(WORDS), rng.below(10)),
                1 => format!("{}({})", rng.pick(WORDS), rng.pick(WORDS)),
                _ => rng.pick(WORDS).to_string(),
            })
            .collect();
        out.push_str(&format!("{indent}{}\n", line.join(" ")));
    }
    out.push_str("```\n");
}

fn table(rng: &mut Rng, out: &mut String) {
    let columns = rng.range(3, 5);
    let header: Vec<String> = (0..columns).map(|_| words(rng, 1, 2)).collect();
    out.push_str(&format!("| {} |\n", header.join(" | ")));
    let aligns = [":---", "---:", ":---:", "---"];
    let rule: Vec<&str> = (0..columns).map(|_| aligns[rng.below(aligns.len())]).collect();
    out.push_str(&format!("| {} |\n", rule.join(" | ")));
    for _ in 0..rng.range(3, 8) {
        // Mostly short cells; sometimes a long one that must wrap inside its column.
        let row: Vec<String> =
            (0..columns).map(|_| if rng.chance(15) { words(rng, 8, 16) } else { words(rng, 1, 3) }).collect();
        out.push_str(&format!("| {} |\n", row.join(" | ")));
    }
}

/// About 1 MiB of Markdown with the mix of constructs lessons use.
fn generated_document(bytes: usize) -> String {
    let mut rng = Rng(0x5EED_CAFE_F00D_D00D);
    let mut out = String::with_capacity(bytes + 4096);
    let mut section = 0;
    out.push_str("# A generated handbook\n\n");
    while out.len() < bytes {
        section += 1;
        out.push_str(&format!("## {section}. {}\n\n", words(&mut rng, 2, 6)));
        // Weights chosen so the share of bytes per construct is close to the built-in
        // lessons': about 40% paragraphs, 45% lists, 10% tables, a few % headings, quotes
        // and code.
        for _ in 0..rng.range(3, 8) {
            match rng.below(40) {
                0..=16 => out.push_str(&paragraph(&mut rng, 2, 6, "")),
                17..=26 => list(&mut rng, &mut out),
                27..=31 => out.push_str(&format!("### {}\n", words(&mut rng, 2, 5))),
                32 => out.push_str(&paragraph(&mut rng, 1, 3, "> ")),
                33 => code_block(&mut rng, &mut out),
                34..=37 => table(&mut rng, &mut out),
                38 => out.push_str("---\n"),
                _ => {
                    let n = rng.below(50);
                    out.push_str(&paragraph(&mut rng, 1, 1, ""));
                    out.truncate(out.trim_end().len());
                    out.push_str(&format!("[^n{n}]\n\n[^n{n}]: {}\n", sentence(&mut rng, 400)));
                }
            }
            out.push('\n');
        }
    }
    out
}

const TOPICS: &[&str] = &[
    "shared-responsibility",
    "service-models",
    "provider-differences",
    "finding-controls",
    "trust-but-verify",
    "organisation",
    "incidents",
    "handoff-worksheet",
];

/// A quiz bank: `files` quiz files of `per_file` questions, every question type.
fn generated_quiz_bank(files: usize, per_file: usize, lesson_ids: &[String]) -> Vec<(String, Vec<u8>)> {
    use serde_json::json;
    let mut rng = Rng(0xBA5E_BA11_0000_0001);
    (0..files)
        .map(|f| {
            let questions: Vec<serde_json::Value> = (0..per_file)
                .map(|q| {
                    let mut question = json!({
                        "id": format!("q{f}-{q}"),
                        "prompt": format!("{}?", sentence(&mut rng, 50)),
                        "topics": [TOPICS[rng.below(TOPICS.len())]],
                        "explanation": sentence(&mut rng, 50),
                    });
                    if rng.chance(20) {
                        question["lesson"] = json!(lesson_ids[rng.below(lesson_ids.len())]);
                    }
                    match q % 4 {
                        0 | 1 => {
                            let single = q % 4 == 0;
                            let n = rng.range(2, 5);
                            let right = rng.below(n);
                            let options: Vec<serde_json::Value> = (0..n)
                                .map(|i| {
                                    let mut o =
                                        json!({ "text": words(&mut rng, 3, 10), "why": sentence(&mut rng, 50) });
                                    if i == right || (!single && rng.chance(30)) {
                                        o["correct"] = json!(true);
                                    }
                                    if !single && rng.chance(10) {
                                        o["weight"] = json!(0.5);
                                    }
                                    o
                                })
                                .collect();
                            question["type"] = json!(if single { "single" } else { "multiple" });
                            question["options"] = json!(options);
                        }
                        2 => {
                            question["type"] = json!("true_false");
                            question["answer"] = json!(rng.chance(50));
                        }
                        _ => {
                            let categories = ["Customer", "Provider", "Shared"];
                            let items: Vec<serde_json::Value> = (0..rng.range(2, 5))
                                .map(|_| {
                                    json!({
                                        "text": words(&mut rng, 2, 5),
                                        "answer": categories[rng.below(3)],
                                        "why": sentence(&mut rng, 50),
                                    })
                                })
                                .collect();
                            question["type"] = json!("matching");
                            question["categories"] = json!(categories);
                            question["items"] = json!(items);
                        }
                    }
                    question
                })
                .collect();
            let quiz = json!({
                "$schema": "../assets/quiz.schema.json",
                "format": 1,
                "title": format!("Bank part {}", f + 1),
                "lesson": lesson_ids[f % lesson_ids.len()],
                "questions": questions,
            });
            let bytes = serde_json::to_vec_pretty(&quiz).unwrap_or_default();
            (format!("quizzes/bank-{:02}.json", f + 1), bytes)
        })
        .collect()
}

// ----- building the app on a document -----

fn course_with(text: &str) -> Course {
    Course {
        title: "Bench".to_string(),
        origin: CourseOrigin::Dir(PathBuf::from("bench")),
        lessons: vec![Lesson {
            id: "doc".to_string(),
            title: "A generated handbook".to_string(),
            path: "doc.md".to_string(),
            text: text.to_string(),
        }],
        quizzes: Vec::new(),
        matrices: Vec::new(),
        assessment: None,
        problems: Vec::new(),
        diagnostics: Vec::new(),
    }
}

/// The app with the document open in the pager, as after pressing Enter in the outline.
fn app_on(text: &str, size: (u16, u16)) -> App {
    let mut app = App::new(course_with(text), ProgressStore::in_memory(), Theme::default(), size);
    app.open_lesson(0);
    app
}

fn pager_lines(app: &App) -> usize {
    match &app.screen {
        Screen::Pager(pager) => pager.doc.len(),
        _ => 0,
    }
}

fn scroll_to(app: &mut App, line: usize) {
    if let Screen::Pager(pager) = &mut app.screen {
        pager.scroll_to(line);
    }
}

/// An app whose pager shows the same screenful as `app`'s, at the top of a small document
/// (three screenfuls, so the scrollbar is drawn too).
fn app_with_screenful_of(app: &App, size: (u16, u16)) -> App {
    let mut small = app_on("# Small", size);
    if let (Screen::Pager(big), Screen::Pager(pager)) = (&app.screen, &mut small.screen) {
        let rows = pager.view_height();
        let end = (big.top + rows).min(big.doc.len());
        let screen = big.top..end;
        let lines = screen.clone().chain(screen.clone()).chain(screen).map(|i| (big.doc.line(i), 0));
        pager.doc = markdown::Rendered::from_lines(lines);
        pager.scroll_to(0);
    }
    small
}

fn draw(app: &App, buf: &mut Buffer) {
    buf.reset();
    app.render(buf.area, buf);
}

/// Window size whose text width (see `pager::text_geometry`) is `text_width`.
fn window_for(text_width: u16, height: u16) -> (u16, u16) {
    (text_width + 3, height)
}

// ----- memory, measured in a fresh child process so nothing else inflates it -----

const CHILD_ENV: &str = "HANDOFF_BENCH_CHILD";

fn vm_hwm() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// In the child: open the document in the pager and draw one frame; print the peaks.
fn memory_child(doc_bytes: usize) {
    let doc = generated_document(doc_bytes);
    // Reset both peaks to "now": the document is held, generating it is not counted.
    // (Writing 5 to clear_refs resets VmHWM; best effort, Linux only.)
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let before = CURRENT.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let size = (100, 30);
    let app = app_on(&doc, size);
    let mut buf = Buffer::empty(Rect::new(0, 0, size.0, size.1));
    draw(&app, &mut buf);
    black_box(&buf);
    let peak = PEAK.load(Ordering::Relaxed).max(0);
    let held = CURRENT.load(Ordering::Relaxed).max(0);
    println!("heap_peak={peak} heap_held={held} doc={} rss_peak={}", doc.len(), vm_hwm().unwrap_or(0));
}

struct Memory {
    heap_peak: usize,
    heap_held: usize,
    doc: usize,
    rss_peak: usize,
}

fn memory_in_child(doc_bytes: usize) -> Option<Memory> {
    let exe = std::env::current_exe().ok()?;
    let output = Command::new(exe).env(CHILD_ENV, doc_bytes.to_string()).output().ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    let field = |name: &str| -> Option<usize> {
        text.split_whitespace().find_map(|kv| kv.strip_prefix(name)?.strip_prefix('=')?.parse().ok())
    };
    Some(Memory {
        heap_peak: field("heap_peak")?,
        heap_held: field("heap_held")?,
        doc: field("doc")?,
        rss_peak: field("rss_peak")?,
    })
}

// ----- the figures -----

const MIB: usize = 1 << 20;
const RENDER_GOAL: f64 = 3.0;
/// Peak memory with the 1 MiB document open, in bytes.
const MEMORY_GOAL: usize = 30_000_000;

/// A timed figure; `goal`, if it has one, is the most its ratio may be.
fn ratio_row(name: &str, t: &Timing, goal: Option<f64>) -> Row {
    Row {
        name: name.to_string(),
        value: ms(t.subject),
        baseline: ms(t.baseline),
        ratio: format!("{:.2}x", t.ratio),
        goal: goal.map(|g| format!("<= {g}x")).unwrap_or_default(),
        ok: goal.map(|g| t.ratio <= g),
    }
}

fn main() {
    if let Ok(bytes) = std::env::var(CHILD_ENV) {
        COUNTING.store(true, Ordering::Relaxed);
        memory_child(bytes.parse().unwrap_or(MIB));
        return;
    }
    let quick = std::env::args().any(|a| a == "--quick");
    let render_only = std::env::args().any(|a| a == "render");
    let bench = if quick {
        Bench { budget: Duration::from_millis(400), min_samples: 3 }
    } else {
        Bench { budget: Duration::from_secs(3), min_samples: 7 }
    };
    let mut rows = Vec::new();

    // Rendering: the built-in course, and a big generated document.
    let builtin = course::load_builtin();
    let lessons: Vec<&str> = builtin.lessons.iter().map(|l| l.text.as_str()).collect();
    let t = bench.compare(
        || lessons.iter().map(|text| parse_only(text)).sum::<usize>(),
        || lessons.iter().map(|text| markdown::render(text, 80)).collect::<Vec<_>>(),
    );
    let course_bytes: usize = lessons.iter().map(|l| l.len()).sum();
    rows.push(ratio_row(
        &format!("render course ({} lessons, {} KB), w80", lessons.len(), course_bytes / 1000),
        &t,
        Some(RENDER_GOAL),
    ));

    let doc = generated_document(MIB);
    let t = bench.compare(|| parse_only(&doc), || markdown::render(&doc, 80));
    rows.push(ratio_row(&format!("render 1 MiB document ({} KB), w80", doc.len() / 1000), &t, Some(RENDER_GOAL)));
    if render_only {
        println!();
        return print_table(&rows);
    }

    // Resizing: the pager re-wraps for the new width, as the app does on a resize event.
    let mut app = app_on(&doc, window_for(100, 30));
    let mut wide = false;
    let t = bench.compare(
        || parse_only(&doc),
        || {
            let (w, h) = window_for(if wide { 100 } else { 80 }, 30);
            wide = !wide;
            app.update(Message::Resize(w, h));
        },
    );
    rows.push(ratio_row("resize 1 MiB document (w100 <-> w80)", &t, None));

    // One frame of the pager at the top, middle and end of the document. What a frame
    // costs depends on what is on screen (a table costs more than prose), so each frame
    // is compared with the same screenful at the top of a small document: a ratio near 1
    // means drawing does not depend on where in a long document the reader is.
    let size = (100, 30);
    let mut app = app_on(&doc, size);
    let lines = pager_lines(&app);
    let mut buf = Buffer::empty(Rect::new(0, 0, size.0, size.1));
    let mut small_buf = Buffer::empty(Rect::new(0, 0, size.0, size.1));
    let mut frame_times = Vec::new();
    for (name, line) in [("top", 0), ("middle", lines / 2), ("end", usize::MAX)] {
        scroll_to(&mut app, line);
        let small = app_with_screenful_of(&app, size);
        let t = bench.compare(|| draw(&small, &mut small_buf), || draw(&app, &mut buf));
        frame_times.push(t.subject);
        rows.push(Row {
            name: format!("pager frame 100x30, {name} of {lines} lines"),
            value: ms(t.subject),
            baseline: format!("{} (same, small doc)", ms(t.baseline)),
            ratio: format!("{:.2}x", t.ratio),
            goal: "<= 1.5x, < 1 ms".to_string(),
            ok: Some(t.ratio <= 1.5 && t.subject < Duration::from_millis(1)),
        });
    }
    for (name, i) in [("middle", 1), ("end", 2)] {
        rows.push(Row {
            name: format!("pager frame, {name} / top (content differs)"),
            value: ms(frame_times[i]),
            baseline: format!("{} (top)", ms(frame_times[0])),
            ratio: format!("{:.2}x", frame_times[i].as_secs_f64() / frame_times[0].as_secs_f64()),
            goal: String::new(),
            ok: None,
        });
    }
    drop(app);

    // Quiz bank: load and validate as the app does, against serde_json's parse alone.
    let lesson_ids: Vec<String> = builtin.lessons.iter().map(|l| l.id.clone()).collect();
    let bank = generated_quiz_bank(10, 1000, &lesson_ids);
    let bank_bytes: usize = bank.iter().map(|(_, b)| b.len()).sum();
    let mut loaded = 0;
    let t = bench.compare(
        || bank.iter().map(|(_, bytes)| serde_json::from_slice::<serde_json::Value>(bytes).ok()).collect::<Vec<_>>(),
        || {
            let loaded_now = handoff::quiz::load::load_quizzes(&bank, &lesson_ids, false);
            loaded = loaded_now.0.iter().map(|q| q.file.questions.len()).sum::<usize>();
            loaded_now
        },
    );
    let name = format!("load+validate {loaded} questions ({:.1} MB)", bank_bytes as f64 / 1e6);
    let mut row = ratio_row(&name, &t, Some(3.0));
    row.goal = "<= 3x, < 100 ms".to_string();
    row.ok = Some(t.ratio <= 3.0 && t.subject < Duration::from_millis(100) && loaded == 10_000);
    rows.push(row);

    // Start-up: load the built-in course as `main` does, then draw the first frame (the
    // outline). Baseline: parsing the same files with pulldown-cmark and serde_json.
    let (quiz_files, matrix_files) = course::quiz_and_matrix_files(&CourseOrigin::Builtin);
    let json_files: Vec<Vec<u8>> = quiz_files
        .into_iter()
        .chain(matrix_files)
        .chain(course::assessment_file(&CourseOrigin::Builtin))
        .map(|(_, bytes)| bytes)
        .collect();
    let t = bench.compare(
        || {
            let events: usize = lessons.iter().map(|text| parse_only(text)).sum();
            let values: Vec<_> =
                json_files.iter().map(|bytes| serde_json::from_slice::<serde_json::Value>(bytes).ok()).collect();
            (events, values)
        },
        || {
            let course = course::load_builtin();
            let app = App::new(course, ProgressStore::in_memory(), Theme::default(), (100, 30));
            let mut terminal = match Terminal::new(TestBackend::new(100, 30)) {
                Ok(terminal) => terminal,
                Err(error) => panic!("test terminal: {error}"),
            };
            let drawn = terminal.draw(|frame| frame.render_widget(&app, frame.area())).is_ok();
            (drawn, app, terminal)
        },
    );
    rows.push(ratio_row("start-up to first frame (built-in course, 100x30)", &t, None));

    // Memory with the document open in the pager and one frame drawn.
    match memory_in_child(MIB) {
        Some(m) => {
            // Each against the document's own size; `limit`, when there is a goal.
            let row = |name: &str, bytes: usize, limit: Option<usize>| Row {
                name: name.to_string(),
                value: mb(bytes),
                baseline: format!("{} (doc)", mb(m.doc)),
                ratio: format!("{:.1}x", bytes as f64 / m.doc as f64),
                goal: limit.map_or(String::new(), |limit| format!("< {} MB", limit / 1_000_000)),
                ok: limit.map(|limit| bytes < limit),
            };
            rows.push(row("peak heap, 1 MiB document open + frame", m.heap_peak, Some(MEMORY_GOAL)));
            rows.push(row("heap held after the frame", m.heap_held, None));
            if m.rss_peak > 0 {
                rows.push(row("peak RSS (VmHWM), same process", m.rss_peak, Some(MEMORY_GOAL)));
            }
        }
        None => eprintln!("memory: could not run the measuring child process"),
    }

    println!();
    print_table(&rows);
    println!();
    println!("Times are medians; ratios are medians of paired samples (subject / baseline, same run);");
    println!("what a timed run returns is freed after the clock stops. Baselines: pulldown-cmark parsing");
    println!("the same Markdown (render, resize); serde_json::Value parsing the same files (quiz bank);");
    println!("both over the built-in course's files (start-up); the same screenful drawn at the top of a");
    println!("small document (frames). Memory: a fresh process opens the document and draws one frame.");
}
