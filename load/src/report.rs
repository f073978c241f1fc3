//! The Markdown report: the machine, the command, the book, one row per scenario with its
//! goal and whether it was met; written between markers into a file (docs/performance.md).

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Context;

use crate::runner::Measured;

pub const BEGIN: &str = "<!-- lattice-load:begin -->";
pub const END: &str = "<!-- lattice-load:end -->";

/// What a scenario should reach; every scenario should also answer without errors.
#[derive(Clone, Copy, Debug, Default)]
pub struct Goal {
    pub min_per_second: Option<f64>,
    pub max_p99_ms: Option<f64>,
}

impl Goal {
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(rate) = self.min_per_second {
            parts.push(format!("≥ {} /s", thousands(rate)));
        }
        if let Some(p99) = self.max_p99_ms {
            parts.push(format!("p99 < {p99} ms"));
        }
        if parts.is_empty() {
            "no errors".to_owned()
        } else {
            parts.join(", ")
        }
    }

    pub fn met_by(&self, m: &Measured) -> bool {
        m.errors == 0
            && m.completed > 0
            && self.min_per_second.is_none_or(|r| m.per_second() >= r)
            && self.max_p99_ms.is_none_or(|p| m.percentile_ms(99.0) < p)
    }
}

pub struct Row {
    pub name: String,
    pub connections: String,
    pub goal: Goal,
    pub measured: Measured,
}

pub struct Report {
    pub heading: String,
    pub preamble: Vec<String>,
    pub rows: Vec<Row>,
    pub footer: Vec<String>,
}

impl Report {
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{}\n", self.heading);
        for line in &self.preamble {
            let _ = writeln!(out, "{line}");
        }
        out.push_str(
            "\n| scenario | connections | per second | p50 ms | p99 ms | max ms | errors | server RSS MiB | goal | met |\n\
             |---|---|---|---|---|---|---|---|---|---|\n",
        );
        for row in &self.rows {
            let m = &row.measured;
            let rss = m
                .rss_peak_kib
                .map_or("–".to_owned(), |k| format!("{:.1}", k as f64 / 1024.0));
            // In-process rows time no single request.
            let (p50, p99, max) = if m.latencies_us.is_empty() {
                ("–".to_owned(), "–".to_owned(), "–".to_owned())
            } else {
                (
                    format!("{:.2}", m.percentile_ms(50.0)),
                    format!("{:.2}", m.percentile_ms(99.0)),
                    format!("{:.1}", m.max_ms()),
                )
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {p50} | {p99} | {max} | {} | {} | {} | {} |",
                row.name,
                row.connections,
                thousands(m.per_second()),
                m.errors,
                rss,
                row.goal.describe(),
                if row.goal.met_by(m) { "yes" } else { "**no**" },
            );
        }
        out.push('\n');
        for line in &self.footer {
            let _ = writeln!(out, "{line}");
        }
        out
    }

    /// Replaces the text between [`BEGIN`] and [`END`] in `path` (appending both when
    /// absent) with this report.
    pub fn write_into(&self, path: &Path) -> anyhow::Result<()> {
        let old = std::fs::read_to_string(path).unwrap_or_default();
        let section = format!("{BEGIN}\n{}{END}", self.markdown());
        let new = match (old.find(BEGIN), old.find(END)) {
            (Some(b), Some(e)) if b < e => {
                format!("{}{section}{}", &old[..b], &old[e + END.len()..])
            }
            _ => format!("{}\n{section}\n", old.trim_end()),
        };
        std::fs::write(path, new).with_context(|| format!("writing {}", path.display()))
    }
}

/// `12345.6` as `12,346`; below 100 with one decimal.
pub fn thousands(value: f64) -> String {
    if value < 100.0 {
        return format!("{value:.1}");
    }
    let digits = format!("{value:.0}");
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measured(completed: u64, errors: u64, seconds: f64, p99_us: u32) -> Measured {
        Measured {
            completed,
            errors,
            seconds,
            latencies_us: vec![1000, p99_us],
            ..Measured::default()
        }
    }

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(thousands(15234.4), "15,234");
        assert_eq!(thousands(999.5), "1,000");
        assert_eq!(thousands(1234567.0), "1,234,567");
        assert_eq!(thousands(42.25), "42.2");
    }

    #[test]
    fn a_goal_is_met_only_without_errors_and_within_every_bound() {
        let goal = Goal {
            min_per_second: Some(100.0),
            max_p99_ms: Some(20.0),
        };
        assert!(goal.met_by(&measured(2000, 0, 10.0, 19_000)));
        assert!(!goal.met_by(&measured(999, 0, 10.0, 19_000)), "too slow");
        assert!(
            !goal.met_by(&measured(2000, 0, 10.0, 21_000)),
            "p99 too high"
        );
        assert!(!goal.met_by(&measured(2000, 1, 10.0, 19_000)), "an error");
        assert!(
            !Goal::default().met_by(&measured(0, 0, 0.0, 0)),
            "nothing ran"
        );
        assert_eq!(goal.describe(), "≥ 100 /s, p99 < 20 ms");
    }

    #[test]
    fn the_report_replaces_its_section_and_keeps_the_rest() {
        let dir = std::env::temp_dir().join(format!("lattice-load-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("perf.md");
        std::fs::write(&path, format!("# Top\n\n{BEGIN}\nold\n{END}\n\n## After\n"))
            .expect("write");
        let report = Report {
            heading: "### Run".into(),
            preamble: vec!["Machine: test".into()],
            rows: vec![Row {
                name: "health".into(),
                connections: "32".into(),
                goal: Goal {
                    min_per_second: Some(10.0),
                    max_p99_ms: None,
                },
                measured: measured(200, 0, 2.0, 1500),
            }],
            footer: vec![],
        };
        report.write_into(&path).expect("written");
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.starts_with("# Top\n\n"), "{text}");
        assert!(text.ends_with("\n\n## After\n"), "{text}");
        assert!(!text.contains("old"), "{text}");
        assert!(
            text.contains("| health | 32 | 100 | 1.00 | 1.50 | 1.5 | 0 | – | ≥ 10.0 /s | yes |"),
            "{text}"
        );
        std::fs::remove_dir_all(&dir).expect("cleanup");
    }
}
