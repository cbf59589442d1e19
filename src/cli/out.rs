//! Writing to stdout without panicking: `println!` panics when stdout is a closed pipe
//! (`scimgate list | head`); these macros drop the write error instead, since a reader that
//! went away wants no more output.

/// `println!` that ignores a closed stdout.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// `print!` that ignores a closed stdout.
macro_rules! out_inline {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let mut o = std::io::stdout();
        let _ = write!(o, $($arg)*);
        let _ = o.flush();
    }};
}
