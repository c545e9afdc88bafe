//! Lexicon loading, lint and compiling: no panic, every diagnostic has file and line.
//! The checks live in `canonym::checks` so that `tests/fuzz_replay.rs` runs the same ones.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| canonym::checks::fuzz_lexicon(data));
