//! The table the harness prints: one row per figure, medians, the ratio to the baseline, the
//! target and whether it was met; and the machine it ran on.

use std::fmt::Write as _;

/// What a row is judged against.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Goal {
    /// Context only.
    None,
    /// n2o / baseline at least this.
    RatioAtLeast(f64),
    /// n2o's own figure at most this (in the row's unit).
    AtMost(f64),
}

/// One figure: n2o's median, the baseline's, and the target.
#[derive(Clone, Debug)]
pub(crate) struct Row {
    pub(crate) metric: String,
    pub(crate) unit: &'static str,
    pub(crate) n2o: f64,
    pub(crate) baseline: Option<f64>,
    pub(crate) goal: Goal,
}

impl Row {
    pub(crate) fn new(metric: impl Into<String>, unit: &'static str, n2o: f64) -> Row {
        Row { metric: metric.into(), unit, n2o, baseline: None, goal: Goal::None }
    }

    pub(crate) fn vs(mut self, baseline: f64) -> Row {
        self.baseline = Some(baseline);
        self
    }

    pub(crate) fn goal(mut self, goal: Goal) -> Row {
        self.goal = goal;
        self
    }

    fn ratio(&self) -> Option<f64> {
        self.baseline.filter(|b| *b > 0.0).map(|b| self.n2o / b)
    }

    fn verdict(&self) -> (String, &'static str) {
        match self.goal {
            Goal::None => (String::new(), ""),
            Goal::RatioAtLeast(min) => {
                let met = self.ratio().is_some_and(|r| r >= min);
                (format!(">= {min}x"), if met { "met" } else { "MISSED" })
            }
            Goal::AtMost(max) => {
                let met = self.n2o <= max;
                (format!("<= {} {}", num(max), self.unit), if met { "met" } else { "MISSED" })
            }
        }
    }
}

/// `12,345` for big figures, `12.3` / `1.23` for small ones.
pub(crate) fn num(x: f64) -> String {
    if !x.is_finite() {
        return "-".into();
    }
    if x.abs() >= 1000.0 {
        let digits = format!("{:.0}", x.abs());
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        if x < 0.0 { format!("-{out}") } else { out }
    } else if x.abs() >= 100.0 {
        format!("{x:.0}")
    } else if x.abs() >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    }
}

/// The table, as Markdown (it goes into BENCHMARKS.md as it is).
pub(crate) fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| figure | unit | n2o | baseline | n2o/baseline | target | |\n|---|---|---:|---:|---:|---|---|\n",
    );
    for row in rows {
        let (target, verdict) = row.verdict();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            row.metric,
            row.unit,
            num(row.n2o),
            row.baseline.map_or_else(|| "-".into(), num),
            row.ratio().map_or_else(|| "-".into(), |r| format!("{r:.2}")),
            target,
            verdict,
        );
    }
    out
}

/// `nproc`, the CPU model, memory, and the load average now.
pub(crate) fn machine() -> String {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name").map(|m| m.trim_start_matches([' ', '\t', ':'])))
        .unwrap_or("unknown CPU");
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem_gib = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0 / 1024.0);
    format!("{cpus} CPUs ({model}), {mem_gib:.1} GiB RAM, load average {}", load_average())
}

/// The first three fields of `/proc/loadavg`.
pub(crate) fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}
