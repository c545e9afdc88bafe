use std::fmt;
use std::sync::Arc;

/// How serious a lexicon problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Worth a look; does not fail `canonym lint`.
    Warning,
    /// Must be fixed; fails `canonym lint` and loading.
    Error,
}

/// A problem in a lexicon, with the file and line it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The lexicon file.
    pub file: Arc<str>,
    /// 1-based line (0 when the problem concerns the whole file).
    pub line: u32,
    /// 1-based column in characters (0 when unknown).
    pub col: u32,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub(crate) fn error(file: &Arc<str>, line: u32, col: u32, message: String) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: file.clone(),
            line,
            col,
            message,
            help: None,
        }
    }

    pub(crate) fn warning(file: &Arc<str>, line: u32, col: u32, message: String) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, line, col, message)
        }
    }

    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match (self.line, self.col) {
            (0, _) => write!(f, "{}: {sev}: {}", self.file, self.message)?,
            (l, 0) => write!(f, "{}:{l}: {sev}: {}", self.file, self.message)?,
            (l, c) => write!(f, "{}:{l}:{c}: {sev}: {}", self.file, self.message)?,
        }
        if let Some(h) = &self.help {
            write!(f, "\n  help: {h}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}
