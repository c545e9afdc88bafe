//! Resolving: no panic, and every alias resolves to its entity (or lists it).
//! The checks live in `canonym::checks` so that `tests/fuzz_replay.rs` runs the same ones.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| canonym::checks::fuzz_resolve(data));
